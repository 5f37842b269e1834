using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// <c>PUT /task/{tkiid}?action=…</c> and <c>DELETE /task/{tkiid}</c> (ibm-bpm-htm.md §3.3). IBM's pages leave most
/// answers open; Taskforge answers every action with 200 and the Task JSON as the caller now sees it (so a client sees
/// the new state and its own is*Updateable flags without a second GET), except <c>claim</c>, which IBM documents as
/// answering the input message (XML, or JSON on Accept), and <c>start&amp;mode=sync</c>, which answers like
/// <c>POST /task?mode=sync</c> (<see cref="HtmCallAnswer"/>). DELETE answers 200 with no body, as IBM's page says.
/// <c>completeWithFollowOnTask</c> is Taskforge's own: IBM has the action only in its Java API (ibm-bpm-htm.md §2 row 28).
/// </summary>
public static class HtmTaskActionsApi
{
    public const string Actions = "update, start, claim, cancel, complete, completeWithFollowOnTask, suspend, suspendAndCancelClaim, resume, terminate, restart";

    public static RouteGroupBuilder MapHtmTaskActions(this RouteGroupBuilder htm)
    {
        htm.MapPut("/task/{tkiid}", async (
            HttpContext context, TaskLifecycleService tasks, TaskHierarchyService hierarchy, TaskDataService properties, HtmBusinessData data, TimeProvider time,
            string tkiid) =>
        {
            var caller = context.Caller();
            var ct = context.RequestAborted;
            var action = HtmParameters.Required(context, "action");
            TaskView view;
            switch (action)
            {
                case "update":
                    view = await properties.UpdateAsync(caller, tkiid, HtmTaskUpdateReader.Read(await HtmParameters.JsonBodyAsync(context, "a Task Update")), ct);
                    break;
                case "start" when HtmParameters.Optional(context, "mode") == "sync":
                    RequireStandAloneStart(context);
                    return HtmCallAnswer.Write(context, await tasks.CallAsync(caller, tkiid, await data.ReadAsync(context), ct));
                case "start" when HtmParameters.Optional(context, "relation") is not null || HtmParameters.Optional(context, "parentTaskID") is not null:
                    RequireAsyncStart(context);
                    view = await hierarchy.StartAsSubTaskAsync(caller, tkiid, HtmParameters.Optional(context, "relation"), HtmParameters.Optional(context, "parentTaskID"),
                        await data.ReadAsync(context), ct);
                    break;
                case "start":
                    RequireAsyncStart(context);
                    view = await tasks.StartAsync(caller, tkiid, await data.ReadAsync(context), ct);
                    break;
                case "claim":
                    var (claimed, input) = await tasks.ClaimAsync(caller, tkiid, ct);
                    return HtmBusinessData.Write(context, new TaskMessage(input, claimed.Template.Template.Input), emptyWhenMissing: true);
                case "cancel":
                    view = await tasks.CancelClaimAsync(caller, tkiid, HtmParameters.Flag(context, "keepTaskData", false), ct);
                    break;
                case "complete":
                    view = await tasks.CompleteAsync(caller, tkiid, await data.ReadAsync(context), HtmParameters.Optional(context, "faultName"), ct);
                    break;
                case "completeWithFollowOnTask":
                    view = await hierarchy.CompleteWithFollowOnAsync(caller, tkiid, FollowOn(context), await data.ReadAsync(context), ct);
                    break;
                case "restart":
                    view = await tasks.RestartAsync(caller, tkiid, HtmParameters.Flag(context, "keepResultMessages", false), await data.ReadAsync(context), ct);
                    break;
                case "suspend":
                    view = await tasks.SuspendAsync(caller, tkiid, HtmParameters.SuspendUntil(context, time.GetUtcNow()), ct);
                    break;
                case "suspendAndCancelClaim":
                    view = await tasks.SuspendAndCancelClaimAsync(caller, tkiid, HtmParameters.SuspendUntil(context, time.GetUtcNow()),
                        HtmParameters.Flag(context, "keepTaskData", true), ct);
                    break;
                case "resume":
                    view = await tasks.ResumeAsync(caller, tkiid, ct);
                    break;
                case "terminate":
                    view = await tasks.TerminateAsync(caller, tkiid, ct);
                    break;
                default:
                    throw HtmParameters.Unsupported("action", action, Actions);
            }

            return Results.Json(HtmTaskJson.Write(view, HtmTasksApi.Locale(context)), WireJson.Options);
        }).WithWireFormat(HtmBusinessData.Format);

        htm.MapDelete("/task/{tkiid}", async (HttpContext context, TaskLifecycleService tasks, string tkiid) =>
        {
            await tasks.DeleteAsync(context.Caller(), tkiid, context.RequestAborted);
            return Results.Ok();
        });

        return htm;
    }

    // PUT start has no createOnly: without mode it starts, as mode=async does.
    private static void RequireAsyncStart(HttpContext context)
    {
        if (HtmParameters.Optional(context, "mode") is { } mode && mode != "async")
        {
            throw HtmParameters.Unsupported("mode", mode, "async, sync");
        }
    }

    // IBM: relation=subTask only with mode=async (ibm-bpm-htm.md §3.3); sync calls a stand-alone invocation task.
    private static void RequireStandAloneStart(HttpContext context)
    {
        if (HtmParameters.Optional(context, "relation") is not null || HtmParameters.Optional(context, "parentTaskID") is not null)
        {
            throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.InvalidParameterSet,
                "mode=sync calls a stand-alone invocation task; relation and parentTaskID go with mode=async.", "mode");
        }
    }

    // The follow-on is made from a template (followOnTaskTemplateID) or is an existing INACTIVE task (followOnTaskID), never both.
    private static string FollowOn(HttpContext context) =>
        (HtmParameters.Optional(context, "followOnTaskTemplateID"), HtmParameters.Optional(context, "followOnTaskID")) switch
        {
            ({ } template, null) => template,
            (null, { } task) => task,
            _ => throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.InvalidParameterSet,
                "completeWithFollowOnTask needs followOnTaskTemplateID (a new task from that template) or followOnTaskID (an INACTIVE task), not both.",
                "followOnTaskTemplateID", "followOnTaskID"),
        };
}
