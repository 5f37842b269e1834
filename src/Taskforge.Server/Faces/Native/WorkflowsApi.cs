using System.Text.Json.Nodes;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Native;

/// <summary>A workflow definition as the native API shows it.</summary>
public sealed record WorkflowDto(
    string Id, string Name, string Version, string? Category, string? Description, int Revision, DateTimeOffset SavedAt, string SavedBy,
    string Rights, JsonObject? Definition)
{
    public static WorkflowDto From(WorkflowView view, bool withDefinition) => new(
        view.Definition.Id, view.Definition.Name, view.Definition.Version, view.Definition.Category, view.Definition.Description,
        view.Revision, view.SavedAt, view.SavedBy, view.Rights.Letters, withDefinition ? view.Definition.Document : null);
}

/// <summary><c>/api/v1/workflows</c>: definitions in JSON or YAML; every PUT is a new revision.</summary>
public static class WorkflowsApi
{
    public static RouteGroupBuilder MapWorkflows(this RouteGroupBuilder api)
    {
        var workflows = api.MapGroup("/workflows").WithTags("Workflows");

        workflows.MapGet("/", async (HttpContext context, WorkflowService service) =>
            TypedResults.Ok((await service.ListAsync(context.Caller(), context.RequestAborted)).Select(v => WorkflowDto.From(v, false)).ToList()));

        workflows.MapGet("/{id}", async (HttpContext context, WorkflowService service, string id, int? revision) =>
            TypedResults.Ok(WorkflowDto.From(await service.GetAsync(context.Caller(), id, revision, context.RequestAborted), true)));

        workflows.MapPut("/{id}", async (HttpContext context, WorkflowService service, string id) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            var yaml = WireFormat.YamlTypes.Any(t => WireFormat.Is(context.Request.ContentType, t));
            var (view, created) = await service.SaveAsync(context.Caller(), id, DefinitionDocuments.Parse(text, yaml), context.RequestAborted);
            var dto = WorkflowDto.From(view, true);
            return created
                ? Results.Created($"{FaceRoots.NativeRoot}/workflows/{Uri.EscapeDataString(id)}", dto)
                : Results.Ok(dto);
        })
        .Accepts<JsonObject>(WireFormat.Json, [.. WireFormat.YamlTypes])
        .WithWireFormat(WireFormat.JsonOrYamlIn);

        workflows.MapDelete("/{id}", async (HttpContext context, WorkflowService service, string id) =>
        {
            await service.DeleteAsync(context.Caller(), id, context.RequestAborted);
            return TypedResults.NoContent();
        });

        return api;
    }
}
