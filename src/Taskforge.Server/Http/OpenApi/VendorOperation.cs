using System.Text.Json.Nodes;

namespace Taskforge.Server.Http.OpenApi;

/// <summary>
/// How one route of a vendor face is described: its operation id and summary, the schema (a name in the face's
/// components) of the body it reads and of the body it answers with, real examples of both, and the query parameters
/// the handler reads by hand. Media types are not here: they come from the endpoint's <see cref="WireFormat"/>.
/// </summary>
public sealed record VendorOperation(string Tag, string Id, string Summary)
{
    /// <summary>The success status; 202 and 204 without <see cref="Response"/> have no body.</summary>
    public int Status { get; init; } = 200;

    public string? Description { get; init; }

    public string? Request { get; init; }

    public bool RequestRequired { get; init; } = true;

    public string? Response { get; init; }

    public JsonNode? RequestExample { get; init; }

    public JsonNode? ResponseExample { get; init; }

    /// <summary>Query (or, for tunnelled searches, form) parameters: name, description, required.</summary>
    public IReadOnlyList<(string Name, string Description, bool Required)> Query { get; init; } = [];

    /// <summary>Response headers the client acts on, such as <c>Location</c>.</summary>
    public IReadOnlyList<(string Name, string Description)> Headers { get; init; } = [];

    public static JsonNode Example(string json) => JsonNode.Parse(json)!;
}
