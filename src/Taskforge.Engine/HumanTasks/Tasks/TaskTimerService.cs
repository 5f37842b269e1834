using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Timers;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// What the task timers do when they fire (ibm-bpm-htm.md §4.4, §5.1): expiry ends the task in EXPIRED, due writes
/// TASK_DUE and notifies, resume lifts a suspension, deletion removes an ended task. Each checks that the timer's slot
/// is still the task's instant: a task that was rescheduled, ended or deleted meanwhile leaves the timer nothing to do,
/// and the stale timer is removed (only if it still has that slot, so a moved timer stays). Escalation timers fire
/// through <see cref="TaskEscalationService"/>.
/// </summary>
public sealed class TaskTimerService(TaskActionRunner actions, TaskChains chains, TaskEscalationService escalations, ITaskStore store, ITaskNotifier notifier)
{
    /// <summary>Fires one claimed task timer. True when it changed something, false when it was stale and removed.</summary>
    public async Task<bool> FireTimerAsync(DueTimer timer, CancellationToken ct)
    {
        var fired = timer.Kind switch
        {
            TaskTimerKinds.Expiry => await ExpireAsync(timer, ct),
            TaskTimerKinds.Due => await MarkDueAsync(timer, ct),
            TaskTimerKinds.Resume => await AutoResumeAsync(timer, ct),
            TaskTimerKinds.Deletion => await AutoDeleteAsync(timer, ct),
            TaskTimerKinds.Escalation => await escalations.FireDueAsync(timer.OwnerId, timer.SlotAt, ct),
            _ => throw new ArgumentException($"{timer.Kind} is not a task timer.", nameof(timer)),
        };
        if (!fired)
        {
            await store.RemoveTimerAsync(timer.Kind, timer.OwnerId, timer.SlotAt, ct);
        }

        return fired;
    }

    private async Task<bool> ExpireAsync(DueTimer timer, CancellationToken ct)
    {
        var head = (await store.FindAsync(timer.OwnerId, ct))?.Task;
        // A forwarded task's expiry is its chain's (§5.3): it expires the chain's last task, which has none of its own.
        var target = head is { State: TaskState.Forwarded } && head.ExpiresAt == timer.SlotAt ? await chains.LastOfChainAsync(head, ct) : head;
        if (target is null)
        {
            return false;
        }

        var outcome = await actions.ActAsSystemAsync(target.Id, TaskAction.Expire, t => t.Id != head!.Id || t.ExpiresAt == timer.SlotAt, c =>
        {
            c.Event(TaskEvents.Expired);
            if (c.Task.Id != head!.Id)
            {
                c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Expiry, head.Id, null));
            }

            return ValueTask.FromResult<HumanTask?>(TaskClock.End(c.Task, TaskState.Expired, c.Now, c.Change));
        }, ct);
        return outcome is not null;
    }

    private async Task<bool> MarkDueAsync(DueTimer timer, CancellationToken ct)
    {
        var outcome = await actions.ActAsSystemAsync(timer.OwnerId, TaskAction.Read, t => !t.IsEnded && t.DueAt == timer.SlotAt, c =>
        {
            // The task stays as it is: due is informational (§4.4); the entry and the notification are the effect.
            c.Event(TaskEvents.Due);
            c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Due, c.Task.Id, null));
            var receivers = c.Task.Owner is { } owner ? [WorkItem.ForUser(TaskRole.Owner, owner)] : TaskPeople.Members(c.Stored.WorkItems, TaskRole.PotentialOwner);
            c.Result = new TaskNotification(c.Task.Id, c.Task.Name, TaskEvents.Due, c.Now, receivers);
            return ValueTask.FromResult<HumanTask?>(c.Task);
        }, ct);
        if (outcome?.Result is TaskNotification notification)
        {
            await notifier.NotifyAsync(notification, ct);
        }

        return outcome is not null;
    }

    private async Task<bool> AutoResumeAsync(DueTimer timer, CancellationToken ct) =>
        await actions.ActAsSystemAsync(timer.OwnerId, TaskAction.Resume, t => t.IsSuspended && t.ResumesAt == timer.SlotAt,
            c => ValueTask.FromResult<HumanTask?>(TaskTransitions.Resume(c, c.Task)), ct) is not null;

    /// <summary>
    /// The deletion timer fired. The task goes with its whole follow-on chain and everything below it (subtasks), each
    /// chain member fenced by the version read. Which auto-deletion applies is the ending task's own: the last task's
    /// template decides for the chain, as its output is the chain's output (the reference only says the forwarded
    /// parent is deleted when its follow-on ends). While the chain's last task is still open, or when the chain
    /// starts at a subtask (deleted with its parent, §5.3), nothing is deleted and the stray deletion time is cleared:
    /// no FORWARDED task is ever deleted alone.
    /// </summary>
    private async Task<bool> AutoDeleteAsync(DueTimer timer, CancellationToken ct) =>
        await actions.ActAsSystemAsync(timer.OwnerId, TaskAction.Read, t => t.IsEnded && t.DeletionAt == timer.SlotAt, async c =>
        {
            var chain = await chains.ChainOfAsync(c.Task, ct);
            if (chain[0].Position == HierarchyPosition.SubTask || !chain[^1].IsEnded)
            {
                c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Deletion, c.Task.Id, null));
                return c.Task with { DeletionAt = null };
            }

            foreach (var member in chain)
            {
                c.Change.Deleted.Add(new TaskDelete(member.Id, member.Id == c.Task.Id ? c.Task.Version : member.Version));
            }

            var members = chain.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var below in TaskChains.Below(chain[0].Id, await store.ListHierarchyAsync(chain[0].TopLevelId, ct)).Where(t => !members.Contains(t.Id)))
            {
                c.Change.Deleted.Add(new TaskDelete(below.Id, null));
            }

            return null;
        }, ct) is not null;
}
