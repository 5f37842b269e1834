namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>
/// One row of <see cref="TaskActionMatrix"/>: in which states (and substates, kinds, hierarchy positions) an action is
/// allowed, what state follows, and which roles may perform it.
/// </summary>
/// <param name="Action">The action.</param>
/// <param name="States">States the action is allowed from.</param>
/// <param name="Roles">Task roles that may perform it; TaskSystemAdministrator always may.</param>
/// <param name="Result">State afterwards; null keeps the current state (or, with <paramref name="Removes"/>, there is none).</param>
/// <param name="InvocationResult">State afterwards for invocation tasks, when it differs (start and restart: RUNNING).</param>
/// <param name="Removes">The task is gone afterwards (delete).</param>
/// <param name="Suspended">How the suspended substate is treated.</param>
/// <param name="WaitingForSubTask">How the waiting-for-subtask substate is treated.</param>
/// <param name="Kinds">Kinds the action applies to; null for all.</param>
/// <param name="Requires">A <c>supports*</c> flag the task must have.</param>
/// <param name="TopLevelOnly">Not for subtasks or follow-on tasks.</param>
/// <param name="NotInlineOrChild">Not for inline tasks or tasks with child autonomy (their process owns their lifecycle).</param>
/// <param name="OriginatorOnlyWhile">The originator may only act while the task is in this state (delete: INACTIVE).</param>
/// <param name="MonitorMay">TaskSystemMonitor may perform it (reads only).</param>
/// <param name="SystemOnly">Only the engine itself (a timer) performs it; no person's role allows it, and it is never offered.</param>
/// <param name="Source">Where in ibm-bpm-htm.md the row comes from.</param>
public sealed record TaskActionRule(
    TaskAction Action,
    IReadOnlyList<TaskState> States,
    IReadOnlyList<TaskRole> Roles,
    TaskState? Result = null,
    TaskState? InvocationResult = null,
    bool Removes = false,
    SubstateCondition Suspended = SubstateCondition.Any,
    SubstateCondition WaitingForSubTask = SubstateCondition.Any,
    IReadOnlyList<TaskKind>? Kinds = null,
    TaskCapability Requires = TaskCapability.None,
    bool TopLevelOnly = false,
    bool NotInlineOrChild = false,
    TaskState? OriginatorOnlyWhile = null,
    bool MonitorMay = false,
    bool SystemOnly = false,
    string Source = "§5.1, §6.3");
