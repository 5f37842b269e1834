using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Native;

/// <summary>A task template version as the native API shows it; <see cref="Definition"/> only when one version is asked for.</summary>
public sealed record TaskTemplateDto(
    string Id, string Name, string Namespace, int Version, string State, string Kind, DateTimeOffset CreatedAt, string CreatedBy, JsonObject? Definition)
{
    public static TaskTemplateDto From(TemplateView view, bool withDefinition) => new(
        view.Template.Id, view.Template.Name, view.Template.Namespace, view.Version, view.IsStarted ? "started" : "stopped",
        TaskKinds.ToName(view.Template.Kind), view.CreatedAt, view.CreatedBy, withDefinition ? (JsonObject)view.Template.Document.DeepClone() : null);
}

/// <summary>
/// <c>/api/v1/task-templates</c>: every POST of a definition (JSON, or YAML) is a new version of its (namespace, name),
/// started at once; tasks keep the version they were made from. Starting and stopping are actions on a version
/// (<c>POST /{id}/start</c>, <c>POST /{id}/stop</c>) rather than a PUT of a state, because they are the only change a
/// stored version allows and IBM names them as actions too.
/// </summary>
public static class TaskTemplatesApi
{
    public static RouteGroupBuilder MapTaskTemplates(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/task-templates").WithTags("Task templates");

        templates.MapGet("/", async (HttpContext context, TaskTemplateService service, bool? all) =>
            TypedResults.Ok((await service.ListAsync(context.Caller(), newestOnly: all != true, context.RequestAborted))
                .OrderBy(v => v.Template.Namespace, StringComparer.Ordinal).ThenBy(v => v.Template.Name, StringComparer.Ordinal).ThenBy(v => v.Version)
                .Select(v => TaskTemplateDto.From(v, false)).ToList()))
            .WithSummary("The newest version of every task template, or every version with ?all=true.");

        templates.MapPost("/", async (HttpContext context, TaskTemplateService service) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            var yaml = WireFormat.YamlTypes.Any(t => WireFormat.Is(context.Request.ContentType, t));
            var view = await service.CreateAsync(context.Caller(), DefinitionDocuments.Parse(text, yaml), context.RequestAborted);
            return TypedResults.Created($"{FaceRoots.NativeRoot}/task-templates/{Uri.EscapeDataString(view.Template.Id)}", TaskTemplateDto.From(view, true));
        })
        .WithSummary("Saves a task template definition as a new version (started).")
        .Accepts<JsonObject>(WireFormat.Json, [.. WireFormat.YamlTypes])
        .WithWireFormat(WireFormat.JsonOrYamlIn);

        templates.MapGet("/{id}", async (HttpContext context, TaskTemplateService service, string id) =>
            TypedResults.Ok(TaskTemplateDto.From(await service.GetAsync(context.Caller(), id, context.RequestAborted), true)));

        templates.MapPost("/{id}/start", async (HttpContext context, TaskTemplateService service, string id) =>
            TypedResults.Ok(TaskTemplateDto.From(await service.SetStartedAsync(context.Caller(), id, started: true, context.RequestAborted), false)))
            .WithSummary("Lets tasks be created from this version again.");

        templates.MapPost("/{id}/stop", async (HttpContext context, TaskTemplateService service, string id) =>
            TypedResults.Ok(TaskTemplateDto.From(await service.SetStartedAsync(context.Caller(), id, started: false, context.RequestAborted), false)))
            .WithSummary("Stops this version: creating tasks from it is refused (IBM's CWTKA0063E); existing tasks go on.");

        return api;
    }
}
