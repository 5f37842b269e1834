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
        SetTimer(change, TaskTimerKinds.Due, task.Id, task.DueAt, due);
        SetTimer(change, TaskTimerKinds.Expiry, task.Id, task.ExpiresAt, expires);
        return task with { ActivatedAt = now, FirstActivatedAt = task.FirstActivatedAt ?? now, DueAt = due, ExpiresAt = expires };
    }

    /// <summary>
    /// The task reached an end state: its running clocks stop, and it is deleted later when its template says so
    /// (never for subtasks, which go with their parent). A follow-on task's deletion takes its whole chain along
    /// (<c>TaskTimerService.AutoDeleteAsync</c>), and completing with a follow-on drops the forwarded task's own.
    /// </summary>
    public static HumanTask End(HumanTask task, TaskState state, DateTimeOffset now, TaskChange change)
    {
        SetTimer(change, TaskTimerKinds.Due, task.Id, task.DueAt, null);
        SetTimer(change, TaskTimerKinds.Expiry, task.Id, task.ExpiresAt, null);
        SetTimer(change, TaskTimerKinds.Resume, task.Id, task.ResumesAt, null);
        var deletes = task.Position != HierarchyPosition.SubTask && task.AutoDeletion switch
        {
            AutoDeletionMode.OnCompletion => true,
            AutoDeletionMode.OnSuccessfulCompletion => state is TaskState.Finished or TaskState.Forwarded,
            _ => false,
        };
        var deletion = deletes ? After(task.DurationUntilDeleted, now) ?? (task.DurationUntilDeleted is null ? now : null) : null;
        SetTimer(change, TaskTimerKinds.Deletion, task.Id, task.DeletionAt, deletion);
        if (task.WaitingRunId is { } run)
        {
            change.WakeRuns.Add(run);
        }

        return task with
        {
            State = state,
            CompletedAt = now,
            LastStateChangeAt = now,
            DeletionAt = deletion,
            IsSuspended = false,
            ResumesAt = null,
            ResumeCancelsClaim = false,
        };
    }

    /// <summary>
    /// Writes the timer of one of the task's times, or removes it; nothing when the time was unset and stays so. A timer
    /// exists only while its time is set, so there is nothing to remove, and a task without deadlines (most of them)
    /// costs no timer statements. Should a timer ever outlive its time, it fires stale and is dropped (see FireTimerAsync).
    /// </summary>
    private static void SetTimer(TaskChange change, string kind, string taskId, DateTimeOffset? was, DateTimeOffset? becomes)
    {
        if (was is not null || becomes is not null)
        {
            change.Timers.Add(new TimerWrite(kind, taskId, becomes));
        }
    }

    /// <summary>The instant a stored duration after <paramref name="from"/>, or null (none, infinite, not used).</summary>
    public static DateTimeOffset? After(string? duration, DateTimeOffset from) =>
        duration is null ? null : HtmDuration.Parse(duration).AddTo(from);
}
