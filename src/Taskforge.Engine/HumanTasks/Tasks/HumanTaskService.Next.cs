using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// IBM's <c>claimNext</c> and <c>getNext</c> (ibm-bpm-htm.md §3.4) over a plain inbox query: READY, not suspended tasks
/// the caller is a potential owner of (as a user, through a group, or as everybody), narrowed by an optional
/// where-clause, most urgent first (lowest priority number, then longest waiting). Candidates are claimed one after
/// another; one that somebody else claimed meanwhile is an ordinary lost race, so the next is tried, and the query
/// runs again up to <c>maxRetries</c> times when a whole batch was taken.
/// </summary>
public sealed partial class HumanTaskService
{
    private const int NextBatch = 10;

    private static readonly WhereCondition Claimable = WhereClauseParser.Parse("TASK.STATE = TASK.STATE.STATE_READY AND TASK.SUSPENDED = FALSE")!;

    private static readonly WhereCondition ClaimedByCaller = WhereClauseParser.Parse("TASK.STATE = TASK.STATE.STATE_CLAIMED")!;

    private static readonly IReadOnlyList<OrderByItem> MostUrgentFirst = WhereClauseParser.ParseOrderBy("TASK.PRIORITY ASC, TASK.ACTIVATED ASC, TASK.TKIID ASC");

    /// <param name="kinds">Which kinds of potential-owner work items count (IBM's everybody, individual, group); null: all.</param>
    /// <returns>The task now claimed (or, for <paramref name="getNext"/>, one the caller already had), or null when there is none.</returns>
    public async Task<TaskView?> ClaimNextAsync(
        Caller caller, WhereCondition? filter, IReadOnlyList<OrderByItem> order, bool getNext, int maxRetries, CancellationToken ct, WorkItemKinds? kinds = null)
    {
        var sort = order.Count > 0 ? order : MostUrgentFirst;
        if (getNext)
        {
            // Ownership is always the caller's own work item, whatever the kinds asked for: what I hold I get back first.
            var owned = new TaskVisibility(caller.UserName, [], Reasons: [TaskRole.Owner]);
            var mine = await store.QueryAsync(new TaskQuery(owned, And(ClaimedByCaller, filter), sort, 0, 1, time.GetUtcNow()), ct);
            if (mine.Count > 0)
            {
                return await GetAsync(caller, mine[0].Task.Id, ct);
            }
        }

        var potential = new TaskVisibility(caller.UserName, caller.Groups, Reasons: [TaskRole.PotentialOwner], Kinds: kinds);
        for (var round = 0; round <= maxRetries; round++)
        {
            var candidates = await store.QueryAsync(new TaskQuery(potential, And(Claimable, filter), sort, 0, NextBatch, time.GetUtcNow()), ct);
            foreach (var candidate in candidates)
            {
                try
                {
                    return (await ClaimAsync(caller, candidate.Task.Id, ct)).View;
                }
                catch (TaskRuleException ex) when (ex.Kind == TaskRuleKind.Conflict)
                {
                    // Claimed (or suspended) by someone else since the query: try the next one.
                }
            }

            if (candidates.Count < NextBatch)
            {
                return null;
            }
        }

        return null;
    }
}
