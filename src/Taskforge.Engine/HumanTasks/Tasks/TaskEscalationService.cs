using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Escalations (ibm-bpm-htm.md §3.8, §4.6): read them, trigger one by hand, and fire them from their timers. Firing
/// checks the expected state: reached → SUPERFLUOUS; not reached → ESCALATED, the task becomes escalated (sticky), its
/// priority may rise, the action runs (receiver work items; e-mail and event through <see cref="ITaskNotifier"/>),
/// the escalation repeats while the state is still not reached, and the chain's next escalation starts. An escalation
/// changes only with its task, as an action on the task, so the task's version fences it. (Keeping escalations in step
/// with the task's state on every change is <see cref="TaskFollowUps"/>.)
/// </summary>
public sealed class TaskEscalationService(TaskActionRunner actions, ITaskStore store, TaskChains chains, ITaskNotifier notifier)
{
    /// <summary>The task's escalations with their definitions, by chain and position (<c>GET /task/{tkiid}/escalationInfo</c>).</summary>
    public async Task<IReadOnlyList<EscalationView>> GetEscalationsAsync(Caller caller, string taskId, CancellationToken ct)
    {
        var stored = await actions.ReadAsync(caller, taskId, ct);
        var template = (await actions.TemplateOfAsync(stored.Task, ct)).Template;
        return [.. (await store.ListEscalationsAsync(taskId, ct)).Select(e => ViewOf(e, template)).OfType<EscalationView>()];
    }

    /// <summary><c>GET /escalation/{esiid}</c>: one escalation, for whoever may read its task.</summary>
    public async Task<EscalationView> GetEscalationAsync(Caller caller, string escalationId, CancellationToken ct)
    {
        var escalation = (HumanTaskIds.IsEscalationId(escalationId) ? await store.FindEscalationAsync(escalationId, ct) : null)
            ?? throw new NotFoundException("Escalation", escalationId);
        return (await GetEscalationsAsync(caller, escalation.TaskId, ct)).FirstOrDefault(e => e.Escalation.Id == escalationId)
            ?? throw new NotFoundException("Escalation", escalationId);
    }

    /// <summary>
    /// <c>PUT /escalation/{esiid}?action=trigger</c>: an administrator of the task fires a WAITING escalation now. A manual
    /// trigger escalates whatever the task's state: the administrator has decided it should (§3.8 names no expected-state check).
    /// </summary>
    public async Task<EscalationView> TriggerEscalationAsync(Caller caller, string escalationId, CancellationToken ct)
    {
        var escalation = (HumanTaskIds.IsEscalationId(escalationId) ? await store.FindEscalationAsync(escalationId, ct) : null)
            ?? throw new NotFoundException("Escalation", escalationId);
        var stored = await store.FindAsync(escalation.TaskId, ct) ?? throw new NotFoundException("Escalation", escalationId);
        RequireEscalationAdministrator(caller, stored, escalationId, "trigger");

        if (escalation.State != EscalationState.Waiting || !await FireAsync(escalationId, null, manual: true, ct))
        {
            var now = await store.FindEscalationAsync(escalationId, ct) ?? throw new NotFoundException("Escalation", escalationId);
            throw new TaskRuleException(TaskRuleKind.Conflict,
                now.State is EscalationState.Escalated or EscalationState.Superfluous ? TaskRuleReason.EscalationFinished : TaskRuleReason.EscalationStateForbids,
                $"Escalation {escalationId} is {now.State.ToString().ToUpperInvariant()}; only a WAITING escalation can be triggered.", escalationId);
        }

        var fired = await store.FindEscalationAsync(escalationId, ct) ?? throw new NotFoundException("Escalation", escalationId);
        return ViewOf(fired, (await actions.TemplateOfAsync(stored.Task, ct)).Template) ?? throw new NotFoundException("Escalation", escalationId);
    }

    /// <summary>
    /// <c>PUT /escalation/{esiid}?action=update</c> (ibm-bpm-htm.md §3.8): an administrator of the task (the escalation's
    /// administrators are the task's, §6.2) or a system administrator changes an escalation's name, durations, time or
    /// custom properties; a moved time moves its timer in the same transaction. Runs as an action on the task, so the
    /// task's version fences the escalation against a timer firing it at the same moment (the task's version and
    /// last-modified time move with it). Rules per escalation state: <see cref="EscalationUpdates"/>.
    /// </summary>
    public async Task<EscalationView> UpdateEscalationAsync(Caller caller, string escalationId, EscalationUpdate update, CancellationToken ct)
    {
        var escalation = (HumanTaskIds.IsEscalationId(escalationId) ? await store.FindEscalationAsync(escalationId, ct) : null)
            ?? throw new NotFoundException("Escalation", escalationId);
        var stored = await store.FindAsync(escalation.TaskId, ct) ?? throw new NotFoundException("Escalation", escalationId);
        RequireEscalationAdministrator(caller, stored, escalationId, "update");

        var outcome = await actions.ActAsync(caller, stored.Task.Id, TaskAction.Read, async c =>
        {
            RequireEscalationAdministrator(caller, c.Stored, escalationId, "update");
            var current = (await store.ListEscalationsAsync(c.Task.Id, ct)).FirstOrDefault(e => e.Id == escalationId)
                ?? throw new NotFoundException("Escalation", escalationId);
            var updated = EscalationUpdates.Apply(current, c.Task, update, c.Now);
            c.Change.Escalations.Add(updated);
            if (updated.EscalatesAt != current.EscalatesAt)
            {
                c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Escalation, updated.Id, updated.EscalatesAt));
            }

            c.Result = ViewOf(updated, c.Template.Template);
            return c.Task;
        }, ct, stored);
        return outcome.Result as EscalationView ?? throw new NotFoundException("Escalation", escalationId);
    }

    private static void RequireEscalationAdministrator(Caller caller, StoredTask stored, string escalationId, string action)
    {
        var roles = TaskPeople.RolesOf(caller, stored.WorkItems);
        if (!roles.IsSystemAdministrator && !roles.Roles.Contains(TaskRole.Administrator))
        {
            throw new TaskRuleException(TaskRuleKind.NotAllowed, TaskRuleReason.NotAllowedOnEscalation,
                $"User {caller.UserName} may not {action} escalation {escalationId}: only administrators of task {stored.Task.Id} may.", caller.UserName, action, escalationId);
        }
    }

    /// <summary>The escalation's timer fired: it escalates if <paramref name="slot"/> is still its instant. False when there was nothing to do.</summary>
    public Task<bool> FireDueAsync(string escalationId, DateTimeOffset slot, CancellationToken ct) => FireAsync(escalationId, slot, manual: false, ct);

    /// <summary>
    /// Fires an escalation: from its timer (<paramref name="slot"/> must still be its instant) or by hand. False when
    /// there was nothing to do (gone, moved, no longer waiting, task ended).
    /// </summary>
    private async Task<bool> FireAsync(string escalationId, DateTimeOffset? slot, bool manual, CancellationToken ct)
    {
        bool StillMeant(TaskEscalation e) => manual
            ? e.State == EscalationState.Waiting
            : e.State is EscalationState.Waiting or EscalationState.Escalated && e.EscalatesAt == slot;

        if (await store.FindEscalationAsync(escalationId, ct) is not { } found || !StillMeant(found))
        {
            return false;
        }

        TaskActionResult? outcome;
        try
        {
            outcome = await actions.ActAsSystemAsync(found.TaskId, TaskAction.Read, t => !t.IsEnded, async c =>
            {
                // Read inside the action: escalations only change with their task, so the task's fence covers them.
                var all = await store.ListEscalationsAsync(c.Task.Id, ct);
                var current = all.FirstOrDefault(e => e.Id == escalationId);
                var template = c.Template.Template;
                if (current is null || !StillMeant(current) || TaskEscalations.DefinitionOf(current, template) is not { } definition)
                {
                    throw new StaleEscalationException();
                }

                var at = slot ?? c.Now;
                if (!manual && TaskEscalations.HasReached(definition.ExpectedState, c.Task))
                {
                    c.Change.Escalations.Add(current with
                    {
                        State = current.State == EscalationState.Waiting ? EscalationState.Superfluous : current.State,
                        EscalatesAt = null,
                    });
                    c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Escalation, current.Id, null));
                    return c.Task;
                }

                var escalated = Escalate(c, all, current, definition, at);
                if (!c.Task.IsEscalated && (c.Task.Position == HierarchyPosition.FollowOnTask || c.Task.FollowOnId is not null))
                {
                    await EscalateChainAsync(c, ct);
                }

                return escalated;
            }, ct);
        }
        catch (StaleEscalationException)
        {
            return false;
        }

        if (outcome?.Result is TaskNotification notification)
        {
            await notifier.NotifyAsync(notification, ct);
        }

        return outcome is not null;
    }

    private static HumanTask Escalate(TaskActionContext c, IReadOnlyList<TaskEscalation> all, TaskEscalation current, EscalationDefinition definition, DateTimeOffset at)
    {
        var task = c.Task;
        var firstFire = current.State == EscalationState.Waiting;
        var receivers = TaskPeople.Resolve(TaskRole.EscalationReceiver, definition.Receivers, task.Originator, TaskPeople.Members(c.Stored.WorkItems, TaskRole.Administrator));
        if (definition.Action is EscalationAction.CreateWorkItems or EscalationAction.SendEmail && receivers.Count > 0)
        {
            // Receivers may then read the task (the matrix's Read row lists EscalationReceiver).
            var items = TaskPeople.Members(c.Stored.WorkItems, TaskRole.EscalationReceiver).Concat(receivers).Distinct().ToList();
            c.Change.Roles.Add(new RoleWrite(task.Id, TaskRole.EscalationReceiver, items));
        }

        // Repeats count from the instant it escalated, so a late tick does not shift the rhythm.
        var repeatAt = definition.DurationUntilRepeated?.AddTo(at);
        c.Change.Escalations.Add(current with { State = EscalationState.Escalated, Fired = current.Fired + 1, EscalatesAt = repeatAt });
        c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Escalation, current.Id, repeatAt));
        c.Event(TaskEvents.EscalationFired, escalationId: current.Id, detail: definition.Name);
        if (firstFire && all.FirstOrDefault(e => e.Chain == current.Chain && e.Position == current.Position + 1) is { State: EscalationState.Inactive } next
            && TaskEscalations.DefinitionOf(next, c.Template.Template) is { } nextDefinition)
        {
            // Durations in a chain are cumulative (§4.6): the next one counts from this one's escalation time.
            TaskEscalations.Start(c, next, nextDefinition, at);
        }

        if (definition.Action is EscalationAction.SendEmail or EscalationAction.CreateEvent)
        {
            c.Result = new TaskNotification(task.Id, task.Name, TaskEvents.EscalationFired, c.Now, receivers, current.Id, definition.Name, definition.Action);
        }

        return task with { IsEscalated = true, Priority = TaskEscalations.RaisedPriority(task.Priority, definition.IncreasePriority, firstFire) };
    }

    /// <summary>
    /// §4.4, §5.3: "escalation in a follow-on chain escalates all follow-on tasks in the chain". Only a chain's last task
    /// is open, so only it escalates; its forwarded predecessors take the escalated substate with it (the originator
    /// finds the chain by its first task), and follow-ons made later inherit it (<see cref="TaskHierarchyService.CompleteWithFollowOnAsync"/>).
    /// </summary>
    private async Task EscalateChainAsync(TaskActionContext c, CancellationToken ct)
    {
        foreach (var member in await chains.ChainOfAsync(c.Task, ct))
        {
            if (member.Id != c.Task.Id && !member.IsEscalated)
            {
                c.Change.Tasks.Add(new TaskWrite(member with { IsEscalated = true, LastModifiedAt = c.Now, Version = member.Version + 1 }, member.Version));
            }
        }
    }

    private static EscalationView? ViewOf(TaskEscalation escalation, TaskTemplate template) =>
        TaskEscalations.DefinitionOf(escalation, template) is { } definition ? new EscalationView(escalation, definition) : null;

    /// <summary>The escalation changed between its timer's claim and the action: nothing to fire.</summary>
    private sealed class StaleEscalationException : Exception;
}
