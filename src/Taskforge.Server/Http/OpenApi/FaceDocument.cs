using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Taskforge.Server.Http.OpenApi;

/// <summary>
/// What a vendor face's OpenAPI document says beyond what ASP.NET Core finds in the route table: its title and text,
/// the schemas of its hand-written JSON, and one <see cref="VendorOperation"/> per route, keyed by method and route
/// template as the route table has them (<c>GET /vco/api/tasks/{id}</c>).
/// </summary>
public sealed record FaceDocument(
    string Title,
    string Description,
    string ErrorSchema,
    IReadOnlyDictionary<string, OpenApiSchema> Schemas,
    IReadOnlyList<(string Route, VendorOperation Operation)> Operations)
{
    /// <summary>The key of a route as the route table and this document both spell it.</summary>
    public static string Key(string method, string relativePath) => $"{method.ToUpperInvariant()} /{relativePath.TrimStart('/')}";

    /// <summary>
    /// The schemas that travel as XML too (HTM's business data). Other bodies are described as JSON only, though a face
    /// may read XML (the vRO face reads any body as XML), because their XML form is not a schema of its own.
    /// </summary>
    public IReadOnlySet<string> XmlSchemas { get; init; } = new HashSet<string>();
}

/// <summary>
/// Fills a vendor face's document from its <see cref="FaceDocument"/>: ASP.NET Core lists the routes, their path
/// parameters and anonymity; the face description adds the rest. A route the description does not know keeps only
/// what ASP.NET Core found (no operation id, no body), which the OpenAPI tests refuse.
/// </summary>
public sealed class FaceDocumentTransformer(FaceDocument face) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private readonly Dictionary<string, VendorOperation> _operations = face.Operations.ToDictionary(o => o.Route, o => o.Operation, StringComparer.Ordinal);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = face.Title;
        document.Info.Description = face.Description;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var (name, schema) in face.Schemas)
        {
            document.Components.Schemas[name] = schema;
        }

        document.Tags = new HashSet<OpenApiTag>([.. face.Operations.Select(o => o.Operation.Tag).Distinct(StringComparer.Ordinal).Select(t => new OpenApiTag { Name = t })]);
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = []; // overrides the document's Basic and bearer: the route needs no credentials
        }

        if (!_operations.TryGetValue(FaceDocument.Key(description.HttpMethod ?? "GET", description.RelativePath ?? ""), out var op))
        {
            return Task.CompletedTask;
        }

        var format = metadata.OfType<WireFormat>().LastOrDefault() ?? WireFormat.JsonOnly;
        operation.OperationId = op.Id;
        operation.Summary = op.Summary;
        operation.Description = op.Description;
        operation.Tags = new HashSet<OpenApiTagReference> { new(op.Tag, context.Document) };

        foreach (var (name, text, required) in op.Query)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = required,
                Description = text,
                Schema = Schemas.String(),
            });
        }

        if (op.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = op.RequestRequired,
                Content = MediaTypes(format.Consumes, request).ToDictionary(t => t, t => Media(request, t == WireFormat.Json ? op.RequestExample : null), StringComparer.Ordinal),
            };
        }

        operation.Responses = new OpenApiResponses();
        var success = new OpenApiResponse { Description = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(op.Status) };
        if (op.Response is { } response)
        {
            success.Content = MediaTypes(format.Produces, response).ToDictionary(t => t, t => Media(response, t == WireFormat.Json ? op.ResponseExample : null), StringComparer.Ordinal);
        }

        if (op.Headers.Count > 0)
        {
            success.Headers = op.Headers.ToDictionary(h => h.Name, h => (IOpenApiHeader)new OpenApiHeader { Description = h.Description, Schema = Schemas.String() }, StringComparer.Ordinal);
        }

        operation.Responses[op.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = success;
        operation.Responses["default"] = new OpenApiResponse
        {
            Description = "An error in the face's own format (401 without credentials, 404 for what the caller may not see).",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [WireFormat.Json] = Media(face.ErrorSchema, null) },
        };
        return Task.CompletedTask;
    }

    // The endpoint's media types for a body of this schema; JSON stands in for JSON-or-XML faces whose XML has no schema.
    private List<string> MediaTypes(IReadOnlyList<string> types, string schema)
    {
        var listed = types.Where(t => face.XmlSchemas.Contains(schema) || !WireFormat.IsXml(t)).ToList();
        return listed.Count > 0 ? listed : [WireFormat.Json];
    }

    private static OpenApiMediaType Media(string schema, System.Text.Json.Nodes.JsonNode? example) =>
        new() { Schema = Schemas.Ref(schema), Example = example?.DeepClone() };
}
