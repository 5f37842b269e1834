using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Work-item transfer (ibm-bpm-htm.md §3.5, §3.4, §6.5): <c>PUT /task/{tkiid}/role/{role}?action=transfer</c> with
/// <c>toUser</c> (and optionally <c>fromUser</c>) or <c>fromGroup</c> and <c>toGroup</c>, and the same for several tasks
/// at once on <c>PUT /task/role/{role}</c> with <c>{"taskIDs":[…]}</c>. Who may move which work item to whom is the
/// engine's; one task answers the Task JSON as the other actions do, the bulk form IBM's <c>failedOperations</c>.
/// </summary>
public static class HtmTransferApi
{
    public static RouteGroupBuilder MapHtmTransfer(this RouteGroupBuilder htm)
    {
        htm.MapPut("/task/{tkiid}/role/{role}", async (HttpContext context, TaskPeopleService tasks, string tkiid, string role) =>
        {
            var transfer = Read(context, role);
            var view = await transfer(tasks, context.Caller(), tkiid, context.RequestAborted);
            return Results.Json(HtmTaskJson.Write(view, HtmTasksApi.Locale(context)), WireJson.Options);
        });

        htm.MapPut("/task/role/{role}", async (HttpContext context, TaskPeopleService tasks, string role) =>
        {
            var transfer = Read(context, role);
            var ids = HtmParameters.Ids(await HtmParameters.JsonBodyAsync(context, "the task ids"), "taskIDs");
            var caller = context.Caller();
            return await HtmBulkApi.EachAsync(ids, id => transfer(tasks, caller, id, context.RequestAborted));
        });

        return htm;
    }

    private delegate Task<TaskView> Transfer(TaskPeopleService tasks, Engine.Identity.Caller caller, string tkiid, CancellationToken ct);

    // Parameters are read (and refused) once, before any task is touched.
    private static Transfer Read(HttpContext context, string roleName)
    {
        var action = HtmParameters.Required(context, "action");
        if (action != "transfer")
        {
            throw HtmParameters.Unsupported("action", action, "transfer");
        }

        var role = HtmTaskPeopleApi.RoleOf(roleName);
        var fromUser = HtmParameters.Optional(context, "fromUser");
        var toUser = HtmParameters.Optional(context, "toUser");
        var fromGroup = HtmParameters.Optional(context, "fromGroup");
        var toGroup = HtmParameters.Optional(context, "toGroup");
        return (tasks, caller, tkiid, ct) => tasks.TransferAsync(caller, tkiid, role, fromUser, toUser, fromGroup, toGroup, ct);
    }
}
