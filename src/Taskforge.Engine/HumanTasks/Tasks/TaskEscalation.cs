namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>An escalation instance's state; values are IBM's (ibm-bpm-htm.md §4.3).</summary>
public enum EscalationState
{
    Inactive = 1,
    Waiting = 2,
    Escalated = 3,
    Superfluous = 4,
}

/// <summary>
/// One escalation of a task (IBM's <c>esiid</c>), made from escalation <see cref="Position"/> of chain
/// <see cref="Chain"/> of the task's template, which holds the durations, action and receivers. It waits from
/// <see cref="ActivatedAt"/> until <see cref="EscalatesAt"/>; <see cref="Fired"/> counts how often it escalated (repeats).
/// <see cref="DurationUntilEscalated"/> and <see cref="DurationUntilRepeated"/> override the template's durations for this
/// instance only, and <see cref="CustomProperties"/> are its own (all set by <c>PUT /escalation/{esiid}?action=update</c>).
/// </summary>
public sealed record TaskEscalation(
    string Id,
    string TaskId,
    int Chain,
    int Position,
    string Name,
    EscalationState State,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? EscalatesAt,
    int Fired,
    HtmDuration? DurationUntilEscalated = null,
    HtmDuration? DurationUntilRepeated = null,
    IReadOnlyDictionary<string, string>? CustomProperties = null);
