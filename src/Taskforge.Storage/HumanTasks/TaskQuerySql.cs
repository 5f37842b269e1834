using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Taskforge.Storage.Rows;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.HumanTasks.Tasks;

namespace Taskforge.Storage.HumanTasks;

/// <summary>
/// Builds the SQL of a task query: the caller's visibility through their work items (user, groups, everybody), the
/// where-clause translated through <see cref="WhereClauseSql"/> against IBM's TASK, WORK_ITEM and TASK_CPROP columns
/// (every literal a parameter), the order and the page. Column names come only from the maps here.
/// </summary>
internal static partial class TaskQuerySql
{
    /// <summary>IBM's TASK view columns → ours; the only columns an order may name.</summary>
    public static IReadOnlyDictionary<string, string> TaskColumns { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
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

    /// <summary>
    /// Every column a where-clause may name. WORK_ITEM (alias WI) is the work item through which the caller holds the
    /// task (IBM's implicit join, D:c6bpel_querytables_predef); principals are stored in lower case. Each custom-property
    /// correlation name (TASK_CPROP, TASK_CPROP1, TASK_CPROP2…) is its own join, so two property tests can meet.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Columns { get; } = new Dictionary<string, string>(TaskColumns, StringComparer.OrdinalIgnoreCase)
    {
        ["WORK_ITEM.REASON"] = "v.reason", ["WORK_ITEM.KIND"] = "v.kind", ["WORK_ITEM.OBJECT_ID"] = "v.task_id", ["WORK_ITEM.CREATION_TIME"] = "v.created_at",
        ["WORK_ITEM.OWNER_ID"] = "(CASE WHEN v.kind = 2 THEN v.principal END)", ["WORK_ITEM.GROUP_NAME"] = "(CASE WHEN v.kind = 3 THEN v.principal END)",
        ["WORK_ITEM.EVERYBODY"] = "(CASE WHEN v.kind = 1 THEN 1 ELSE 0 END)",
        ["TASK_CPROP.NAME"] = "cp.name", ["TASK_CPROP.STRING_VALUE"] = "cp.value", ["TASK_CPROP.TKIID"] = "cp.task_id",
        ["TASK_CPROP{N}.NAME"] = "cp{n}.name", ["TASK_CPROP{N}.STRING_VALUE"] = "cp{n}.value", ["TASK_CPROP{N}.TKIID"] = "cp{n}.task_id",
    };

    // Columns that may hold NULL; their order is made explicit (NULL last ascending, first descending, as PostgreSQL
    // does by default), because SQLite's default is the opposite and the dialects must agree.
    private static readonly HashSet<string> NotNull = new(StringComparer.Ordinal)
    {
        "t.id", "t.template_id", "t.name", "t.namespace", "t.kind", "t.state", "t.suspended", "t.escalated", "t.waiting_for_subtask", "t.is_read",
        "t.business_relevant", "t.priority", "t.originator", "t.position", "t.top_id", "t.support_autoclaim", "t.support_claim_susp",
        "t.support_delegation", "t.support_follow_on", "t.support_sub_task", "t.last_modified_at", "t.last_state_change_at",
    };

    [GeneratedRegex(@"^TASK_CPROP(?<n>\d*)\.")]
    private static partial Regex CustomPropertyColumn();

    public sealed record Sql(string Text, DynamicParameters Parameters);

    public static Sql Build(TaskQuery query, bool count)
    {
        var parameters = new DynamicParameters();
        var condition = WhereClauseSql.Translate(query.Where, Columns, query.Now, "q");
        foreach (var p in condition.Parameters)
        {
            parameters.Add(p.Name, Bind(p.Value));
        }

        var onWorkItem = condition.Columns.Any(c => c.StartsWith("WORK_ITEM.", StringComparison.Ordinal));
        var where = new List<string>();
        var states = StatePins.Of(query.Where);
        // With pinned states the caller's work items in those states are few (an inbox: the READY ones), so they drive:
        // CROSS JOIN makes SQLite, which has no statistics, start from them instead of walking every task in the state;
        // PostgreSQL plans it as the inner join it is.
        var drivingItems = !query.Visibility.Everything && !onWorkItem && states is { Count: > 0 }
            ? $"(SELECT DISTINCT v.task_id FROM work_items v WHERE {Visibility(query.Visibility, null, states, parameters)}) w CROSS JOIN "
            : null;
        if (drivingItems is not null)
        {
            where.Add("t.id = w.task_id");
        }
        else if (onWorkItem)
        {
            where.Add($"EXISTS (SELECT 1 FROM work_items v WHERE v.task_id = t.id AND {Visibility(query.Visibility, condition.Sql, states, parameters)})");
        }
        else if (!query.Visibility.Everything)
        {
            where.Add($"t.id IN (SELECT v.task_id FROM work_items v WHERE {Visibility(query.Visibility, null, states, parameters)})");
        }

        if (condition.Sql.Length > 0 && !onWorkItem)
        {
            where.Add("(" + condition.Sql + ")");
        }

        if (query.Text is { } text)
        {
            where.Add(TextSearch(text, parameters));
        }

        // Digits only (the regex), so a correlation number is safe in an alias.
        var joins = condition.Columns.Select(c => CustomPropertyColumn().Match(c)).Where(m => m.Success).Select(m => m.Groups["n"].Value).Distinct()
            .Select(n => $" JOIN task_properties cp{n} ON cp{n}.task_id = t.id").ToList();
        var from = drivingItems + "tasks t" + string.Concat(joins);
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        if (count && query.CountAtMost is { } most)
        {
            var limit = most.ToString(CultureInfo.InvariantCulture);
            return new Sql($"SELECT COUNT(*) FROM (SELECT {(joins.Count > 0 ? "DISTINCT " : "")}t.id FROM {from}{filter} LIMIT {limit}) AS c", parameters);
        }

        if (count)
        {
            return new Sql($"SELECT COUNT({(joins.Count > 0 ? "DISTINCT t.id" : "*")}) FROM {from}{filter}", parameters);
        }

        var order = string.Join(", ", query.OrderBy.Select(OrderKey));
        var orderBy = " ORDER BY " + (order.Length == 0 ? "t.created_at, t.id" : order + ", t.id");
        var distinct = joins.Count > 0 ? "DISTINCT " : "";
        return new Sql(
            $"SELECT {distinct}{Prefixed()} FROM {from}{filter}{orderBy} LIMIT {query.Size.ToString(CultureInfo.InvariantCulture)} OFFSET {query.Offset.ToString(CultureInfo.InvariantCulture)}",
            parameters);
    }

    private static string OrderKey(OrderByItem item)
    {
        var column = WhereClauseSql.TranslateOrderBy([item with { Descending = false }], TaskColumns);
        var direction = item.Descending ? " DESC" : "";
        return NotNull.Contains(column) ? column + direction : column + direction + (item.Descending ? " NULLS FIRST" : " NULLS LAST");
    }

    /// <summary>
    /// The test a work item of the caller's passes. Without a WORK_ITEM column it feeds an IN over the work items (or,
    /// with pinned states, the work items the query starts from), which lets both databases start from the caller's
    /// index entries instead of every task; with one, the where-clause joins it in an EXISTS over the same work items,
    /// so it speaks of the item that grants the task.
    /// States the where-clause pins are asked of the work items' copy too, so the index range holds only those
    /// (the inbox: the caller's READY items, not every item of every finished task).
    /// </summary>
    private static string Visibility(TaskVisibility visibility, string? workItemCondition, IReadOnlySet<int>? states, DynamicParameters parameters)
    {
        var tests = new List<string>();
        if (!visibility.Everything)
        {
            if (states is { Count: > 0 })
            {
                tests.Add($"v.state IN ({string.Join(", ", states.Order().Select(x => x.ToString(CultureInfo.InvariantCulture)))})");
            }

            if (visibility.Reasons is { Count: > 0 } reasons)
            {
                tests.Add($"v.reason IN ({string.Join(", ", reasons.Select(x => ((int)x).ToString(CultureInfo.InvariantCulture)))})");
            }

            tests.Add(Principals(visibility, parameters));
        }

        if (workItemCondition is not null)
        {
            tests.Add("(" + workItemCondition + ")");
        }

        return string.Join(" AND ", tests);
    }

    /// <summary>
    /// The caller's own, group and everybody work items, as far as <see cref="TaskVisibility.Kinds"/> lets each count.
    /// Everybody items have the principal '', so every branch is a range of the principal index; a kind left out only
    /// drops its branch, so the inbox keeps its plan.
    /// </summary>
    private static string Principals(TaskVisibility visibility, DynamicParameters parameters)
    {
        var kinds = visibility.Kinds ?? WorkItemKinds.All;
        var branches = new List<string>();
        if (kinds.Individual)
        {
            parameters.Add("VisUser", visibility.User.ToLowerInvariant());
            branches.Add("(v.principal = @VisUser AND v.kind = 2)");
        }

        var groups = kinds.Group ? visibility.Groups.Select(g => g.ToLowerInvariant()).Distinct().Select((g, i) => (Name: $"VisGroup{i}", Value: g)).ToList() : [];
        foreach (var (name, value) in groups)
        {
            parameters.Add(name, value);
        }

        if (groups.Count > 0)
        {
            branches.Add($"(v.principal IN ({string.Join(", ", groups.Select(g => "@" + g.Name))}) AND v.kind = 3)");
        }

        if (kinds.Everybody)
        {
            branches.Add("(v.principal = '' AND v.kind = 1)");
        }

        return branches.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", branches) + ")";
    }

    /// <summary>
    /// The phrase anywhere in the task's own texts, ignoring case (LIKE with its wildcards escaped), or the task's template
    /// among those whose texts hold it. SQLite lowers ASCII letters only, so there an accented capital matches itself only.
    /// </summary>
    private static string TextSearch(TaskTextSearch text, DynamicParameters parameters)
    {
        var escaped = text.Phrase.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        parameters.Add("TextPhrase", "%" + escaped + "%");
        var tests = TextColumns.Select(c => $"LOWER({c}) LIKE @TextPhrase ESCAPE '\\'").ToList();
        if (text.TemplateIds.Count > 0)
        {
            var names = text.TemplateIds.Select((id, i) => (Name: $"TextTemplate{i}", Id: id)).ToList();
            names.ForEach(n => parameters.Add(n.Name, n.Id));
            tests.Add($"t.template_id IN ({string.Join(", ", names.Select(n => "@" + n.Name))})");
        }

        return "(" + string.Join(" OR ", tests) + ")";
    }

    private static readonly string[] TextColumns =
    [
        "t.name", "t.display_name", "t.description", "t.custom_text1", "t.custom_text2", "t.custom_text3", "t.custom_text4",
        "t.custom_text5", "t.custom_text6", "t.custom_text7", "t.custom_text8",
    ];

    // Timestamps compare as Unix milliseconds, flags as 0/1, like the columns they meet.
    private static object? Bind(object? value) => value switch
    {
        DateTimeOffset instant => Instants.ToMs(instant),
        bool flag => flag ? 1L : 0L,
        _ => value,
    };

    private static string Prefixed() => string.Join(", ", TaskRow.Columns.Split(',').Select(c => "t." + c.Trim()));
}
