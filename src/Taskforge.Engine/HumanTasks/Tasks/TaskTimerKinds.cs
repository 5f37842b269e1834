namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// The kinds of durable timers human tasks use (one per kind and owner in the timer service). The owner is the task
/// id, or the escalation id for <see cref="Escalation"/>; the slot is the instant the timer stands for, so a timer that a
/// later change moved is recognised as stale when it fires.
/// </summary>
public static class TaskTimerKinds
{
    public const string Due = "task-due";
    public const string Expiry = "task-expiry";
    public const string Resume = "task-resume";
    public const string Deletion = "task-delete";
    public const string Escalation = "task-escalation";

    /// <summary>The run an invocation task started has ended (written with the run's final checkpoint); owner: the task id.</summary>
    public const string Invocation = "task-invocation";
}
