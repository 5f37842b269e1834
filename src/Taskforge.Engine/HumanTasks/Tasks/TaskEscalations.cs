using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// The escalation lifecycle of ibm-bpm-htm.md §4.6 as pure decisions on a task and its escalation instances: instances
/// are made INACTIVE with the task; a chain's first escalation starts WAITING (with its timer) once the task is in the
/// chain's activation state; when the task ends, whatever still waits is cancelled. Firing lives in
/// <see cref="TaskEscalationService"/>, which has the store.
/// </summary>
public static class TaskEscalations
{
    /// <summary>One INACTIVE instance per escalation of the template's chains, for a new task.</summary>
    public static List<TaskEscalation> Create(string taskId, TaskTemplate template) =>
    [
        .. template.EscalationChains.SelectMany((chain, c) => chain.Escalations.Select((definition, p) =>
            new TaskEscalation(HumanTaskIds.NewEscalationId(), taskId, c, p, definition.Name, EscalationState.Inactive, null, null, 0))),
    ];

    /// <summary>The definition an instance was made from, with the instance's own durations; null if the template no longer has it.</summary>
    public static EscalationDefinition? DefinitionOf(TaskEscalation escalation, TaskTemplate template) =>
        escalation.Chain < template.EscalationChains.Count && escalation.Position < template.EscalationChains[escalation.Chain].Escalations.Count
            ? EscalationUpdates.Effective(escalation, template.EscalationChains[escalation.Chain].Escalations[escalation.Position])
            : null;

    /// <summary>
    /// Writes what the task's new state means for its escalations into the change: cancel on end, start chains whose
    /// activation state the task is in. <paramref name="escalations"/> are the instances as this change leaves them.
    /// </summary>
    /// <param name="eventsOn">The task the history entries belong to when it is not the action's own (a new follow-on task).</param>
    public static void Follow(TaskActionContext c, HumanTask task, IReadOnlyList<TaskEscalation> escalations, TaskTemplate template, HumanTask? eventsOn = null)
    {
        if (task.IsEnded)
        {
            // §4.6: "when the task ends, waiting escalations are cancelled"; the ones that fired stop repeating.
            foreach (var e in escalations.Where(e => e.State == EscalationState.Waiting || e.EscalatesAt is not null))
            {
                c.Change.Escalations.Add(e with { State = e.State == EscalationState.Waiting ? EscalationState.Superfluous : e.State, EscalatesAt = null });
                c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Escalation, e.Id, null));
            }

            return;
        }

        foreach (var first in escalations.Where(e => e.Position == 0 && e.State == EscalationState.Inactive))
        {
            if (DefinitionOf(first, template) is { } definition && IsIn(definition.ActivationState, task))
            {
                Start(c, first, definition, c.Now, eventsOn);
            }
        }
    }

    /// <summary>
    /// The task's last subtask ended: escalations waiting for SUBTASKS_COMPLETED are superfluous now (§4.6), not only
    /// when their timer would find it so. Otherwise a parent that starts another subtask before the timer fires would
    /// escalate although every subtask it waited for had completed in time. Returns the instances as they are now.
    /// </summary>
    public static List<TaskEscalation> SubTasksCompleted(TaskActionContext c, IReadOnlyList<TaskEscalation> escalations, TaskTemplate template) =>
    [
        .. escalations.Select(e =>
        {
            if (e.State != EscalationState.Waiting || DefinitionOf(e, template)?.ExpectedState != EscalationExpectedState.SubTasksCompleted)
            {
                return e;
            }

            var superfluous = e with { State = EscalationState.Superfluous, EscalatesAt = null };
            c.Change.Escalations.Add(superfluous);
            c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Escalation, e.Id, null));
            return superfluous;
        }),
    ];

    /// <summary>An escalation starts waiting: it escalates <see cref="EscalationDefinition.DurationUntilEscalated"/> after <paramref name="from"/>.</summary>
    public static void Start(TaskActionContext c, TaskEscalation escalation, EscalationDefinition definition, DateTimeOffset from, HumanTask? eventsOn = null)
    {
        var at = definition.DurationUntilEscalated.AddTo(from);
        c.Change.Escalations.Add(escalation with { State = EscalationState.Waiting, ActivatedAt = c.Now, EscalatesAt = at });
        c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Escalation, escalation.Id, at));
        c.EventFor(eventsOn ?? c.Task, TaskEvents.EscalationStarted, escalationId: escalation.Id, detail: definition.Name);
    }

    /// <summary>Whether the task has reached the state an escalation expects "at least" (then it is superfluous).</summary>
    public static bool HasReached(EscalationExpectedState expected, HumanTask task) => task.IsEnded || expected switch
    {
        EscalationExpectedState.Claimed => task.State == TaskState.Claimed,
        EscalationExpectedState.SubTasksCompleted => !task.IsWaitingForSubTask,
        _ => false,
    };

    /// <summary>
    /// The priority after an escalation fired. Taskforge reads priorities as IBM's example site does (§4.6: 0 is the
    /// highest): templates default to 5 and the sample's urgent expense approval has 3, so raising it means one lower, never below 0.
    /// </summary>
    public static int RaisedPriority(int priority, PriorityIncrease increase, bool firstFire) =>
        increase == PriorityIncrease.Repeated || (increase == PriorityIncrease.Once && firstFire) ? Math.Max(0, priority - 1) : priority;

    private static bool IsIn(EscalationActivationState state, HumanTask task) => state switch
    {
        EscalationActivationState.Ready => task.State == TaskState.Ready,
        EscalationActivationState.Running => task.State == TaskState.Running,
        EscalationActivationState.Claimed => task.State == TaskState.Claimed,
        _ => task.IsWaitingForSubTask,
    };
}
