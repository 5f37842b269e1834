using System.Text.RegularExpressions;
using Taskforge.Engine.HumanTasks.Lifecycle;

namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>
/// The views and columns a where-clause may name (ibm-bpm-htm.md §3.2, §3.6.1, §3.8) and the symbolic constants of
/// enumerated columns (§4.2, §4.3). Views whose columns the reference does not list accept any column here; the column
/// map handed to the translator decides in the end.
/// </summary>
public static partial class QueryCatalog
{
    private static readonly Dictionary<string, string[]?> Views = new(StringComparer.Ordinal)
    {
        ["TASK"] =
        [
            "TKIID", "ACTIVATED", "APPLIC_DEFAULTS_ID", "APPLIC_NAME", "ASSIGNMENT_TYPE", "BUSINESS_RELEVANCE", "COMPLETED", "CONTAINMENT_CTX_ID",
            "CTX_AUTHORIZATION", "CUSTOM_TEXT1", "CUSTOM_TEXT2", "CUSTOM_TEXT3", "CUSTOM_TEXT4", "CUSTOM_TEXT5", "CUSTOM_TEXT6", "CUSTOM_TEXT7",
            "CUSTOM_TEXT8", "DUE", "EXPIRES", "FIRST_ACTIVATED", "FOLLOW_ON_TKIID", "HIERARCHY_POSITION", "INHERITED_AUTH", "IS_AD_HOC", "IS_CHILD",
            "IS_ESCALATED", "IS_INLINE", "IS_READ", "IS_TRANSFERRED_TO_WORK_BASKET", "INVOKED_INSTANCE_ID", "INVOKED_INSTANCE_TYPE", "IS_WAIT_FOR_SUB_TK",
            "KIND", "LAST_MODIFIED", "LAST_STATE_CHANGE", "NAME", "NAME_SPACE", "ORIGINATOR", "OWNER", "PARENT_CONTEXT_ID", "PRIORITY", "RESUMES",
            "STARTED", "STARTER", "STATE", "SUPPORT_AUTOCLAIM", "SUPPORT_CLAIM_SUSP", "SUPPORT_DELEGATION", "SUPPORT_FOLLOW_ON", "SUPPORT_SUB_TASK",
            "SUSPENDED", "TKTID", "TOP_TKIID", "TYPE", "WORK_BASKET",
        ],
        ["TASK_CPROP"] = ["TKIID", "NAME", "STRING_VALUE"],
        ["TASK_DESC"] = ["TKIID", "LOCALE", "DESCRIPTION", "DISPLAY_NAME"],
        ["WORK_ITEM"] = ["WIID", "OWNER_ID", "GROUP_NAME", "EVERYBODY", "OBJECT_TYPE", "OBJECT_ID", "ASSOC_OBJECT_TYPE", "ASSOC_OID", "REASON", "CREATION_TIME", "KIND"],
        ["ESCALATION"] = ["ESIID", "ACTION", "ACTIVATION_STATE", "ACTIVATION_TIME", "AT_LEAST_EXP_STATE", "ESCALATION_TIME", "ESTID", "FIRST_ESIID", "INCREASE_PRIORITY", "NAME", "STATE", "TKIID"],
        ["TASK_HISTORY"] = ["TKIID", "EVENT", "EVENT_TIME", "PRINCIPAL", "FROM_ID", "TO_ID", "WORK_ITEM_KIND", "REASON", "PARENT_TKIID", "ESIID", "NEXT_TIME"],
        ["ESCALATION_CPROP"] = null,
        ["ESCALATION_DESC"] = null,
        ["TASK_TEMPL"] = null,
        ["TASK_TEMPL_CPROP"] = null,
        ["TASK_TEMPL_DESC"] = null,
        ["ESC_TEMPL"] = null,
        ["ESC_TEMPL_CPROP"] = null,
        ["ESC_TEMPL_DESC"] = null,
        ["APPLICATION_COMP"] = null,
        ["WORK_BASKET"] = null,
        ["BUSINESS_CATEGORY"] = null,
    };

    // Query-table filters name WORK_ITEM attributes with the prefix WI (D:c6bpel_querytables_predef).
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal) { ["WI"] = "WORK_ITEM" };

    private static readonly Dictionary<string, Dictionary<string, int>> Constants = new(StringComparer.Ordinal)
    {
        ["TASK.STATE"] = Enum.GetValues<TaskState>().ToDictionary(TaskStates.ToIbm, s => (int)s, StringComparer.Ordinal),
        ["TASK.KIND"] = Enum.GetValues<TaskKind>().ToDictionary(TaskKinds.ToIbm, k => (int)k, StringComparer.Ordinal),
        ["TASK.HIERARCHY_POSITION"] = new(StringComparer.Ordinal) { ["HIERARCHY_POSITION_TOP_TASK"] = 0, ["HIERARCHY_POSITION_SUB_TASK"] = 1, ["HIERARCHY_POSITION_FOLLOW_ON_TASK"] = 2 },
        ["TASK.INHERITED_AUTH"] = new(StringComparer.Ordinal) { ["INHERITED_AUTH_NONE"] = 0, ["INHERITED_AUTH_ADMINISTRATOR"] = 1, ["INHERITED_AUTH_ALL"] = 3 },
        ["TASK.CTX_AUTHORIZATION"] = new(StringComparer.Ordinal) { ["AUTH_NONE"] = 0, ["AUTH_READER"] = 3 },
        ["WORK_ITEM.REASON"] = new(StringComparer.Ordinal)
        {
            ["REASON_NONE"] = 0, ["REASON_POTENTIAL_OWNER"] = 1, ["REASON_EDITOR"] = 2, ["REASON_READER"] = 3, ["REASON_OWNER"] = 4,
            ["REASON_POTENTIAL_STARTER"] = 5, ["REASON_STARTER"] = 6, ["REASON_ADMINISTRATOR"] = 7, ["REASON_POTENTIAL_SENDER"] = 8,
            ["REASON_ORIGINATOR"] = 9, ["REASON_ESCALATION_RECEIVER"] = 10, ["REASON_POTENTIAL_INSTANCE_CREATOR"] = 11,
        },
        ["WORK_ITEM.KIND"] = new(StringComparer.Ordinal) { ["WORK_ITEM_KIND_EVERYBODY"] = 1, ["WORK_ITEM_KIND_USER"] = 2, ["WORK_ITEM_KIND_GROUP"] = 3 },
        ["ESCALATION.ACTION"] = new(StringComparer.Ordinal) { ["ACTION_CREATE_WORK_ITEM"] = 1, ["ACTION_SEND_EMAIL"] = 2, ["ACTION_CREATE_EVENT"] = 3 },
        ["ESCALATION.STATE"] = new(StringComparer.Ordinal) { ["STATE_INACTIVE"] = 1, ["STATE_WAITING"] = 2, ["STATE_ESCALATED"] = 3, ["STATE_SUPERFLUOUS"] = 4 },
        ["TASK_TEMPL.STATE"] = new(StringComparer.Ordinal) { ["STATE_STARTED"] = 1, ["STATE_STOPPED"] = 2 },
    };

    [GeneratedRegex(@"^(?<view>[A-Z_]*?_CPROP)(?<n>\d+)$")]
    private static partial Regex NumberedCustomProperty();

    /// <summary>The view a prefix stands for: itself, an alias (<c>WI</c>), or a numbered custom-property view (<c>TASK_CPROP2</c> → <c>TASK_CPROP</c>).</summary>
    public static string? ViewOf(string prefix)
    {
        if (Aliases.TryGetValue(prefix, out var aliased))
        {
            return aliased;
        }

        if (Views.ContainsKey(prefix))
        {
            return prefix;
        }

        var numbered = NumberedCustomProperty().Match(prefix);
        return numbered.Success && Views.ContainsKey(numbered.Groups["view"].Value) ? numbered.Groups["view"].Value : null;
    }

    /// <summary>Whether the view has the column; views without a published column list accept every name.</summary>
    public static bool HasColumn(string view, string column) => Views.TryGetValue(view, out var columns) && (columns is null || columns.Contains(column));

    /// <summary>IBM's number for <c>COLUMN.CONSTANT</c> (view already resolved), if the column is enumerated and knows the name.</summary>
    public static bool TryConstant(string view, string column, string name, out int value, out bool columnHasConstants)
    {
        value = 0;
        columnHasConstants = Constants.TryGetValue($"{view}.{column}", out var names);
        return names is not null && names.TryGetValue(name, out value);
    }
}
