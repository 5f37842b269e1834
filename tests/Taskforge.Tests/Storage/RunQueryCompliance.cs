using Dapper;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;
using Taskforge.Storage;
using Taskforge.Storage.Runs;

namespace Taskforge.Tests.Storage;

/// <summary>
/// The runs list on each dialect: newest first, paged by cursor (never skipping or repeating runs of one instant),
/// each filter and the rights of the caller, and every filter read as an index range in order (no sort, no table scan).
/// </summary>
public abstract class RunQueryCompliance : EngineNodeTestBase
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static Caller Alice { get; } = new("u-alice", "alice", SystemRoles.None, []);

    private static Caller Monitor { get; } = new("u-mo", "mo", SystemRoles.Monitor, []);

    private RunQueries Queries => Service<RunQueries>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var workflows = Service<WorkflowService>();
        await workflows.SaveAsync(Caller.System, "alpha", DefinitionDocuments.Parse(
            """{"name":"Alpha","permissions":{"alice":"r"},"steps":[{"type":"end"}]}""", yaml: false), Ct);
        await workflows.SaveAsync(Caller.System, "beta", DefinitionDocuments.Parse(
            """{"name":"Beta","steps":[{"type":"end"}]}""", yaml: false), Ct);
        var store = Service<IRunStore>();
        // r1…r7: three share 09:02, so a page boundary falls between runs of one instant.
        (string Id, string Workflow, RunState State, string By, int Minute)[] runs =
        [
            ("r1", "alpha", RunState.Completed, "alice", 0), ("r2", "beta", RunState.Failed, "bob", 1), ("r3", "alpha", RunState.Failed, "bob", 2),
            ("r4", "beta", RunState.Completed, "alice", 2), ("r5", "alpha", RunState.Running, "alice", 2), ("r6", "beta", RunState.Waiting, "bob", 3),
            ("r7", "alpha", RunState.Completed, "bob", 4),
        ];
        foreach (var (id, workflow, state, by, minute) in runs)
        {
            var created = T0.AddMinutes(minute);
            await store.CreateAsync(new Run(id, workflow, 1, state, by, "{}", "{}", null, 0, state == RunState.Failed ? "boom" : null, false, null, null, null, 0,
                created, RunStates.IsFinal(state) ? created.AddSeconds(5) : null), [], Ct);
        }
    }

    [Fact]
    public async Task List_IsNewestFirst_AndPagesByCursor_WithoutSkippingRunsOfOneInstant()
    {
        var seen = new List<string>();
        RunCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await Queries.ListAsync(Caller.System, new RunFilter(After: cursor, Limit: 2), Ct);
            seen.AddRange(page.Items.Select(i => i.Run.Id));
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(["r7", "r6", "r5", "r4", "r3", "r2", "r1"], seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task List_FiltersByWorkflowStateStarterAndTime()
    {
        async Task<IEnumerable<string>> IdsAsync(RunFilter filter) => (await Queries.ListAsync(Caller.System, filter, Ct)).Items.Select(i => i.Run.Id);

        Assert.Equal(["r7", "r5", "r3", "r1"], await IdsAsync(new RunFilter(WorkflowId: "alpha")));
        Assert.Equal(["r3", "r2"], await IdsAsync(new RunFilter(State: RunState.Failed)));
        Assert.Equal(["r5", "r4", "r1"], await IdsAsync(new RunFilter(StartedBy: "alice")));
        Assert.Equal(["r5", "r4", "r3"], await IdsAsync(new RunFilter(From: T0.AddMinutes(2), To: T0.AddMinutes(3))));
        Assert.Equal(["r3"], await IdsAsync(new RunFilter(WorkflowId: "alpha", State: RunState.Failed, StartedBy: "bob", From: T0.AddMinutes(1))));
    }

    [Fact]
    public async Task List_ItemsCarryTheWorkflowName()
    {
        var page = await Queries.ListAsync(Caller.System, new RunFilter(Limit: 1), Ct);

        var item = Assert.Single(page.Items);
        Assert.Equal("Alpha", item.WorkflowName);
        Assert.Equal(RunState.Completed, item.Run.State);
        Assert.Equal(T0.AddMinutes(4), item.Run.CreatedAt);
        Assert.Equal(T0.AddMinutes(4).AddSeconds(5), item.Run.EndedAt);
    }

    [Fact]
    public async Task List_ShowsACaller_TheRunsOfWorkflowsTheyMayView_AndMonitorsEverything()
    {
        var alice = await Queries.ListAsync(Alice, new RunFilter(), Ct);
        var monitor = await Queries.ListAsync(Monitor, new RunFilter(), Ct);
        var hidden = await Assert.ThrowsAsync<NotFoundException>(() => Queries.ListAsync(Alice, new RunFilter(WorkflowId: "beta"), Ct));
        var nobody = await Queries.ListAsync(new Caller("u-x", "x", SystemRoles.None, []), new RunFilter(), Ct);

        Assert.Equal(["r7", "r5", "r3", "r1"], alice.Items.Select(i => i.Run.Id));
        Assert.Equal(7, monitor.Items.Count);
        Assert.NotNull(hidden);
        Assert.Empty(nobody.Items);
    }

    [Fact]
    public async Task List_WithToBeforeFrom_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Queries.ListAsync(Caller.System, new RunFilter(From: T0, To: T0), Ct));

        Assert.Contains("to", error.Errors.Keys);
    }

    public static TheoryData<string> Filters => ["none", "workflow", "state", "startedBy", "time", "cursor", "visible", "workflow+state+startedBy+time"];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task List_ReadsAnIndexRangeInOrder_ForEveryFilter(string filters)
    {
        var filter = new RunFilter(Limit: 51);
        foreach (var name in filters.Split('+'))
        {
            filter = name switch
            {
                "workflow" => filter with { WorkflowId = "alpha" },
                "state" => filter with { State = RunState.Failed },
                "startedBy" => filter with { StartedBy = "bob" },
                "time" => filter with { From = T0, To = T0.AddHours(1) },
                "cursor" => filter with { After = new RunCursor(T0.AddMinutes(2), "r4") },
                _ => filter,
            };
        }

        var (sql, parameters) = RunListSql.Build(new RunListQuery(filter, filters == "visible" ? ["alpha", "beta"] : null), Database.Provider);
        var plan = await PlanAsync(sql, parameters);

        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal) || line.Contains("Sort", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Trim() == "SCAN runs" || line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    // PostgreSQL is told to avoid table scans and sorts wherever any other plan exists, so a tiny table still shows
    // whether an index gives the order; SQLite's planner picks by the query's shape, its plan as it would run.
    private async Task<List<string>> PlanAsync(string sql, DynamicParameters parameters)
    {
        await using var connection = await Database.OpenAsync(Ct);
        var postgres = Database.Provider == StorageOptions.Postgres;
        if (postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SET enable_seqscan = off; SET enable_sort = off", cancellationToken: Ct));
        }

        var rows = await connection.QueryAsync(new CommandDefinition((postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql, parameters, cancellationToken: Ct));
        return [.. rows.Select(r => (string)(postgres ? ((IDictionary<string, object>)r)["QUERY PLAN"] : ((IDictionary<string, object>)r)["detail"]))];
    }
}
