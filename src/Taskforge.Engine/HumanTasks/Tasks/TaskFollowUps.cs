using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// What a change means for the task's escalations and for the tasks around it, worked out inside every action
/// (<see cref="TaskActionRunner"/>): escalations follow the state the change leaves the task in (ibm-bpm-htm.md §4.6);
/// a parent waits until all its subtasks have ended, and suspending, resuming, terminating and expiring a parent does
/// the same to its subtasks still going (§5.3). Everything lands in the same change, each task fenced by the version
/// read, so a task that changes meanwhile makes the whole action start over.
/// </summary>
public sealed class TaskFollowUps(ITaskStore store, TaskTemplateService templates)
{
    /// <summary>
    /// Keeps a task's escalations in step with the state a change leaves it in (for the action's own task and for a
    /// parent that starts or stops waiting for its subtasks). <paramref name="before"/> is the task as read: history
    /// entries are numbered from it, and a parent that stops waiting makes its SUBTASKS_COMPLETED escalations superfluous.
    /// </summary>
    public async Task<HumanTask> FollowEscalationsAsync(TaskActionContext c, HumanTask before, HumanTask updated, CancellationToken ct)
    {
        var template = updated.TemplateId == c.Template.Template.Id ? c.Template.Template : (await templates.OfTaskAsync(updated, ct)).Template;
        if (template.EscalationChains.Count == 0)
        {
            return updated;
        }

        // The instances as this change leaves them: stored ones overlaid with what the effect already wrote.
        var written = c.Change.Escalations.Where(e => e.TaskId == updated.Id).GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.Last());
        var escalations = (await store.ListEscalationsAsync(updated.Id, ct)).Select(e => written.GetValueOrDefault(e.Id, e)).ToList();
        if (before.IsWaitingForSubTask && !updated.IsWaitingForSubTask && !updated.IsEnded)
        {
            escalations = TaskEscalations.SubTasksCompleted(c, escalations, template);
        }

        TaskEscalations.Follow(c, updated, escalations, template, before.Id == c.Task.Id ? null : before);
        return updated;
    }

    /// <summary>A subtask that ended may release its parent; a parent that ended, was suspended or resumed passes it down.</summary>
    public async Task FollowHierarchyAsync(TaskActionContext c, HumanTask updated, CancellationToken ct)
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
            : updated.IsSuspended && !before.IsSuspended ? sub => sub.IsSuspended ? null : TaskTransitions.Suspend(c, sub, updated.ResumesAt, cancelsClaim: false)
            : !updated.IsSuspended && before.IsSuspended ? sub => sub.IsSuspended ? TaskTransitions.Resume(c, sub) : null
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
    public async Task ParentWaitsAsync(TaskActionContext c, StoredTask parent, string subTaskId, CancellationToken ct)
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
