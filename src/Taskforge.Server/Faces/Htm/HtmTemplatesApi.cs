using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Task templates as IBM clients read them (ibm-bpm-htm.md §3.7): one version, a filtered list, and the empty input or
/// output message a create form starts from. <c>GET /taskTemplates</c> takes simple filters rather than IBM's query
/// tables (those are the query endpoints' business): <c>name</c>, <c>namespace</c> and <c>state</c> (STATE_STARTED or
/// STATE_STOPPED), all exact; every version is listed, newest first within a name, as each has its own tktid.
/// </summary>
public static class HtmTemplatesApi
{
    public static RouteGroupBuilder MapHtmTemplates(this RouteGroupBuilder htm)
    {
        htm.MapGet("/taskTemplate/{tktid}", async (HttpContext context, TaskTemplateService templates, string tktid) =>
            Results.Json(HtmTemplateJson.Write(await templates.GetAsync(context.Caller(), tktid, context.RequestAborted), HtmTasksApi.Locale(context)), WireJson.Options));

        htm.MapGet("/taskTemplates", async (HttpContext context, TaskTemplateService templates, string? name, string? @namespace, string? state) =>
        {
            bool? started = state switch
            {
                null or "" => null,
                "STATE_STARTED" => true,
                "STATE_STOPPED" => false,
                _ => throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.UnsupportedParameterValue,
                    $"state '{state}' is not supported; use STATE_STARTED or STATE_STOPPED.", "state", state),
            };
            var locale = HtmTasksApi.Locale(context);
            var items = (await templates.ListAsync(context.Caller(), newestOnly: false, context.RequestAborted))
                .Where(v => (string.IsNullOrEmpty(name) || v.Template.Name == name)
                    && (string.IsNullOrEmpty(@namespace) || v.Template.Namespace == @namespace)
                    && (started is null || v.IsStarted == started))
                .OrderBy(v => v.Template.Namespace, StringComparer.Ordinal).ThenBy(v => v.Template.Name, StringComparer.Ordinal).ThenByDescending(v => v.Version)
                .Select(v => (JsonNode?)HtmTemplateJson.Write(v, locale));
            return Results.Json(new JsonObject { ["identifier"] = "tktid", ["items"] = new JsonArray([.. items]) }, WireJson.Options);
        });

        htm.MapGet("/taskTemplate/{tktid}/input", async (HttpContext context, TaskTemplateService templates, string tktid) =>
            HtmBusinessData.Write(context, new TaskMessage(null, (await templates.GetAsync(context.Caller(), tktid, context.RequestAborted)).Template.Input), emptyWhenMissing: true))
            .WithWireFormat(HtmBusinessData.Format);

        htm.MapGet("/taskTemplate/{tktid}/output", async (HttpContext context, TaskTemplateService templates, string tktid) =>
            HtmBusinessData.Write(context, new TaskMessage(null, (await templates.GetAsync(context.Caller(), tktid, context.RequestAborted)).Template.Output), emptyWhenMissing: true))
            .WithWireFormat(HtmBusinessData.Format);

        return htm;
    }
}
