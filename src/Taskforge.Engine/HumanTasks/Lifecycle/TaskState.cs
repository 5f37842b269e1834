namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>
/// Task states with IBM's integers (ibm-bpm-htm.md §4.2); the deprecated internal ones (TERMINATING, FAILING, WAITING,
/// PROCESSING_UNDO) are left out. Substates are flags on <see cref="TaskFacts"/>, not states.
/// </summary>
public enum TaskState
{
    /// <summary>Created, not started; properties and input editable.</summary>
    Inactive = 1,

    /// <summary>Waiting to be claimed by a potential owner.</summary>
    Ready = 2,

    /// <summary>An invocation task running its workflow.</summary>
    Running = 3,

    /// <summary>An inline task the process skipped (end state).</summary>
    Skipped = 4,

    /// <summary>Completed with output (end state).</summary>
    Finished = 5,

    /// <summary>Completed with a fault (end state).</summary>
    Failed = 6,

    /// <summary>Terminated by a person or its parent (end state).</summary>
    Terminated = 7,

    /// <summary>Owned by one user.</summary>
    Claimed = 8,

    /// <summary>The expiration timer fired (end state).</summary>
    Expired = 12,

    /// <summary>An inline task stopped by the process's error handling.</summary>
    Stopped = 13,

    /// <summary>Completed with a follow-on task that carries the work on (end state for this task).</summary>
    Forwarded = 101,
}
