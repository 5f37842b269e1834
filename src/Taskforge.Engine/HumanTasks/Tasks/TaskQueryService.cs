using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Task queries (ibm-bpm-htm.md §3.6): a where-clause over IBM's views, or a stored query, restricted to the tasks the
/// caller holds a work item on (user, group, everybody) unless a system administrator or monitor asks for all. And
/// IBM's <c>claimNext</c> and <c>getNext</c> (§3.4) over a plain inbox query: READY, not suspended tasks the caller is a
/// potential owner of (as a user, through a group, or as everybody), narrowed by an optional where-clause, most urgent
/// first (lowest priority number, then longest waiting). Candidates are claimed one after another; one that somebody
/// else claimed meanwhile is an ordinary lost race, so the next is tried, and the query runs again up to
/// <c>maxRetries</c> times when a whole batch was taken.
/// </summary>
public sealed class TaskQueryService(TaskActionRunner actions, TaskLifecycleService lifecycle, ITaskStore store, TimeProvider time)
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
                return await actions.ViewAsync(caller, mine[0].Task.Id, ct);
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
                    return (await lifecycle.ClaimAsync(caller, candidate.Task.Id, ct)).View;
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

    /// <summary>The roles whose work items let a caller read a task: a task appears in a list only if GET would show it.</summary>
    private static readonly IReadOnlyList<TaskRole> ReadingRoles = TaskActionMatrix.Rules.First(r => r.Action == TaskAction.Read).Roles;

    /// <summary><c>GET /tasks/filter</c>: tasks matching a where-clause, in the order asked (default: oldest first).</summary>
    public async Task<TaskPage> QueryAsync(Caller caller, TaskQueryOptions options, CancellationToken ct)
    {
        var query = Build(caller, options, WhereClauseParser.Parse(options.Where), ReadingRoles, options.OrderBy, systemRolesOnly: false);
        return await PageAsync(caller, query, ct);
    }

    /// <summary>How many tasks a where-clause matches for the caller, ignoring the page.</summary>
    public Task<long> CountAsync(Caller caller, TaskQueryOptions options, CancellationToken ct) =>
        store.CountAsync(Build(caller, options, WhereClauseParser.Parse(options.Where), ReadingRoles, null, systemRolesOnly: false), ct);

    /// <summary><c>GET /tasks/query/{QUERY}</c>: a stored query, narrowed by the interaction filter and <c>queryFilter</c>.</summary>
    public async Task<TaskPage> QueryStoredAsync(Caller caller, string name, TaskQueryOptions options, CancellationToken ct) =>
        await PageAsync(caller, Stored(caller, name, options), ct);

    /// <summary><c>GET /tasks/query/{QUERY}/count</c>.</summary>
    public Task<long> CountStoredAsync(Caller caller, string name, TaskQueryOptions options, CancellationToken ct) =>
        store.CountAsync(Stored(caller, name, options), ct);

    private TaskQuery Stored(Caller caller, string name, TaskQueryOptions options)
    {
        var stored = StoredTaskQueries.Find(name) ?? throw new NotFoundException("Stored query", name);
        var where = And(And(WhereClauseParser.Parse(stored.Where), InteractionFilter.ConditionOf(options.InteractionFilter)), WhereClauseParser.Parse(options.Where));
        var order = string.IsNullOrWhiteSpace(options.OrderBy) ? stored.DefaultOrder : SortAttributes(options.OrderBy);
        return Build(caller, options, where, stored.Reasons ?? ReadingRoles, order, stored.SystemRolesOnly);
    }

    private TaskQuery Build(Caller caller, TaskQueryOptions options, WhereCondition? where, IReadOnlyList<TaskRole> reasons, string? orderBy, bool systemRolesOnly)
    {
        if ((options.Admin || systemRolesOnly) && !caller.CanReadEverything)
        {
            throw new AccessDeniedException(systemRolesOnly ? "run a query over every task" : "query with admin=true (every task, regardless of work items)");
        }

        var offset = options.Offset ?? 0;
        var size = options.Size ?? TaskQueryOptions.MaxSize;
        if (offset < 0 || size < 0)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidValue,
                "offset and size are whole numbers of at least 0.", offset < 0 ? "offset" : "size", (offset < 0 ? offset : size).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var visibility = new TaskVisibility(caller.UserName, caller.Groups, Everything: options.Admin || systemRolesOnly, Reasons: reasons, Kinds: options.Kinds);
        return new TaskQuery(visibility, where, WhereClauseParser.ParseOrderBy(orderBy), offset, Math.Min(size, TaskQueryOptions.MaxSize), time.GetUtcNow(),
            options.Text, options.CountAtMost);
    }

    private async Task<TaskPage> PageAsync(Caller caller, TaskQuery query, CancellationToken ct)
    {
        var found = await store.QueryAsync(query, ct);
        var templates = new Dictionary<string, TemplateView>(StringComparer.Ordinal);
        var views = new List<TaskView>(found.Count);
        foreach (var stored in found)
        {
            if (!templates.TryGetValue(stored.Task.TemplateId, out var template))
            {
                template = await actions.TemplateOfAsync(stored.Task, ct);
                templates[stored.Task.TemplateId] = template;
            }

            views.Add(TaskActionRunner.View(caller, stored, template));
        }

        return new TaskPage(views, query.Offset, query.Size);
    }

    private static WhereCondition? And(WhereCondition? left, WhereCondition? right) =>
        left is null ? right : right is null ? left : new AndCondition(left, right);

    /// <summary>
    /// IBM's <c>sortAttributes</c> name query-table attributes without a view (<c>PRIORITY DESC, NAME</c>); those are the
    /// TASK view's. Qualified names pass as they are; the parser then checks every name.
    /// </summary>
    private static string SortAttributes(string sort) =>
        string.Join(", ", sort.Split(',').Select(item => item.Trim()).Select(item => item.Split(' ', 2)[0].Contains('.', StringComparison.Ordinal) ? item : "TASK." + item));
}
