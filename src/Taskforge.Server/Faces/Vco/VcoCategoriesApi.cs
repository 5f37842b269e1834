using System.Text.Json.Serialization;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// Workflow categories as vRO clients read them: <c>GET /categories</c> (vRDT asks <c>?isRoot=true&amp;categoryType=WorkflowCategory</c>),
/// <c>GET /categories/{id}</c> (the category with its workflows as <c>relations.link[rel=down]</c>, the shape vRDT and
/// Terraform's provider read; what <c>categoryHref</c> of <c>GET /workflows</c> points to), and PowervRO's
/// <c>GET /catalog/System/WorkflowCategory/{id}/workflows</c>. Taskforge's categories are flat (every one is a root) and
/// hold workflows only; a category the caller sees no workflow of is 404.
/// </summary>
public static class VcoCategoriesApi
{
    private const string WorkflowCategoryType = "WorkflowCategory";

    public static RouteGroupBuilder MapVcoCategories(this RouteGroupBuilder vco, VcoServices services)
    {
        services.Add("/categories/", "Workflow categories");

        vco.MapGet("/categories", async (HttpContext context, WorkflowService workflows, Hrefs hrefs, string? categoryType) =>
        {
            // Only workflow categories exist here: asking for action or configuration categories finds none.
            var categories = categoryType is null || categoryType.Equals(WorkflowCategoryType, StringComparison.OrdinalIgnoreCase)
                ? await workflows.CategoriesAsync(context.Caller(), context.RequestAborted)
                : [];
            var items = categories.Select(c => (Href(context, hrefs, c.Id), (IReadOnlyList<VcoNameValue>)
            [
                new("id", c.Id),
                new("name", c.Name),
                new("type", WorkflowCategoryType),
                new("description", ""),
                new("path", c.Name),
            ]));
            return Results.Json(VcoListQuery.From(context.Request.Query).Apply(items), WireJson.Options);
        });

        vco.MapGet("/categories/{id}", async (HttpContext context, WorkflowService workflows, Hrefs hrefs, string id) =>
        {
            var category = await workflows.CategoryAsync(context.Caller(), id, context.RequestAborted);
            var self = Href(context, hrefs, category.Id);
            VcoLink[] links =
            [
                new(hrefs.To(context, FaceRoots.VcoRoot + "/categories/"), "up"),
                .. category.Workflows.Select(v => new VcoLink(VcoWorkflowsApi.Href(context, hrefs, v.Definition.Id), "down",
                [
                    new("id", v.Definition.Id),
                    new("name", v.Definition.Name),
                    new("type", "Workflow"),
                    new("description", v.Definition.Description ?? ""),
                    new("version", v.Definition.Version),
                ])),
            ];
            return Results.Json(new VcoCategory(category.Id, category.Name, "", WorkflowCategoryType, category.Name, [category.Id], self,
                new VcoRelations(category.Workflows.Count, links)), WireJson.Options);
        });

        vco.MapGet("/catalog/System/WorkflowCategory/{id}/workflows", async (HttpContext context, WorkflowService workflows, Hrefs hrefs, string id) =>
            VcoWorkflowsApi.List(context, hrefs, (await workflows.CategoryAsync(context.Caller(), id, context.RequestAborted)).Workflows));

        return vco;
    }

    /// <summary>The absolute href of a category, ending in <c>/</c>.</summary>
    internal static string Href(HttpContext context, Hrefs hrefs, string id) =>
        hrefs.To(context, $"{FaceRoots.VcoRoot}/categories/{Uri.EscapeDataString(id)}/");

    private sealed record VcoRelations(int Total, IReadOnlyList<VcoLink> Link);

    private sealed record VcoCategory(
        string Id, string Name, string Description, string Type, string Path,
        [property: JsonPropertyName("path-ids")] IReadOnlyList<string> PathIds, string Href, VcoRelations Relations);
}
