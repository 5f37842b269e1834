using Microsoft.AspNetCore.OpenApi;
using Taskforge.Server.Faces.Htm;
using Taskforge.Server.Faces.Vco;
using Taskforge.Server.Http;
using Taskforge.Server.Http.OpenApi;

namespace Taskforge.Server.Hosting;

/// <summary>
/// The OpenAPI documents, one per API face, all served at <c>/openapi/{name}.json</c>: <c>v1</c> (the native API, its
/// shapes from its C# contracts), <c>vco</c> and <c>htm</c> (the vendor dialects, whose JSON is written by hand, so their
/// shapes come from <see cref="VcoOpenApi"/> and <see cref="HtmOpenApi"/>). Like the vendors' own published
/// descriptions they are anonymous: they say what the server accepts, never what it holds.
/// </summary>
public static class OpenApiDocuments
{
    public static IServiceCollection AddTaskforgeOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Taskforge native API";
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer<OpenApiSecurity>();
        });
        services.AddOpenApi("vco", o => AddFace(o, Face.Vco, VcoOpenApi.Document));
        services.AddOpenApi("htm", o => AddFace(o, Face.Htm, HtmOpenApi.Document));
        return services;
    }

    private static void AddFace(OpenApiOptions options, Face face, FaceDocument document)
    {
        options.ShouldInclude = d => FaceRoots.Of("/" + d.RelativePath) == face;
        var transformer = new FaceDocumentTransformer(document);
        options.AddDocumentTransformer(transformer);
        options.AddOperationTransformer(transformer);
        options.AddDocumentTransformer<OpenApiSecurity>();
    }
}
