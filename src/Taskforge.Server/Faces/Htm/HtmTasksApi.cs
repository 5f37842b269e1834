using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Task instances as IBM Human Task Manager clients drive them (ibm-bpm-htm.md §3.1–§3.5): create in every mode, read,
/// and the actions of <c>PUT /task/{tkiid}?action=</c>. <c>mode=sync</c> answers with the output or fault (<see cref="HtmCallAnswer"/>). Task metadata is JSON; business data XML or JSON
/// (<see cref="HtmBusinessData"/>). Every rule is the engine's; this only reads parameters and renders.
/// </summary>
public static class HtmTasksApi
{
    public static RouteGroupBuilder MapHtmTasks(this RouteGroupBuilder htm)
    {
        htm.MapPost("/task", async (HttpContext context, TaskLifecycleService tasks, HtmBusinessData data) =>
        {
            var query = context.Request.Query;
            var templateId = query["taskTemplateID"].ToString();
            if (templateId.Length == 0)
            {
                throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.MandatoryParameterMissing, "taskTemplateID is required.", "taskTemplateID");
            }

            var mode = ModeOf(query["mode"].ToString());
            var relation = query["relation"].ToString() is { Length: > 0 } r ? r : null;
            var parent = query["parentTaskID"].ToString() is { Length: > 0 } p ? p : null;
            var input = await data.ReadAsync(context);
            var view = await tasks.CreateAsync(context.Caller(), new TaskCreation(templateId, mode, relation, parent, input), context.RequestAborted);
            if (mode == TaskStartMode.Sync)
            {
                return HtmCallAnswer.Write(context, view);
            }

            return Results.Json(HtmTaskJson.Write(view, Locale(context)), WireJson.Options, statusCode: StatusCodes.Status201Created);
        }).WithWireFormat(HtmBusinessData.Format);

        htm.MapGet("/task/{tkiid}", async (HttpContext context, TaskLifecycleService tasks, string tkiid) =>
            Results.Json(HtmTaskJson.Write(await tasks.GetAsync(context.Caller(), tkiid, context.RequestAborted), Locale(context)), WireJson.Options));

        return htm;
    }

    public static TaskStartMode ModeOf(string mode) => mode switch
    {
        "" or "createOnly" => TaskStartMode.CreateOnly,
        "async" => TaskStartMode.Async,
        "sync" => TaskStartMode.Sync,
        _ => throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.UnsupportedParameterValue,
            $"mode '{mode}' is not supported; use createOnly, sync or async.", "mode", mode),
    };

    /// <summary>The first language of <c>Accept-Language</c>, for display names and descriptions.</summary>
    public static string? Locale(HttpContext context) => RequestLocale.Of(context);
}
