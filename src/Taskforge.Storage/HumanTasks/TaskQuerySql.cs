using System.Globalization;
using Dapper;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.HumanTasks.Tasks;

namespace Taskforge.Storage.HumanTasks;

/// <summary>
/// Builds the SQL of a task query: the caller's visibility as an EXISTS over their work items (user, groups,
/// everybody), the where-clause translated through <see cref="WhereClauseSql"/> against IBM's TASK columns (every
/// literal a parameter), the order and the page. Column names come only from <see cref="Columns"/>.
/// </summary>
internal static class TaskQuerySql
{
    /// <summary>IBM's TASK view columns → ours.</summary>
    public static IReadOnlyDictionary<string, string> Columns { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["TASK.TKIID"] = "t.id", ["TASK.TKTID"] = "t.template_id", ["TASK.NAME"] = "t.name", ["TASK.NAME_SPACE"] = "t.namespace",
        ["TASK.KIND"] = "t.kind", ["TASK.STATE"] = "t.state", ["TASK.SUSPENDED"] = "t.suspended", ["TASK.IS_ESCALATED"] = "t.escalated",
        ["TASK.IS_WAIT_FOR_SUB_TK"] = "t.waiting_for_subtask", ["TASK.IS_READ"] = "t.is_read", ["TASK.BUSINESS_RELEVANCE"] = "t.business_relevant",
        ["TASK.PRIORITY"] = "t.priority", ["TASK.ORIGINATOR"] = "t.originator", ["TASK.STARTER"] = "t.starter", ["TASK.OWNER"] = "t.owner",
        ["TASK.HIERARCHY_POSITION"] = "t.position", ["TASK.PARENT_CONTEXT_ID"] = "t.parent_id", ["TASK.TOP_TKIID"] = "t.top_id",
        ["TASK.FOLLOW_ON_TKIID"] = "t.follow_on_id", ["TASK.SUPPORT_AUTOCLAIM"] = "t.support_autoclaim", ["TASK.SUPPORT_CLAIM_SUSP"] = "t.support_claim_susp",
        ["TASK.SUPPORT_DELEGATION"] = "t.support_delegation", ["TASK.SUPPORT_FOLLOW_ON"] = "t.support_follow_on", ["TASK.SUPPORT_SUB_TASK"] = "t.support_sub_task",
        ["TASK.TYPE"] = "t.type", ["TASK.ACTIVATED"] = "t.activated_at", ["TASK.FIRST_ACTIVATED"] = "t.first_activated_at", ["TASK.STARTED"] = "t.started_at",
        ["TASK.COMPLETED"] = "t.completed_at", ["TASK.LAST_MODIFIED"] = "t.last_modified_at", ["TASK.LAST_STATE_CHANGE"] = "t.last_state_change_at",
        ["TASK.DUE"] = "t.due_at", ["TASK.EXPIRES"] = "t.expires_at", ["TASK.RESUMES"] = "t.resumes_at",
        ["TASK.CUSTOM_TEXT1"] = "t.custom_text1", ["TASK.CUSTOM_TEXT2"] = "t.custom_text2", ["TASK.CUSTOM_TEXT3"] = "t.custom_text3",
        ["TASK.CUSTOM_TEXT4"] = "t.custom_text4", ["TASK.CUSTOM_TEXT5"] = "t.custom_text5", ["TASK.CUSTOM_TEXT6"] = "t.custom_text6",
        ["TASK.CUSTOM_TEXT7"] = "t.custom_text7", ["TASK.CUSTOM_TEXT8"] = "t.custom_text8",
    };

    public sealed record Sql(string Text, DynamicParameters Parameters);

    public static Sql Build(TaskQuery query, bool count)
    {
        var parameters = new DynamicParameters();
        var where = new List<string>();
        if (!query.Visibility.Everything)
        {
            where.Add(Visibility(query.Visibility, parameters));
        }

        var condition = WhereClauseSql.Translate(query.Where, Columns, query.Now, "q");
        if (condition.Sql.Length > 0)
        {
            where.Add("(" + condition.Sql + ")");
            foreach (var p in condition.Parameters)
            {
                parameters.Add(p.Name, Bind(p.Value));
            }
        }

        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        if (count)
        {
            return new Sql("SELECT COUNT(*) FROM tasks t" + filter, parameters);
        }

        var order = WhereClauseSql.TranslateOrderBy(query.OrderBy, Columns);
        var orderBy = " ORDER BY " + (order.Length == 0 ? "t.created_at, t.id" : order + ", t.id");
        return new Sql($"SELECT {Prefixed()} FROM tasks t{filter}{orderBy} LIMIT {query.Size.ToString(CultureInfo.InvariantCulture)} OFFSET {query.Offset.ToString(CultureInfo.InvariantCulture)}", parameters);
    }

    private static string Visibility(TaskVisibility visibility, DynamicParameters parameters)
    {
        parameters.Add("VisUser", visibility.User.ToLowerInvariant());
        var groups = visibility.Groups.Select((g, i) => (Name: $"VisGroup{i}", Value: g.ToLowerInvariant())).ToList();
        foreach (var (name, value) in groups)
        {
            parameters.Add(name, value);
        }

        var reasons = visibility.Reasons is { Count: > 0 } r ? $" AND v.reason IN ({string.Join(", ", r.Select(x => ((int)x).ToString(CultureInfo.InvariantCulture)))})" : "";
        var groupTest = groups.Count == 0 ? "" : $" OR (v.kind = 3 AND v.principal IN ({string.Join(", ", groups.Select(g => "@" + g.Name))}))";
        return $"EXISTS (SELECT 1 FROM work_items v WHERE v.task_id = t.id{reasons} AND ((v.kind = 2 AND v.principal = @VisUser){groupTest} OR v.kind = 1))";
    }

    // Timestamps compare as Unix milliseconds, flags as 0/1, like the columns they meet.
    private static object? Bind(object? value) => value switch
    {
        DateTimeOffset instant => Instants.ToMs(instant),
        bool flag => flag ? 1L : 0L,
        _ => value,
    };

    private static string Prefixed() => string.Join(", ", TaskRow.Columns.Split(',').Select(c => "t." + c.Trim()));
}
