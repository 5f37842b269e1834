using System.Text.Json.Serialization;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// Workflows as vRO clients read them (vro.md §2.2, §3.4): the list, one workflow, its content, its presentation,
/// the catalog and permissions. A caller without the view right gets 404, never 403.
/// </summary>
public static class VcoWorkflowsApi
{
    public static RouteGroupBuilder MapVcoWorkflows(this RouteGroupBuilder vco, VcoServices services)
    {
        services.Add("/workflows/", "Workflows");
        services.Add("/catalog/", "Catalog of workflows");

        vco.MapGet("/workflows", (HttpContext context, WorkflowService workflows, Hrefs hrefs) => ListAsync(context, workflows, hrefs));
        vco.MapGet("/catalog/System/Workflow", (HttpContext context, WorkflowService workflows, Hrefs hrefs) => ListAsync(context, workflows, hrefs));

        vco.MapGet("/workflows/{id}", async (HttpContext context, WorkflowService workflows, Hrefs hrefs, string id) =>
        {
            var view = await workflows.GetAsync(context.Caller(), id, null, context.RequestAborted);
            var self = Href(context, hrefs, id);
            var d = view.Definition;
            return Results.Json(new VcoWorkflow(d.Id, d.Name, d.Version, d.Description ?? "", false, self,
                [.. d.Inputs.Select(Parameter)], [.. d.Outputs.Select(Parameter)],
                new VcoRelations([
                    new VcoLink(hrefs.To(context, FaceRoots.VcoRoot + "/catalog/System/Workflow/"), "up"),
                    new VcoLink(self + "executions/", "executions"),
                    new VcoLink(self + "executions/", "add"),
                    new VcoLink(self + "presentation/", "presentation"),
                    new VcoLink(self + "tasks/", "tasks"),
                    new VcoLink(self + "permissions/", "permissions"),
                    new VcoLink(self + "content/", "content"),
                ])), WireJson.Options);
        });

        vco.MapGet("/workflows/{id}/content", async (HttpContext context, WorkflowService workflows, string id) =>
        {
            var d = (await workflows.GetAsync(context.Caller(), id, null, context.RequestAborted)).Definition;
            return Results.Json(new VcoContent(d.Id, d.Name, d.Version, d.Name, d.Description ?? "",
                new VcoParams([.. d.Inputs.Select(Parameter)]), new VcoParams([.. d.Outputs.Select(Parameter)]),
                [.. d.Attributes.Select(a => new VcoParameterInfo(a.Name, a.Type.ToString(), a.Description ?? ""))],
                [.. d.Steps.Select(s => new VcoItem(s.Id, s.DisplayName, s.Kind.ToString().ToLowerInvariant()))]), WireJson.Options);
        });

        vco.MapGet("/workflows/{id}/presentation", async (HttpContext context, WorkflowService workflows, string id) =>
        {
            var d = (await workflows.GetAsync(context.Caller(), id, null, context.RequestAborted)).Definition;
            var fields = d.Inputs.Select(p => new VcoField(p.Name, p.Name, p.Type.ToString(), p.Description ?? "",
                p.Required ? [new VcoConstraint("mandatory")] : [])).ToList();
            return Results.Json(new VcoPresentation(d.Id, d.Name, [new VcoStepWrapper(new VcoStep("Inputs", [new VcoGroup("Inputs", fields)]))]), WireJson.Options);
        });

        vco.MapGet("/workflows/{id}/permissions", async (HttpContext context, WorkflowService workflows, Hrefs hrefs, string id) =>
        {
            var view = await workflows.GetAsync(context.Caller(), id, null, context.RequestAborted);
            return Results.Json(VcoPermissions.List(Href(context, hrefs, id), view.Definition.Permissions), WireJson.Options);
        });

        vco.MapPost("/workflows/{id}/permissions", async (HttpContext context, WorkflowService workflows, VcoBody body, Hrefs hrefs, string id) =>
        {
            var added = VcoPermissions.ReadList(await body.ReadAsync(context));
            var saved = await workflows.AddPermissionsAsync(context.Caller(), id, added, context.RequestAborted);
            return Results.Json(VcoPermissions.List(Href(context, hrefs, id), saved.Definition.Permissions), WireJson.Options);
        });

        vco.MapDelete("/workflows/{id}/permissions", async (HttpContext context, WorkflowService workflows, string id) =>
        {
            await workflows.SetPermissionsAsync(context.Caller(), id, [], context.RequestAborted);
            return Results.NoContent();
        });

        vco.MapDelete("/workflows/{id}/permissions/{principal}", async (HttpContext context, WorkflowService workflows, string id, string principal) =>
        {
            await workflows.RemovePermissionAsync(context.Caller(), id, principal, context.RequestAborted);
            return Results.NoContent();
        });

        return vco;
    }

    private static async Task<IResult> ListAsync(HttpContext context, WorkflowService workflows, Hrefs hrefs) =>
        List(context, hrefs, await workflows.ListAsync(context.Caller(), context.RequestAborted));

    /// <summary>Workflows in the list shape of <c>GET /workflows</c>, filtered and paged by the request's query.</summary>
    internal static IResult List(HttpContext context, Hrefs hrefs, IEnumerable<WorkflowView> views) =>
        Results.Json(VcoListQuery.From(context.Request.Query).Apply(views.Select(v => Item(context, hrefs, v))), WireJson.Options);

    // PowervRO's Get-vROWorkflow reads every one of these attributes, categoryHref included; a workflow without a category
    // has an empty categoryName and categoryHref.
    private static (string Href, IReadOnlyList<VcoNameValue> Attributes) Item(HttpContext context, Hrefs hrefs, WorkflowView v)
    {
        var href = Href(context, hrefs, v.Definition.Id);
        var category = WorkflowCategory.NameOf(v.Definition);
        return (href,
        [
            new("id", v.Definition.Id),
            new("name", v.Definition.Name),
            new("itemHref", href),
            new("categoryName", category ?? ""),
            new("categoryHref", category is null ? "" : VcoCategoriesApi.Href(context, hrefs, WorkflowCategory.IdOf(category))),
            new("canExecute", v.Rights.CanExecute ? "true" : "false"),
            new("canEdit", v.Rights.CanEdit ? "true" : "false"),
            new("customIcon", "false"),
            new("type", "Workflow"),
            new("version", v.Definition.Version),
            new("description", v.Definition.Description ?? ""),
        ]);
    }

    /// <summary>The absolute href of a workflow, ending in <c>/</c>.</summary>
    internal static string Href(HttpContext context, Hrefs hrefs, string id) =>
        hrefs.To(context, $"{FaceRoots.VcoRoot}/workflows/{Uri.EscapeDataString(id)}/");

    private static VcoParameterInfo Parameter(ParameterDefinition p) => new(p.Name, p.Type.ToString(), p.Description ?? "");

    private sealed record VcoParameterInfo(string Name, string Type, string Description);

    private sealed record VcoRelations(IReadOnlyList<VcoLink> Link);

    private sealed record VcoWorkflow(
        string Id, string Name, string Version, string Description,
        [property: JsonPropertyName("customized-icon")] bool CustomizedIcon, string Href,
        [property: JsonPropertyName("input-parameters")] IReadOnlyList<VcoParameterInfo> InputParameters,
        [property: JsonPropertyName("output-parameters")] IReadOnlyList<VcoParameterInfo> OutputParameters,
        VcoRelations Relations);

    private sealed record VcoParams(IReadOnlyList<VcoParameterInfo> Param);

    private sealed record VcoItem(string Name, [property: JsonPropertyName("display-name")] string DisplayName, string Type);

    private sealed record VcoContent(
        string Id, string Name, string Version, [property: JsonPropertyName("display-name")] string DisplayName, string Description,
        VcoParams Input, VcoParams Output, IReadOnlyList<VcoParameterInfo> Attrib,
        [property: JsonPropertyName("workflow-item")] IReadOnlyList<VcoItem> WorkflowItem);

    private sealed record VcoConstraint([property: JsonPropertyName("@type")] string Type);

    private sealed record VcoField(string Id, [property: JsonPropertyName("display-name")] string DisplayName, string Type, string Description, IReadOnlyList<VcoConstraint> Constraints);

    private sealed record VcoGroup([property: JsonPropertyName("display-name")] string DisplayName, IReadOnlyList<VcoField> Fields);

    private sealed record VcoStep([property: JsonPropertyName("display-name")] string DisplayName, IReadOnlyList<VcoGroup> Elements);

    private sealed record VcoStepWrapper(VcoStep Step);

    private sealed record VcoPresentation(string Id, string Name, IReadOnlyList<VcoStepWrapper> Steps);
}
