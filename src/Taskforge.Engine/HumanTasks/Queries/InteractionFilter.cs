namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>
/// IBM's <c>interactionFilter</c> of <c>GET /tasks/query/{QUERY}</c> (ibm-bpm-htm.md §3.6). The reference names the values
/// but not what each selects, so Taskforge decides, by the state a task must be in for the interaction:
/// <list type="bullet">
/// <item><c>ASSESS_AVAILABLE</c>: READY — tasks waiting for someone to look at and claim.</item>
/// <item><c>WORK_ON</c>: CLAIMED or RUNNING — tasks in progress.</item>
/// <item><c>WORK_ON_ACTIVE</c>: as <c>WORK_ON</c>, and not suspended.</item>
/// <item><c>ASSESS_AND_WORK_ON</c>: READY, CLAIMED or RUNNING — the two above together.</item>
/// <item><c>CHECK_COMPLETED</c>: an end state (FINISHED, FAILED, TERMINATED, EXPIRED, FORWARDED, SKIPPED).</item>
/// <item><c>BROWSE_ALL</c> (and no filter): no narrowing.</item>
/// </list>
/// The narrowing is a where-clause in IBM's grammar, ANDed with the stored query's own condition.
/// </summary>
public static class InteractionFilter
{
    private static readonly Dictionary<string, string?> Conditions = new(StringComparer.Ordinal)
    {
        ["ASSESS_AVAILABLE"] = "TASK.STATE = TASK.STATE.STATE_READY",
        ["WORK_ON"] = "TASK.STATE IN (TASK.STATE.STATE_CLAIMED, TASK.STATE.STATE_RUNNING)",
        ["WORK_ON_ACTIVE"] = "TASK.STATE IN (TASK.STATE.STATE_CLAIMED, TASK.STATE.STATE_RUNNING) AND TASK.SUSPENDED = FALSE",
        ["ASSESS_AND_WORK_ON"] = "TASK.STATE IN (TASK.STATE.STATE_READY, TASK.STATE.STATE_CLAIMED, TASK.STATE.STATE_RUNNING)",
        ["CHECK_COMPLETED"] = "TASK.STATE IN (TASK.STATE.STATE_FINISHED, TASK.STATE.STATE_FAILED, TASK.STATE.STATE_TERMINATED, " +
                              "TASK.STATE.STATE_EXPIRED, TASK.STATE.STATE_FORWARDED, TASK.STATE.STATE_SKIPPED)",
        ["BROWSE_ALL"] = null,
    };

    public static IReadOnlyCollection<string> Names => Conditions.Keys;

    /// <summary>The where-clause a filter adds (null for none); an unknown name is refused (<see cref="TaskRuleReason.UnsupportedValue"/>).</summary>
    public static WhereCondition? ConditionOf(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        return Conditions.TryGetValue(name.ToUpperInvariant(), out var clause)
            ? WhereClauseParser.Parse(clause)
            : throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.UnsupportedValue,
                $"interactionFilter '{name}' is not supported; use one of {string.Join(", ", Conditions.Keys)}.", "interactionFilter", name);
    }
}
