using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// What surrounds a task (ibm-bpm-htm.md §3.5): the members of a role as IBM's staff result set, the subtasks as a Task
/// List, the history, and the actions a caller may take on several tasks at once (to drive a client's buttons).
/// </summary>
public static class HtmTaskPeopleApi
{
    private static readonly Dictionary<string, TaskRole> RolesByName =
        Enum.GetValues<TaskRole>().ToDictionary(HtmTaskJson.RoleName, StringComparer.Ordinal);

    public static RouteGroupBuilder MapHtmTaskPeople(this RouteGroupBuilder htm)
    {
        htm.MapGet("/task/{tkiid}/role/{role}", async (HttpContext context, TaskPeopleService tasks, string tkiid, string role) =>
        {
            return Results.Json(StaffResultSet(await tasks.GetRoleAsync(context.Caller(), tkiid, RoleOf(role), context.RequestAborted)), WireJson.Options);
        });

        htm.MapGet("/task/{tkiid}/subtasks", async (HttpContext context, TaskHierarchyService tasks, string tkiid) =>
        {
            var locale = HtmTasksApi.Locale(context);
            var items = (await tasks.GetSubTasksAsync(context.Caller(), tkiid, context.RequestAborted)).Select(v => (JsonNode?)HtmTaskJson.Write(v, locale));
            return Results.Json(new JsonObject { ["identifier"] = "tkiid", ["items"] = new JsonArray([.. items]) }, WireJson.Options);
        });

        htm.MapGet("/task/{tkiid}/history", async (HttpContext context, TaskDataService tasks, string tkiid) =>
        {
            var events = await tasks.GetHistoryAsync(context.Caller(), tkiid, context.RequestAborted);
            return Results.Json(new JsonObject { ["tkiid"] = tkiid, ["items"] = new JsonArray([.. events.Select(e => (JsonNode?)HistoryItem(e))]) }, WireJson.Options);
        });

        htm.MapGet("/task/actions", async (HttpContext context, TaskLifecycleService tasks) =>
        {
            var ids = HtmParameters.Required(context, "taskIDs").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var only = HtmParameters.Optional(context, "actions")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            var views = (await tasks.GetManyAsync(context.Caller(), ids, context.RequestAborted)).ToDictionary(v => v.Task.Id, StringComparer.Ordinal);

            // Tasks the caller cannot see are listed without actions, so the answer has one entry per id asked for.
            var entries = ids.Distinct(StringComparer.Ordinal).Select(id => (JsonNode?)new JsonObject
            {
                ["tkiid"] = id,
                ["actions"] = new JsonArray([.. (views.TryGetValue(id, out var view) ? view.Actions : [])
                    .Select(TaskActions.ToIbm).Distinct(StringComparer.Ordinal).Where(a => only is null || only.Contains(a)).Select(a => (JsonNode?)a)]),
            });
            return Results.Json(new JsonObject { ["identifier"] = "tkiid", ["tasks"] = new JsonArray([.. entries]) }, WireJson.Options);
        });

        return htm;
    }

    /// <summary>A role by its IBM name in a path (<c>potentialOwner</c>, <c>owner</c>, …); an unknown one is CWTKA0158E.</summary>
    public static TaskRole RoleOf(string role) => RolesByName.TryGetValue(role, out var parsed)
        ? parsed
        : throw HtmParameters.Unsupported("role", role, string.Join(", ", RolesByName.Keys.Order(StringComparer.Ordinal)));

    /// <summary>IBM's staff result set: the kind of result (nobody, everybody, users, groups or both) and the ids.</summary>
    public static JsonObject StaffResultSet(IReadOnlyList<WorkItem> members)
    {
        var users = members.Where(m => m.Kind == WorkItemKind.User).Select(m => m.Principal).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var groups = members.Where(m => m.Kind == WorkItemKind.Group).Select(m => m.Principal).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var type = members.Any(m => m.Kind == WorkItemKind.Everybody) ? "RESULT_TYPE_EVERYBODY"
            : users.Count > 0 && groups.Count > 0 ? "RESULT_TYPE_USERIDS_AND_GROUPIDS"
            : users.Count > 0 ? "RESULT_TYPE_USERIDS"
            : groups.Count > 0 ? "RESULT_TYPE_GROUPIDS"
            : "RESULT_TYPE_NOBODY";
        return new JsonObject
        {
            ["staffResultSet"] = new JsonObject
            {
                ["resultType"] = type,
                ["userIDs"] = new JsonArray([.. users.Select(u => (JsonNode?)u)]),
                ["groupIDs"] = new JsonArray([.. groups.Select(g => (JsonNode?)g)]),
            },
        };
    }

    // Columns of IBM's TASK_HISTORY view (EVENT, EVENT_TIME, PRINCIPAL, FROM_ID, TO_ID, REASON, ESIID) in lower camel case.
    private static JsonObject HistoryItem(TaskEvent e)
    {
        var item = new JsonObject
        {
            ["event"] = e.Event,
            ["eventTime"] = HtmTaskJson.Instant(e.At),
            ["principal"] = e.Principal,
            ["fromID"] = e.From,
            ["toID"] = e.To,
            ["reason"] = e.Reason is { } reason ? "REASON_" + ReasonName(reason) : null,
            ["escalationID"] = e.EscalationId,
            ["detail"] = e.Detail,
        };
        return item.WithoutNulls();
    }

    private static string ReasonName(TaskRole role) => string.Concat(role.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
