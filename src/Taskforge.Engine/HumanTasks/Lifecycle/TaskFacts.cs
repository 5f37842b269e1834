namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>
/// What the action matrix needs to know about a task: state, kind, the three substates (suspended, escalated,
/// waiting-for-subtask), the <c>supports*</c> flags and its place in a hierarchy.
/// </summary>
public sealed record TaskFacts(
    TaskState State,
    TaskKind Kind,
    bool IsSuspended = false,
    bool IsEscalated = false,
    bool IsWaitingForSubTask = false,
    bool SupportsClaimIfSuspended = false,
    bool SupportsDelegation = true,
    bool SupportsSubTasks = false,
    bool SupportsFollowOnTasks = false,
    bool IsSubTask = false,
    bool IsFollowOn = false,
    bool IsInline = false,
    bool IsChild = false);
