using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// IBM's <c>everybody</c>, <c>individual</c>, <c>group</c>, <c>inherited</c> and <c>admin</c> booleans of task queries
/// and <c>claimNext</c>/<c>getNext</c> (ibm-bpm-htm.md §3.4, §3.6). Each is <c>true</c> or <c>false</c> (any case);
/// anything else is CWTKA0158E. <c>inherited</c> selects administrator and reader rights a task inherits from an
/// enclosing process or parent; Taskforge's tasks inherit none (their roles are materialised as their own work items),
/// so the flag is read, checked and has nothing to change.
/// </summary>
public static class HtmWorkItemKinds
{
    /// <summary>The kinds asked for; null when none of the three was given (every kind counts).</summary>
    public static WorkItemKinds? Read(Func<string, string?> parameter)
    {
        _ = Flag(parameter, "inherited");
        var everybody = Flag(parameter, "everybody");
        var individual = Flag(parameter, "individual");
        var group = Flag(parameter, "group");
        return everybody is null && individual is null && group is null
            ? null
            : new WorkItemKinds(everybody ?? true, individual ?? true, group ?? true);
    }

    public static bool? Flag(Func<string, string?> parameter, string name) => parameter(name)?.Trim() switch
    {
        null or "" => null,
        var t when t.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var t when t.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var t => throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.UnsupportedParameterValue, $"{name} is true or false, not '{t}'.", name, t),
    };
}
