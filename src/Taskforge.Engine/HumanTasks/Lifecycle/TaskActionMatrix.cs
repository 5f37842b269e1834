using static Taskforge.Engine.HumanTasks.Lifecycle.TaskState;
using static Taskforge.Engine.HumanTasks.TaskRole;

namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>
/// Who may do what to a task in which state: IBM's lifecycle (ibm-bpm-htm.md §5.1) and action matrix (§6.3) as one
/// table, so a rule changes in one row and not in scattered <c>if</c>s. Where the BAW matrix and the javadoc disagree,
/// the rows follow the javadoc as §6.3 recommends (the owner may suspend, resume, terminate, transfer and set output).
/// The escalated substate blocks nothing: every §5.1 row says "may be escalated".
/// </summary>
public static class TaskActionMatrix
{
    private static readonly TaskState[] Any = [Inactive, Ready, Running, Claimed, Skipped, Finished, Failed, Terminated, Expired, Stopped, Forwarded];
    private static readonly TaskState[] Active = [Ready, Running, Claimed];
    private static readonly TaskKind[] People = [TaskKind.ToDo, TaskKind.Collaboration, TaskKind.Administration];
    private static readonly TaskKind[] Human = [TaskKind.ToDo, TaskKind.Collaboration];

    public static IReadOnlyList<TaskActionRule> Rules { get; } =
    [
        new(TaskAction.Read, Any, [Administrator, Editor, Originator, Owner, PotentialOwner, PotentialStarter, Reader, Starter, EscalationReceiver], MonitorMay: true, Source: "§6.3 GET*; §6.2 escalation receivers read the task"),
        new(TaskAction.Update, Any, [Administrator, Editor, Originator, Starter, Owner], Source: "§6.3 UPDATE; owner per §6.4"),
        new(TaskAction.SetInput, [Inactive], [Administrator, Originator, PotentialStarter], Source: "§3.5, §6.3 SETINPUTMESSAGE (javadoc, not the BAW reader cell)"),
        new(TaskAction.SetOutput, [Claimed], [Administrator, Editor, Owner], Source: "§3.5, §5.1 setOutput"),
        new(TaskAction.SetFault, [Claimed], [Administrator, Editor, Owner], Source: "§3.5, §5.1 setFault"),
        new(TaskAction.SetCustomProperty, Any, [Administrator, Editor, Originator], Source: "§6.3 SETCUSTOMPROPERTY"),
        new(TaskAction.Start, [Inactive], [Administrator, Originator, PotentialStarter], Result: Ready, InvocationResult: Running, Source: "§5.1 start, §6.3 STARTTASK"),
        new(TaskAction.Call, [Inactive], [Administrator, PotentialStarter], Result: Running, Kinds: [TaskKind.Invocation], Source: "§3.1 mode=sync, §6.3 CALLTASK"),
        new(TaskAction.Claim, [Ready], [Administrator, PotentialOwner], Result: Claimed, Suspended: SubstateCondition.UnlessClaimIfSuspended, Kinds: People, Source: "§5.1 claim, §6.3 CLAIM"),
        new(TaskAction.CancelClaim, [Claimed], [Administrator, Owner], Result: Ready, WaitingForSubTask: SubstateCondition.Forbidden, Kinds: People, Source: "§5.1 cancelClaim, §6.3 CANCELCLAIM"),
        new(TaskAction.Complete, [Claimed], [Administrator, Owner], Result: Finished, Suspended: SubstateCondition.Forbidden, WaitingForSubTask: SubstateCondition.Forbidden, Kinds: People, Source: "§5.1 complete, §6.3 COMPLETE"),
        new(TaskAction.CompleteWithFault, [Claimed], [Administrator, Owner], Result: Failed, Suspended: SubstateCondition.Forbidden, WaitingForSubTask: SubstateCondition.Forbidden, Kinds: People, Source: "§5.1 complete with fault"),
        new(TaskAction.CreateFollowOn, [Claimed], [Administrator, Owner], Result: Forwarded, Suspended: SubstateCondition.Forbidden, WaitingForSubTask: SubstateCondition.Forbidden, Kinds: Human, Requires: TaskCapability.FollowOnTasks, Source: "§5.1 completeWithFollowOnTask, §6.3 COMPLETEWITHFOLLOWONTASK"),
        new(TaskAction.CreateSubTask, [Claimed], [Administrator, Owner], Suspended: SubstateCondition.Forbidden, Kinds: Human, Requires: TaskCapability.SubTasks, Source: "§5.1 createAndStartTaskAsSubTask, §5.3"),
        new(TaskAction.StartAsSubTask, [Inactive], [Administrator, PotentialStarter], Result: Ready, InvocationResult: Running, Kinds: [TaskKind.Collaboration, TaskKind.Invocation], TopLevelOnly: true, Source: "§5.1 start as subtask (startTaskAsSubTask): potential starter of the subtask"),
        new(TaskAction.Suspend, Active, [Administrator, Originator, Owner], Suspended: SubstateCondition.Forbidden, Source: "§5.1 suspend (owner per javadoc)"),
        new(TaskAction.SuspendAndCancelClaim, [Claimed], [Administrator], Suspended: SubstateCondition.Forbidden, WaitingForSubTask: SubstateCondition.Forbidden, Kinds: People, Source: "§5.1 suspendAndCancelClaim, §6.3 SUSPENDWITHCANCELCLAIM"),
        new(TaskAction.Resume, Active, [Administrator, Originator, Owner], Suspended: SubstateCondition.Required, Source: "§5.1 resume (owner per javadoc)"),
        new(TaskAction.Terminate, Active, [Administrator, Originator, Starter, Owner], Result: Terminated, NotInlineOrChild: true, Source: "§5.1 terminate, §6.3 TERMINATE (owner per javadoc)"),
        new(TaskAction.Restart, [Ready, Running, Claimed, Skipped, Finished, Failed, Terminated, Expired, Stopped, Forwarded], [Administrator, Originator], Result: Ready, InvocationResult: Running, Source: "§5.1 restart, §6.3 RESTARTTASK"),
        new(TaskAction.Delete, [Inactive, Finished, Failed, Terminated, Expired], [Administrator, Originator], Removes: true, TopLevelOnly: true, NotInlineOrChild: true, OriginatorOnlyWhile: Inactive, Source: "§3.3 DELETE, §5.1 delete"),
        new(TaskAction.Expire, [Ready, Running, Claimed], [], Result: Expired, SystemOnly: true, Source: "§5.1 expire (timer only), §4.4"),
        new(TaskAction.Transfer, [Inactive, Ready, Running, Claimed], [Administrator, Originator, Starter, Owner], Requires: TaskCapability.Delegation, Source: "§5.1 transfer, §6.3 TRANSFERWORKITEM (owner per javadoc)"),
    ];

    private static readonly Dictionary<TaskAction, TaskActionRule> ByAction = Rules.ToDictionary(r => r.Action);

    public static TaskActionRule RuleFor(TaskAction action) => ByAction[action];

    /// <summary>May <paramref name="caller"/> do <paramref name="action"/> to the task now, and what state follows? Roles are checked first, so a caller without rights learns nothing about the state.</summary>
    public static TaskActionCheck Check(TaskAction action, TaskFacts task, TaskCaller caller)
    {
        var rule = ByAction[action];
        if (!MayPerform(rule, task, caller))
        {
            return TaskActionCheck.ByRole($"none of the caller's roles on the task allows {action}.");
        }

        if (StateProblem(rule, task) is { } problem)
        {
            return problem;
        }

        var result = rule.Removes ? (TaskState?)null
            : task.Kind == TaskKind.Invocation && rule.InvocationResult is { } invoked ? invoked
            : rule.Result ?? task.State;
        return TaskActionCheck.Allowed(result);
    }

    /// <summary>The actions the caller may perform now, for <c>GET /task/actions</c>.</summary>
    public static IReadOnlyList<TaskAction> AllowedActions(TaskFacts task, TaskCaller caller) =>
        [.. Rules.Where(r => !r.SystemOnly && Check(r.Action, task, caller).IsAllowed).Select(r => r.Action)];

    private static bool MayPerform(TaskActionRule rule, TaskFacts task, TaskCaller caller)
    {
        if (caller.IsEngine || rule.SystemOnly)
        {
            return caller.IsEngine;
        }

        if (caller.IsSystemAdministrator || (caller.IsSystemMonitor && rule.MonitorMay))
        {
            return true;
        }

        return caller.Roles.Any(role => rule.Roles.Contains(role)
            && (role != Originator || rule.OriginatorOnlyWhile is not { } only || task.State == only));
    }

    private static TaskActionCheck? StateProblem(TaskActionRule rule, TaskFacts task)
    {
        var action = rule.Action;
        if (rule.Kinds is { } kinds && !kinds.Contains(task.Kind))
        {
            return TaskActionCheck.ByState(TaskRuleReason.WrongKind, $"a {TaskKinds.ToName(task.Kind)} task does not allow {action}.");
        }

        if (rule.NotInlineOrChild && (task.IsInline || task.IsChild))
        {
            return TaskActionCheck.ByState(task.IsInline ? TaskRuleReason.InlineTask : TaskRuleReason.ChildAutonomy,
                $"the lifecycle of an {(task.IsInline ? "inline" : "child")} task belongs to its process; {action} is not allowed.");
        }

        if (rule.TopLevelOnly && (task.IsSubTask || task.IsFollowOn))
        {
            return TaskActionCheck.ByState(TaskRuleReason.PartOfHierarchy, $"{action} applies to top-level tasks; this one goes with its {(task.IsSubTask ? "parent" : "chain")}.");
        }

        if (!rule.States.Contains(task.State))
        {
            return TaskActionCheck.ByState(TaskRuleReason.TaskStateForbids, $"a task in {TaskStates.ToIbm(task.State)} does not allow {action}.");
        }

        var suspendedBlocks = task.IsSuspended && (rule.Suspended == SubstateCondition.Forbidden
            || (rule.Suspended == SubstateCondition.UnlessClaimIfSuspended && !task.SupportsClaimIfSuspended));
        if (suspendedBlocks)
        {
            return TaskActionCheck.ByState(TaskRuleReason.Suspended, $"a suspended task does not allow {action}.");
        }

        if (rule.Suspended == SubstateCondition.Required && !task.IsSuspended)
        {
            return TaskActionCheck.ByState(TaskRuleReason.NotSuspended, "the task is not suspended.");
        }

        if (rule.WaitingForSubTask == SubstateCondition.Forbidden && task.IsWaitingForSubTask)
        {
            return TaskActionCheck.ByState(TaskRuleReason.WaitingForSubTasks, $"a task waiting for its subtasks does not allow {action}.");
        }

        return rule.Requires switch
        {
            TaskCapability.Delegation when !task.SupportsDelegation => TaskActionCheck.ByState(TaskRuleReason.DelegationNotSupported, "the task does not support delegation."),
            TaskCapability.SubTasks when !task.SupportsSubTasks => TaskActionCheck.ByState(TaskRuleReason.SubTasksNotSupported, "the task does not support subtasks."),
            TaskCapability.FollowOnTasks when !task.SupportsFollowOnTasks => TaskActionCheck.ByState(TaskRuleReason.FollowOnNotSupported, "the task does not support follow-on tasks."),
            _ => null,
        };
    }
}
