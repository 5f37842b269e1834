using Taskforge.Engine.HumanTasks.Lifecycle;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Follow-on chains and hierarchies as the store holds them (ibm-bpm-htm.md §4.4, §5.3). A chain behaves as one task:
/// suspend, resume and terminate of a forwarded member act on the chain's current task, only the first task's expiry
/// counts, and the chain is deleted as a whole.
/// </summary>
public sealed class TaskChains(ITaskStore store)
{
    private static readonly TaskAction[] ChainActions = [TaskAction.Suspend, TaskAction.SuspendAndCancelClaim, TaskAction.Resume, TaskAction.Terminate];

    /// <summary>The follow-on chain <paramref name="task"/> belongs to, first task first; a task in no chain is a chain of one.</summary>
    public async Task<List<HumanTask>> ChainOfAsync(HumanTask task, CancellationToken ct)
    {
        var head = task;
        for (var hops = 0; head.Position == HierarchyPosition.FollowOnTask && head.ParentId is { } previous && hops < 1000; hops++)
        {
            if ((await store.FindAsync(previous, ct))?.Task is not { } found)
            {
                break;
            }

            head = found;
        }

        var chain = new List<HumanTask> { head };
        for (var hops = 0; chain[^1].FollowOnId is { } next && hops < 1000; hops++)
        {
            if ((await store.FindAsync(next, ct))?.Task is not { } found)
            {
                break;
            }

            chain.Add(found.Id == task.Id ? task : found);
        }

        return chain;
    }

    /// <summary>The task a chain of follow-ons has reached: follow <see cref="HumanTask.FollowOnId"/> to its end.</summary>
    public async Task<HumanTask?> LastOfChainAsync(HumanTask task, CancellationToken ct)
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

    /// <summary>The task an action on <paramref name="id"/> acts on: for suspend, resume and terminate of a forwarded chain member, the chain's current task (§5.3).</summary>
    public async Task<string> ChainMemberAsync(string id, TaskAction action, CancellationToken ct)
    {
        if (!ChainActions.Contains(action) || !HumanTaskIds.IsTaskId(id) || (await store.FindAsync(id, ct))?.Task is not { State: TaskState.Forwarded } forwarded)
        {
            return id;
        }

        return (await LastOfChainAsync(forwarded, ct))?.Id ?? id;
    }

    /// <summary>Every task under <paramref name="id"/> (subtasks and follow-ons, at any depth) in its hierarchy.</summary>
    public static List<HumanTask> Below(string id, IReadOnlyList<HumanTask> hierarchy)
    {
        var below = new List<HumanTask>();
        var parents = new HashSet<string>(StringComparer.Ordinal) { id };
        for (var grew = true; grew;)
        {
            var found = hierarchy.Where(t => t.ParentId is { } p && parents.Contains(p) && !parents.Contains(t.Id)).ToList();
            below.AddRange(found);
            grew = found.Count > 0;
            parents.UnionWith(found.Select(t => t.Id));
        }

        return below;
    }
}
