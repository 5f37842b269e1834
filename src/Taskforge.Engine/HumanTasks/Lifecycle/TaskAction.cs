namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>What a caller can do to a task instance; each has one row in <see cref="TaskActionMatrix"/>.</summary>
public enum TaskAction
{
    /// <summary>Read the task, its messages, roles and properties (IBM's GET* actions).</summary>
    Read,

    /// <summary><c>PUT action=update</c>; which properties, per role, is §6.4's separate matrix.</summary>
    Update,
    SetInput,
    SetOutput,
    SetFault,
    SetCustomProperty,

    /// <summary>Start an inactive task (<c>PUT action=start</c>, <c>mode=async</c>).</summary>
    Start,

    /// <summary>Start an inactive invocation task and wait for its result (<c>mode=sync</c>, IBM's callTask).</summary>
    Call,
    Claim,

    /// <summary><c>PUT action=cancel</c>.</summary>
    CancelClaim,

    /// <summary>Complete with output: FINISHED.</summary>
    Complete,

    /// <summary>Complete with a fault (<c>faultName</c>): FAILED.</summary>
    CompleteWithFault,

    /// <summary>Complete by handing the work to a follow-on task (IBM's completeWith[New]FollowOnTask): FORWARDED.</summary>
    CreateFollowOn,

    /// <summary>Create and start a subtask of this (parent) task.</summary>
    CreateSubTask,

    /// <summary>Start this INACTIVE task as a subtask of a claimed parent (<c>PUT action=start&amp;relation=subTask</c>); the parent is checked with <see cref="CreateSubTask"/>.</summary>
    StartAsSubTask,
    Suspend,
    SuspendAndCancelClaim,
    Resume,
    Terminate,
    Restart,
    Delete,

    /// <summary>Transfer a work item (<c>/role/{role}?action=transfer</c>); who may receive it is §6.5.</summary>
    Transfer,

    /// <summary>The expiration timer ends the task in EXPIRED; only the system does this (§5.1 "expire (timer only)").</summary>
    Expire,
}
