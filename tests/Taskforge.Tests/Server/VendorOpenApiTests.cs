using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Taskforge.Server.Faces.Htm;
using Taskforge.Server.Faces.Vco;
using Taskforge.Server.Http;
using Taskforge.Server.Http.OpenApi;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// The vendor faces' OpenAPI documents (issue 17) against the route table, over a real socket: every route a face maps is
/// in its document with the same method and template, every documented operation is a mapped route, the document reads
/// as OpenAPI with Microsoft.OpenApi's own reader, and a client generated from it gets a name per operation, a schema per
/// body and examples that fit their schemas.
/// </summary>
public sealed partial class VendorOpenApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"\{([^}:?=]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex Identifier();

    public static TheoryData<string, Face> Faces => new() { { "vco", Face.Vco }, { "htm", Face.Htm } };

    private static FaceDocument Description(Face face) => face == Face.Vco ? VcoOpenApi.Document : HtmOpenApi.Document;

    [Theory]
    [MemberData(nameof(Faces))]
    public async Task EveryMappedRoute_IsDocumented_AndEveryDocumentedRouteIsMapped(string name, Face face)
    {
        var document = await DocumentAsync(name);

        var documented = Operations(document).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var mapped = MappedRoutes(face).ToHashSet(StringComparer.Ordinal);

        Assert.True(mapped.Count >= 25, $"the {face} face maps only {mapped.Count} routes: not the real route table");
        Assert.Empty(mapped.Except(documented).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Except(mapped).Order(StringComparer.Ordinal));
        // A description left behind by a route that moved would silently describe nothing.
        Assert.Empty(Description(face).Operations.Select(o => o.Route.TrimEnd('/')).Except(mapped).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Faces))]
    public async Task Document_ReadsAsOpenApi_AndGivesAClientANamePerOperationAndASchemaPerBody(string name, Face face)
    {
        var text = await DownloadAsync(name);
        var json = JsonNode.Parse(text)!;

        var read = OpenApiDocument.Parse(text, "json");

        Assert.NotNull(read.Document);
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        var operations = Operations(read.Document!).ToList();
        var problems = new List<string>();
        foreach (var (key, operation) in operations)
        {
            if (operation.OperationId is not { } id || !Identifier().IsMatch(id))
            {
                problems.Add($"{key}: operationId '{operation.OperationId}' is not an identifier");
            }

            if (string.IsNullOrWhiteSpace(operation.Summary) || operation.Tags is not { Count: > 0 })
            {
                problems.Add($"{key}: no summary or tag");
            }

            var success = operation.Responses?.Where(r => r.Key.StartsWith('2')).ToList() ?? [];
            if (success.Count != 1)
            {
                problems.Add($"{key}: {success.Count} success responses");
            }

            // A GET answers a body; a body is a schema per media type.
            if (key.StartsWith("GET ", StringComparison.Ordinal) && success.All(r => r.Value.Content is not { Count: > 0 }))
            {
                problems.Add($"{key}: a GET without a response body");
            }

            var bodies = (operation.Responses ?? []).SelectMany(r => r.Value.Content ?? new Dictionary<string, OpenApiMediaType>())
                .Concat(operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>());
            problems.AddRange(bodies.Where(b => b.Value.Schema is null).Select(b => $"{key}: {b.Key} without a schema"));
            if (operation.Responses?.TryGetValue("default", out var error) != true || error!.Content?.ContainsKey("application/json") != true)
            {
                problems.Add($"{key}: no error response");
            }
        }

        var ids = operations.Select(o => o.Operation.OperationId).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(problems);
        Assert.Empty(ExamplesOutsideTheirSchemas(json));
        Assert.True(CountExamples(json) >= 15, $"{name}: only {CountExamples(json)} examples");
        Assert.Contains(face == Face.Vco ? "/vco/api/tasks" : "/rest/bpm/htm/v1/task/{tkiid}", json["paths"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Documents_AreAnonymous_AndSayWhichRoutesNeedCredentials()
    {
        var vco = JsonNode.Parse(await DownloadAsync("vco"))!;
        var htm = JsonNode.Parse(await DownloadAsync("htm"))!;

        // Basic and bearer for the document as a whole; the service list and the vRO 8 logins need none.
        Assert.Equal(["basic", "bearer"], vco["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)));
        Assert.Equal(["basic", "bearer"], htm["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)));
        Assert.Empty(vco["paths"]!["/csp/gateway/am/api/login"]!["post"]!["security"]!.AsArray());
        Assert.Empty(vco["paths"]!["/vco/api"]!["get"]!["security"]!.AsArray());
        Assert.Null(vco["paths"]!["/vco/api/tasks"]!["post"]!["security"]);
        Assert.Equal("#/components/schemas/Task", htm["paths"]!["/rest/bpm/htm/v1/task/{tkiid}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    private async Task<string> DownloadAsync(string name)
    {
        using var anonymous = fixture.Server.Anonymous();
        var response = await anonymous.GetAsync($"openapi/{name}.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private async Task<OpenApiDocument> DocumentAsync(string name)
    {
        var read = OpenApiDocument.Parse(await DownloadAsync(name), "json");
        return read.Document ?? throw new InvalidOperationException($"{name}.json does not read as OpenAPI");
    }

    private static IEnumerable<(string Key, OpenApiOperation Operation)> Operations(OpenApiDocument document) =>
        document.Paths.SelectMany(p => (p.Value.Operations ?? []).Select(o => ($"{o.Key.Method.ToUpperInvariant()} {p.Key}", o.Value)));

    // The route table as the documents spell it: no trailing slash (vRO clients send one; routing ignores it), parameters
    // without their constraints.
    private IEnumerable<string> MappedRoutes(Face face)
    {
        var builder = (IEndpointRouteBuilder)fixture.Server.App;
        foreach (var endpoint in builder.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (FaceRoots.Of(pattern) != face)
            {
                continue;
            }

            var path = RouteParameter().Replace(pattern, "{$1}").TrimEnd('/');
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return $"{method} {path}";
            }
        }
    }

    private static int CountExamples(JsonNode document) =>
        Descendants(document).Count(n => n is JsonObject o && o.ContainsKey("example") && o.ContainsKey("schema"));

    // An example whose top-level properties the schema does not name would teach a client a shape it cannot read.
    private static IEnumerable<string> ExamplesOutsideTheirSchemas(JsonNode document)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var media in Descendants(document).OfType<JsonObject>().Where(o => o["example"] is JsonObject && o["schema"]?["$ref"] is not null))
        {
            var name = media["schema"]!["$ref"]!.GetValue<string>().Split('/')[^1];
            if (schemas[name]?["properties"] is not JsonObject properties)
            {
                continue; // a free-form object
            }

            foreach (var property in media["example"]!.AsObject().Where(p => !properties.ContainsKey(p.Key)))
            {
                yield return $"{name}: example property '{property.Key}' is not in the schema";
            }
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
