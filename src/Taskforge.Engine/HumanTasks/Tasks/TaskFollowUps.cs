using Taskforge.Engine.HumanTasks.Lifecycle;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Subtasks (ibm-bpm-htm.md §5.3): a parent waits until all its subtasks have ended; suspending, resuming, terminating
/// and expiring a parent does the same to its subtasks that are still going. Everything lands in the same change, each
/// task fenced by the version read, so a subtask that changes meanwhile makes the whole action start over.
/// </summary>
public sealed partial class HumanTaskService
{
    private async Task FollowHierarchyAsync(TaskActionContext c, HumanTask updated, CancellationToken ct)
    {
        var before = c.Task;
        if (updated.Position == HierarchyPosition.SubTask && updated.IsEnded && !before.IsEnded && updated.ParentId is { } parentId)
        {
            await ReleaseParentAsync(c, updated, parentId, ct);
        }

        if (!before.Supports.SubTasks && !before.IsWaitingForSubTask)
        {
            return;
        }

        Func<HumanTask, HumanTask?>? passDown =
            updated.State is TaskState.Terminated or TaskState.Expired && !before.IsEnded ? sub => EndWithParent(c, sub, updated)
            : updated.IsSuspended && !before.IsSuspended ? sub => sub.IsSuspended ? null : Suspend(c, sub, updated.ResumesAt, cancelsClaim: false)
            : !updated.IsSuspended && before.IsSuspended ? sub => sub.IsSuspended ? Resume(c, sub) : null
            : null;
        if (passDown is null)
        {
            return;
        }

        foreach (var sub in await store.ListSubTasksAsync(updated.Id, ct))
        {
            if (!sub.IsEnded && passDown(sub) is { } changed)
            {
                c.Change.Tasks.Add(new TaskWrite(changed with { Version = sub.Version + 1, LastModifiedAt = c.Now }, sub.Version));
            }
        }
    }

    /// <summary>
    /// A subtask was started in this change: the parent waits for it (§5.3), and the parent's escalations activated by
    /// WAITING_FOR_SUBTASK start (§4.6). The parent is fenced by the version read.
    /// </summary>
    private async Task ParentWaitsAsync(TaskActionContext c, StoredTask parent, string subTaskId, CancellationToken ct)
    {
        c.EventFor(parent.Task, TaskEvents.SubTaskStarted, detail: subTaskId);
        var waiting = parent.Task with { IsWaitingForSubTask = true, LastModifiedAt = c.Now, Version = parent.Task.Version + 1 };
        await FollowEscalationsAsync(c, parent.Task, waiting, ct);
        c.Change.Tasks.Add(new TaskWrite(waiting, parent.Task.Version));
    }

    private static HumanTask EndWithParent(TaskActionContext c, HumanTask sub, HumanTask parent)
    {
        c.EventFor(sub, parent.State == TaskState.Expired ? TaskEvents.Expired : TaskEvents.Terminated, detail: $"with parent {parent.Id}");
        return TaskClock.End(sub, parent.State, c.Now, c.Change);
    }

    private async Task ReleaseParentAsync(TaskActionContext c, HumanTask ended, string parentId, CancellationToken ct)
    {
        var parent = (await store.FindAsync(parentId, ct))?.Task;
        if (parent is null || !parent.IsWaitingForSubTask)
        {
            return;
        }

        var siblings = await store.ListSubTasksAsync(parentId, ct);
        if (siblings.All(s => s.Id == ended.Id || s.IsEnded))
        {
            c.EventFor(parent, TaskEvents.SubTasksCompleted);
            var released = parent with { IsWaitingForSubTask = false, LastModifiedAt = c.Now, Version = parent.Version + 1 };
            await FollowEscalationsAsync(c, parent, released, ct);
            c.Change.Tasks.Add(new TaskWrite(released, parent.Version));
        }
    }
}
