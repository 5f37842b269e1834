using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Timers;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// What the task timers do when they fire (ibm-bpm-htm.md §4.4, §5.1): expiry ends the task in EXPIRED, due writes
/// TASK_DUE and notifies, resume lifts a suspension, deletion removes an ended task. Each checks that the timer's slot
/// is still the task's instant: a task that was rescheduled, ended or deleted meanwhile leaves the timer nothing to do,
/// and the stale timer is removed (only if it still has that slot, so a moved timer stays).
/// </summary>
public sealed partial class HumanTaskService
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
            TaskTimerKinds.Escalation => await FireEscalationAsync(timer.OwnerId, timer.SlotAt, manual: false, ct),
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
        var target = head is { State: TaskState.Forwarded } && head.ExpiresAt == timer.SlotAt ? await LastOfChainAsync(head, ct) : head;
        if (target is null)
        {
            return false;
        }

        var outcome = await ActAsSystemAsync(target.Id, TaskAction.Expire, t => t.Id != head!.Id || t.ExpiresAt == timer.SlotAt, c =>
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
        var outcome = await ActAsSystemAsync(timer.OwnerId, TaskAction.Read, t => !t.IsEnded && t.DueAt == timer.SlotAt, c =>
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
        await ActAsSystemAsync(timer.OwnerId, TaskAction.Resume, t => t.IsSuspended && t.ResumesAt == timer.SlotAt,
            c => ValueTask.FromResult<HumanTask?>(Resume(c, c.Task)), ct) is not null;

    /// <summary>The task a chain of follow-ons has reached: follow <see cref="HumanTask.FollowOnId"/> to its end.</summary>
    private async Task<HumanTask?> LastOfChainAsync(HumanTask task, CancellationToken ct)
    {
        var current = task;
        for (var hops = 0; current.FollowOnId is { } next && hops < 1000; hops++)
        {
            if ((await store.FindAsync(next, ct))?.Task is not { } found)
            {
                return current;
            }

            current = found;
        }

        return current;
    }
}
