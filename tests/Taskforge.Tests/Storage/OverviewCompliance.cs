using Dapper;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Operations;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Tests.Storage;

/// <summary>The operations overview on each dialect: the last hour's runs and fires, waiting tasks by age, the latest failures.</summary>
public abstract class OverviewCompliance : EngineNodeTestBase
{
    private static readonly Caller Monitor = new("u-mo", "mo", SystemRoles.Monitor, []);

    [Fact]
    public async Task TheOverview_CountsTheLastHour_TheTasksWaitingByAge_AndTheLatestFailures()
    {
        // Three tasks waiting 8 days and more, 2½ hours and half an hour.
        var template = await SaveAsync("""{"name": "Help", "kind": "collaboration", "roles": {"potentialOwners": {"users": ["hank"]}}}""");
        var tasks = Service<TaskLifecycleService>();
        await tasks.CreateAsync(Caller.System, new TaskCreation(template, TaskStartMode.Async), Ct);
        Time.Advance(TimeSpan.FromDays(8));
        await tasks.CreateAsync(Caller.System, new TaskCreation(template, TaskStartMode.Async), Ct);
        Time.Advance(TimeSpan.FromHours(2));
        await tasks.CreateAsync(Caller.System, new TaskCreation(template, TaskStartMode.Async), Ct);
        Time.Advance(TimeSpan.FromMinutes(30));
        var now = Time.GetUtcNow();
        foreach (var (id, state, minutesAgo) in new[]
        {
            ("old-failure", RunState.Failed, 120), ("r1", RunState.Failed, 30), ("r2", RunState.Completed, 10), ("r3", RunState.Running, 5), ("r4", RunState.Failed, 0),
        })
        {
            await AddRunAsync(id, state, now.AddMinutes(-minutesAgo));
        }

        foreach (var (slotMinutesAgo, lagMs, outcome) in new[]
        {
            (180, 5, "started"), (50, 100, "started"), (40, 300, "started"), (30, 90_000, "skipped-misfire"), (20, 10, "refused"),
        })
        {
            await AddFireAsync(now.AddMinutes(-slotMinutesAgo), lagMs, outcome);
        }

        var overview = await Service<OverviewService>().GetAsync(Monitor, Ct);

        Assert.Equal((now.AddHours(-1), now), (overview.Since, overview.Until));
        Assert.Equal(4, overview.Runs.Total);
        Assert.Equal((2, 1, 1, 0), (overview.Runs.ByState[RunState.Failed], overview.Runs.ByState[RunState.Completed], overview.Runs.ByState[RunState.Running],
            overview.Runs.ByState[RunState.Canceled]));
        Assert.Equal(4, overview.Fires.Total);
        Assert.Equal((2, 1, 0, 1), (overview.Fires.ByOutcome[FireOutcome.Started], overview.Fires.ByOutcome[FireOutcome.SkippedMisfire],
            overview.Fires.ByOutcome[FireOutcome.SkippedOverlap], overview.Fires.ByOutcome[FireOutcome.Refused]));
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), 2), (overview.Fires.LagP50, overview.Fires.LagP99, overview.Fires.LagSample));
        Assert.Equal(3, overview.Tasks.Total);
        Assert.Equal([("under 1 h", 1), ("1 h to 1 d", 1), ("1 d to 7 d", 0), ("7 d or more", 1)], overview.Tasks.ByAge.Select(b => (b.Label, b.Count)));
        Assert.Equal(["r4", "r1", "old-failure"], overview.FailedRuns.Select(r => r.Run.Id));
    }

    [Fact]
    public async Task TheOverview_OfAQuietServer_HasZeroesAndNoLag()
    {
        var overview = await Service<OverviewService>().GetAsync(Caller.System, Ct);

        Assert.Equal(0, overview.Runs.Total);
        Assert.All(overview.Runs.ByState.Values, n => Assert.Equal(0, n));
        Assert.Equal(4, overview.Fires.ByOutcome.Count);
        Assert.Null(overview.Fires.LagP50);
        Assert.Equal(0, overview.Tasks.Total);
        Assert.Empty(overview.FailedRuns);
    }

    [Fact]
    public async Task TheOverview_IsForAdministratorsAndMonitorsOnly()
    {
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => Service<OverviewService>().GetAsync(new Caller("u-a", "alice", SystemRoles.None, []), Ct));

        Assert.Contains("overview", error.Message, StringComparison.Ordinal);
    }

    private Task AddRunAsync(string id, RunState state, DateTimeOffset created) =>
        Service<IRunStore>().CreateAsync(new Run(id, "gone", 1, state, "alice", "{}", "{}", null, 0, null, false, null, null, null, 0, created,
            RunStates.IsFinal(state) ? created : null), [], Ct);

    // Fires are seeded as rows: how they are decided and recorded is the schedule suites' business.
    private async Task AddFireAsync(DateTimeOffset slot, long lagMs, string outcome)
    {
        await using var connection = await Database.OpenAsync(Ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schedule_fires (schedule_id, slot_at, fired_at, run_id, outcome, node) VALUES ('s1', @Slot, @Fired, NULL, @Outcome, 'n')",
            new { Slot = slot.ToUnixTimeMilliseconds(), Fired = slot.ToUnixTimeMilliseconds() + lagMs, Outcome = outcome }, cancellationToken: Ct));
    }
}
