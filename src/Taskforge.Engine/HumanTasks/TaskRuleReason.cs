namespace Taskforge.Engine.HumanTasks;

/// <summary>
/// Why a human-task rule refused a request: the engine's own code for it, beside the sentence it says to the person
/// (<see cref="TaskRuleException"/>'s message). Each face renders it in its own words (the IBM face as a <c>CWTKA…</c>
/// number, <c>Faces/Htm/HtmErrors</c>); the engine knows no face's vocabulary.
/// </summary>
public enum TaskRuleReason
{
    // What the task (or template, or escalation) is now does not allow it.

    /// <summary>The task's state does not allow the action.</summary>
    TaskStateForbids,

    /// <summary>The action is for a task of its own, and this one belongs to a hierarchy (a subtask, a follow-on).</summary>
    PartOfHierarchy,

    /// <summary>The task (or template) is of a kind the action does not apply to.</summary>
    WrongKind,

    /// <summary>The lifecycle of an inline task belongs to its process.</summary>
    InlineTask,

    /// <summary>The lifecycle of a task with child autonomy belongs to its process.</summary>
    ChildAutonomy,

    /// <summary>A suspended task does not allow the action.</summary>
    Suspended,

    /// <summary>Only a suspended task can be resumed.</summary>
    NotSuspended,

    /// <summary>A task waiting for its subtasks does not allow the action.</summary>
    WaitingForSubTasks,

    /// <summary>The task does not support delegation (work-item transfer).</summary>
    DelegationNotSupported,

    /// <summary>The task does not support subtasks.</summary>
    SubTasksNotSupported,

    /// <summary>The task does not support follow-on tasks.</summary>
    FollowOnNotSupported,

    /// <summary>The template is stopped: no task can be made from it.</summary>
    TemplateStopped,

    /// <summary>Suspending with a cancelled claim always keeps the task data.</summary>
    KeepTaskDataRequired,

    /// <summary>The escalation has already escalated or become superfluous.</summary>
    EscalationFinished,

    /// <summary>The escalation's state does not allow the action.</summary>
    EscalationStateForbids,

    /// <summary>The person a work item should go to holds none of the roles that would allow it.</summary>
    TargetNotEligible,

    // Who asks does not hold a role that allows it.

    /// <summary>None of the caller's roles on the task allows the action.</summary>
    NotAllowedOnTask,

    /// <summary>The caller may not create or start tasks from the template.</summary>
    NotAllowedOnTemplate,

    /// <summary>Only administrators of the task may act on its escalations.</summary>
    NotAllowedOnEscalation,

    // The request itself is wrong.

    /// <summary>A parameter the request needs is missing.</summary>
    ParameterMissing,

    /// <summary>The parameters given do not go together.</summary>
    InvalidParameters,

    /// <summary>A value is not valid for its parameter.</summary>
    InvalidValue,

    /// <summary>A value is not one of those supported.</summary>
    UnsupportedValue,

    /// <summary>The user named does not exist.</summary>
    UnknownUser,

    /// <summary>A business message does not fit its message type (or the template has no such message).</summary>
    InvalidMessage,

    /// <summary>The task's template has no fault of that name.</summary>
    UnknownFault,

    /// <summary>The follow-on task's input type is not this task's output type.</summary>
    FollowOnTypeMismatch,

    /// <summary>A priority is a whole number from 0.</summary>
    InvalidPriority,

    /// <summary>Two properties that exclude each other were given together (a due time and a duration until due, say).</summary>
    ExclusiveProperties,
}
