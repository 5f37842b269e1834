using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// The times a task keeps and the timers that act on them (ibm-bpm-htm.md §4.4): activation sets due and expiry from
/// their durations; ending cancels them and plans auto-deletion. Each time is mirrored by one timer per kind, written in
/// the same change, so the timer service acts on exactly what the task shows.
/// </summary>
public static class TaskClock
{
    /// <summary>The task becomes READY or RUNNING: it is activated, and its due and expiry clocks start.</summary>
    public static HumanTask Activate(HumanTask task, DateTimeOffset now, TaskChange change)
    {
        var due = After(task.DurationUntilDue, now);
        // Follow-on tasks have no expiry of their own: the chain's first task expires the chain (§5.3).
        var expires = task.Position == HierarchyPosition.FollowOnTask ? null : After(task.DurationUntilExpires, now);
        change.Timers.Add(new TimerWrite(TaskTimerKinds.Due, task.Id, due));
        change.Timers.Add(new TimerWrite(TaskTimerKinds.Expiry, task.Id, expires));
        return task with { ActivatedAt = now, FirstActivatedAt = task.FirstActivatedAt ?? now, DueAt = due, ExpiresAt = expires };
    }

    /// <summary>
    /// The task reached an end state: its running clocks stop, and it is deleted later when its template says so
    /// (never for subtasks, which go with their parent). A follow-on task's deletion takes its whole chain along
    /// (<c>HumanTaskService.AutoDeleteAsync</c>), and completing with a follow-on drops the forwarded task's own.
    /// </summary>
    public static HumanTask End(HumanTask task, TaskState state, DateTimeOffset now, TaskChange change)
    {
        change.Timers.Add(new TimerWrite(TaskTimerKinds.Due, task.Id, null));
        change.Timers.Add(new TimerWrite(TaskTimerKinds.Expiry, task.Id, null));
        change.Timers.Add(new TimerWrite(TaskTimerKinds.Resume, task.Id, null));
        var deletes = task.Position != HierarchyPosition.SubTask && task.AutoDeletion switch
        {
            AutoDeletionMode.OnCompletion => true,
            AutoDeletionMode.OnSuccessfulCompletion => state is TaskState.Finished or TaskState.Forwarded,
            _ => false,
        };
        var deletion = deletes ? After(task.DurationUntilDeleted, now) ?? (task.DurationUntilDeleted is null ? now : null) : null;
        change.Timers.Add(new TimerWrite(TaskTimerKinds.Deletion, task.Id, deletion));
        if (task.WaitingRunId is { } run)
        {
            change.WakeRuns.Add(run);
        }

        return task with
        {
            State = state, CompletedAt = now, LastStateChangeAt = now, DeletionAt = deletion,
            IsSuspended = false, ResumesAt = null, ResumeCancelsClaim = false,
        };
    }

    /// <summary>The instant a stored duration after <paramref name="from"/>, or null (none, infinite, not used).</summary>
    public static DateTimeOffset? After(string? duration, DateTimeOffset from) =>
        duration is null ? null : HtmDuration.Parse(duration).AddTo(from);
}
