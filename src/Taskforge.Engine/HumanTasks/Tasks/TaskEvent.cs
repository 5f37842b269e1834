namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// One entry of a task's history (the TASK_HISTORY view, ibm-bpm-htm.md §3.5): what happened, when, by whom, and for
/// work-item events from whom to whom in which role. <see cref="Event"/> uses IBM's names (<c>TASK_CLAIMED</c>…).
/// </summary>
public sealed record TaskEvent(
    string TaskId,
    long Sequence,
    string Event,
    DateTimeOffset At,
    string? Principal,
    string? From = null,
    string? To = null,
    TaskRole? Reason = null,
    string? EscalationId = null,
    string? Detail = null);
