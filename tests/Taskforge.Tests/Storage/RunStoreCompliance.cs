using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage.Runs;

namespace Taskforge.Tests.Storage;

/// <summary>Leases, fenced checkpoints and claims of runs, on each dialect.</summary>
public abstract class RunStoreCompliance : StoreTestBase
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqlRunStore Store => new(Database);

    [Fact]
    public async Task Claim_TakesDueRunsOnce_UntilTheLeaseExpires()
    {
        await Store.CreateAsync(NewRun("r1"), [], Ct);

        var first = await Store.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, Ct);
        var second = await Store.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, Ct);
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var afterExpiry = await Store.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, Ct);

        Assert.Equal("node-a", Assert.Single(first).LeaseOwner);
        Assert.Empty(second);
        Assert.Equal("node-b", Assert.Single(afterExpiry).LeaseOwner);
    }

    [Fact]
    public async Task Checkpoint_IsRefused_FromANodeThatLostTheRun()
    {
        await Store.CreateAsync(NewRun("r2"), [], Ct);
        var mine = Assert.Single(await Store.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, Ct));
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var theirs = Assert.Single(await Store.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, Ct));

        var stale = await Store.CheckpointAsync("r2", "node-a", mine.Version, Step(RunState.Completed, "late"), Ct);
        var current = await Store.CheckpointAsync("r2", "node-b", theirs.Version, Step(RunState.Running, "step-2", due: Time.GetUtcNow()), Ct);

        Assert.Null(stale);
        Assert.Equal(theirs.Version + 1, current);
        var run = await Store.FindAsync("r2", Ct);
        Assert.Equal("step-2", run!.CurrentStep);
        Assert.Equal("node-b", run.LeaseOwner);
    }

    [Fact]
    public async Task Checkpoint_ReleasesTheLease_WhenTheRunWaitsOrEnds_AndKeepsTheLogs()
    {
        await Store.CreateAsync(NewRun("r3"), [Log("created")], Ct);
        var claimed = Assert.Single(await Store.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, Ct));

        var waiting = await Store.CheckpointAsync("r3", "node-a", claimed.Version,
            Step(RunState.Waiting, "pause", due: Time.GetUtcNow().AddMinutes(5), logs: [Log("step 1"), Log("step 1 again")]), Ct);
        var early = await Store.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, Ct);
        Time.Advance(TimeSpan.FromMinutes(5));
        var resumed = Assert.Single(await Store.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, Ct));
        var done = await Store.CheckpointAsync("r3", "node-b", resumed.Version, Step(RunState.Completed, null, logs: [Log("done")]), Ct);

        Assert.NotNull(waiting);
        Assert.Empty(early);
        Assert.NotNull(done);
        var run = await Store.FindAsync("r3", Ct);
        Assert.Equal(RunState.Completed, run!.State);
        Assert.Null(run.LeaseOwner);
        Assert.Null(run.DueAt);
        Assert.NotNull(run.EndedAt);
        Assert.Equal(["created", "step 1", "step 1 again", "done"], (await Store.ListLogsAsync("r3", 100, Ct)).Select(l => l.Message).ToArray());
    }

    [Fact]
    public async Task ConcurrentClaims_NeverHandOneRunToTwoNodes()
    {
        for (var i = 0; i < 60; i++)
        {
            await Store.CreateAsync(NewRun($"many-{i}"), [], Ct);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(n =>
            Task.Run(() => Store.ClaimDueAsync($"node-{n}", Time.GetUtcNow(), Lease, 15, Ct), Ct)));

        var ids = claims.SelectMany(c => c).Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(60, ids.Count);
    }

    [Fact]
    public async Task RequestCancel_MakesAWaitingRunDue_AndIgnoresFinalOnes()
    {
        await Store.CreateAsync(NewRun("r4") with { State = RunState.WaitingSignal, DueAt = null }, [], Ct);
        await Store.CreateAsync(NewRun("r5") with { State = RunState.Completed, DueAt = null }, [], Ct);

        Assert.True(await Store.RequestCancelAsync("r4", Time.GetUtcNow(), Ct));
        Assert.False(await Store.RequestCancelAsync("r5", Time.GetUtcNow(), Ct));
        var claimed = Assert.Single(await Store.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, Ct));
        Assert.Equal("r4", claimed.Id);
        Assert.True(claimed.CancelRequested);
    }

    [Fact]
    public async Task Delete_RemovesTheRunAndItsLogs()
    {
        await Store.CreateAsync(NewRun("r6"), [Log("hello")], Ct);

        Assert.True(await Store.DeleteAsync("r6", Ct));

        Assert.Null(await Store.FindAsync("r6", Ct));
        Assert.Empty(await Store.ListLogsAsync("r6", 10, Ct));
        Assert.False(await Store.DeleteAsync("r6", Ct));
    }

    private Run NewRun(string id) => new(id, "wf", 1, RunState.Running, "admin", "{}", "{}", "first", 0, null, false,
        Time.GetUtcNow(), null, null, 0, Time.GetUtcNow(), null);

    private RunCheckpoint Step(RunState state, string? step, DateTimeOffset? due = null, IReadOnlyList<RunLogEntry>? logs = null) =>
        new(state, "{\"x\":1}", step, 1, null, due, logs ?? [], Time.GetUtcNow());

    private RunLogEntry Log(string message) => new(Time.GetUtcNow(), "info", "server", message, "admin");
}
