using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Timers;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// A follow-on chain as one task (ibm-bpm-htm.md §4.4, §5.3): it is auto-deleted as a whole once its last task has
/// ended, and an escalation of one member escalates the chain.
/// </summary>
public sealed partial class HumanTaskService
{
    /// <summary>
    /// The deletion timer fired. The task goes with its whole follow-on chain and everything below it (subtasks), each
    /// chain member fenced by the version read. Which auto-deletion applies is the ending task's own: the last task's
    /// template decides for the chain, as its output is the chain's output (the reference only says the forwarded
    /// parent is deleted when its follow-on ends). While the chain's last task is still open, or when the chain
    /// starts at a subtask (deleted with its parent, §5.3), nothing is deleted and the stray deletion time is cleared:
    /// no FORWARDED task is ever deleted alone.
    /// </summary>
    private async Task<bool> AutoDeleteAsync(DueTimer timer, CancellationToken ct) =>
        await ActAsSystemAsync(timer.OwnerId, TaskAction.Read, t => t.IsEnded && t.DeletionAt == timer.SlotAt, async c =>
        {
            var chain = await ChainOfAsync(c.Task, ct);
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
            foreach (var below in Below(chain[0].Id, await store.ListHierarchyAsync(chain[0].TopLevelId, ct)).Where(t => !members.Contains(t.Id)))
            {
                c.Change.Deleted.Add(new TaskDelete(below.Id, null));
            }

            return null;
        }, ct) is not null;

    /// <summary>
    /// §4.4, §5.3: "escalation in a follow-on chain escalates all follow-on tasks in the chain". Only a chain's last task
    /// is open, so only it escalates; its forwarded predecessors take the escalated substate with it (the originator
    /// finds the chain by its first task), and follow-ons made later inherit it (<see cref="CompleteWithFollowOnAsync"/>).
    /// </summary>
    private async Task EscalateChainAsync(TaskActionContext c, CancellationToken ct)
    {
        foreach (var member in await ChainOfAsync(c.Task, ct))
        {
            if (member.Id != c.Task.Id && !member.IsEscalated)
            {
                c.Change.Tasks.Add(new TaskWrite(member with { IsEscalated = true, LastModifiedAt = c.Now, Version = member.Version + 1 }, member.Version));
            }
        }
    }

    /// <summary>The follow-on chain <paramref name="task"/> belongs to, first task first; a task in no chain is a chain of one.</summary>
    private async Task<List<HumanTask>> ChainOfAsync(HumanTask task, CancellationToken ct)
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
}
