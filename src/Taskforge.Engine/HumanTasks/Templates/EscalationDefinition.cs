namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// One escalation of a chain (ibm-bpm-htm.md §4.6): once the task reaches <see cref="ActivationState"/>, wait
/// <see cref="DurationUntilEscalated"/> (after the previous escalation of the chain, durations are cumulative); if the task
/// has not reached <see cref="ExpectedState"/> by then, run <see cref="Action"/> for <see cref="Receivers"/>, raise the
/// priority, and repeat every <see cref="DurationUntilRepeated"/> if set.
/// </summary>
public sealed record EscalationDefinition(
    string Name,
    EscalationActivationState ActivationState,
    HtmDuration DurationUntilEscalated,
    EscalationExpectedState ExpectedState,
    EscalationAction Action,
    RoleAssignment Receivers,
    PriorityIncrease IncreasePriority,
    HtmDuration? DurationUntilRepeated,
    LocalizedText? Description);
