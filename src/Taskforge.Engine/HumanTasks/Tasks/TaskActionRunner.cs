using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

public sealed partial class HumanTaskService
{
    /// <summary>
    /// One action on one task: read, check, build the change with <paramref name="effect"/> (which returns the task as it
    /// will be, or null when it removes it), commit fenced by the version read, and on a lost race start over.
    /// </summary>
    /// <param name="read">The task as the caller already read it (allowed to), which then serves the first attempt.</param>
    private async Task<ActionOutcome> ActAsync(
        Caller caller, string id, TaskAction action, Func<TaskActionContext, ValueTask<HumanTask?>> effect, CancellationToken ct, StoredTask? read = null)
    {
        var member = await ChainMemberAsync(id, action, ct);
        if (member != id)
        {
            read = null;
        }

        id = member;
        for (var attempt = 1; ; attempt++)
        {
            var stored = read ?? await ReadAsync(caller, id, ct);
            read = null;
            var check = RequireAllowed(action, stored, caller);
            if (await TryActOnceAsync(caller, stored, check, effect, ct) is { } outcome)
            {
                return outcome;
            }

            if (attempt == Attempts)
            {
                throw new ConflictException($"Task {id} kept changing while {action} was tried; try again.");
            }
        }
    }

    /// <summary>Builds the change on the task as read and commits it; null when the version fence failed (someone acted first).</summary>
    private async Task<ActionOutcome?> TryActOnceAsync(Caller caller, StoredTask stored, TaskActionCheck check, Func<TaskActionContext, ValueTask<HumanTask?>> effect, CancellationToken ct)
    {
        var id = stored.Task.Id;
        var template = await TemplateOfAsync(stored.Task, ct);
        var change = new TaskChange();
        var context = new TaskActionContext(caller, stored, template, check.ResultState, time.GetUtcNow(), change);
        var updated = await effect(context);
        if (updated is not null)
        {
            updated = updated with { Version = stored.Task.Version + 1, LastModifiedAt = context.Now };
            if (updated.State != stored.Task.State)
            {
                updated = updated with { LastStateChangeAt = context.Now };
            }

            updated = await FollowEscalationsAsync(context, stored.Task, updated, ct);
            change.Tasks.Insert(0, new TaskWrite(updated, stored.Task.Version, context.PropertiesChanged));
            await FollowHierarchyAsync(context, updated, ct);
        }

        if (!await store.ApplyAsync(change, ct))
        {
            return null;
        }

        Applied(change);
        var items = updated is null ? stored.WorkItems : Merge(stored.WorkItems, change.Roles.Where(r => r.TaskId == id));
        var view = updated is null ? null : new TaskView(updated, items, TaskPeople.RolesOf(caller, items), template);
        return new ActionOutcome(view, context.Result);
    }

    private static List<WorkItem> Merge(IReadOnlyList<WorkItem> items, IEnumerable<RoleWrite> writes)
    {
        var merged = items.ToList();
        foreach (var write in writes)
        {
            merged.RemoveAll(i => i.Reason == write.Reason);
            merged.AddRange(write.Items);
        }

        return merged;
    }

    /// <summary>What an action leaves: the task as the caller now sees it (null when removed), and the action's own answer.</summary>
    private sealed record ActionOutcome(TaskView? View, object? Result);
}
