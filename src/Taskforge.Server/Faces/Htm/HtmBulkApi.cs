using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Bulk operations, <c>PUT /task?action=update|suspend|suspendAndCancelClaim|cancel</c> (ibm-bpm-htm.md §3.4). Each task
/// is its own action (its own transaction): one that fails does not hold back the others, and is listed in
/// <c>failedOperations</c> with the IBM number it would have been answered with alone. The answer is 200 even when
/// every task failed, as IBM's pages describe. <c>claimNext</c>/<c>getNext</c> are <see cref="HtmNextTask"/>.
/// </summary>
public static class HtmBulkApi
{
    public static RouteGroupBuilder MapHtmBulk(this RouteGroupBuilder htm)
    {
        htm.MapPut("/task", async (
            HttpContext context, TaskLifecycleService tasks, TaskDataService properties, TaskQueryService queries, TaskPeopleService people, TimeProvider time) =>
        {
            var caller = context.Caller();
            var ct = context.RequestAborted;
            var action = HtmParameters.Required(context, "action");
            if (action is "claimNext" or "getNext")
            {
                return await HtmNextTask.ClaimAsync(context, queries, people, getNext: action == "getNext");
            }

            Func<string, Task> each;
            IReadOnlyList<string> ids;
            switch (action)
            {
                case "update":
                    var body = await HtmParameters.JsonBodyAsync(context, "the task ids and the Task Update");
                    ids = HtmParameters.Ids(body, "updatedTaskIDs");
                    var update = HtmTaskUpdateReader.Read(body["updatedPropertyValues"] as JsonObject
                        ?? throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.MandatoryBodyPropertyMissing,
                            "The body needs updatedPropertyValues: the Task Update for every task.", "updatedPropertyValues"));
                    each = id => properties.UpdateAsync(caller, id, update, ct);
                    break;
                case "suspend":
                    ids = HtmParameters.Ids(await HtmParameters.JsonBodyAsync(context, "the task ids"), "taskIDs");
                    var until = HtmParameters.SuspendUntil(context, time.GetUtcNow());
                    each = id => tasks.SuspendAsync(caller, id, until, ct);
                    break;
                case "suspendAndCancelClaim":
                    ids = HtmParameters.Ids(await HtmParameters.JsonBodyAsync(context, "the task ids"), "taskIDs");
                    var resumeAt = HtmParameters.SuspendUntil(context, time.GetUtcNow());
                    var keepData = HtmParameters.Flag(context, "keepTaskData", true);
                    each = id => tasks.SuspendAndCancelClaimAsync(caller, id, resumeAt, keepData, ct);
                    break;
                case "cancel":
                    ids = HtmParameters.Ids(await HtmParameters.JsonBodyAsync(context, "the task ids"), "taskIDs");
                    var keep = HtmParameters.Flag(context, "keepTaskData", false);
                    each = id => tasks.CancelClaimAsync(caller, id, keep, ct);
                    break;
                default:
                    throw HtmParameters.Unsupported("action", action, "update, suspend, suspendAndCancelClaim, cancel, claimNext, getNext");
            }

            return await EachAsync(ids, each);
        });

        return htm;
    }

    /// <summary>Runs <paramref name="action"/> on every task in turn and answers IBM's <c>failedOperations</c> for those that failed.</summary>
    public static async Task<IResult> EachAsync(IReadOnlyList<string> ids, Func<string, Task> action)
    {
        var failed = new JsonArray();
        foreach (var id in ids)
        {
            if (await FailureAsync(id, action) is { } failure)
            {
                failed.Add(failure);
            }
        }

        return Results.Json(new JsonObject { ["failedOperations"] = failed }, WireJson.Options);
    }

    // A domain error fails this task alone, with the number it would have been answered with alone (HtmErrors); anything
    // else is a real fault and goes to the exception handler.
    private static async Task<JsonObject?> FailureAsync(string id, Func<string, Task> action)
    {
        try
        {
            await action(id);
            return null;
        }
        catch (TaskforgeException ex) when (HtmErrors.Of(ex) is { } error)
        {
            return new JsonObject { ["tkiid"] = id, ["errorNumber"] = error.HtmErrorNumber, ["errorMessage"] = error.Message };
        }
    }
}
