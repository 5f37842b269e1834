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
        Assert.Equal(theirs.Version + 1, current?.Version);
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

    [Fact]
    public async Task Checkpoint_TellsTheNode_ThatACancelWasRequested()
    {
        await Store.CreateAsync(NewRun("c1"), [], Ct);
        var claimed = Assert.Single(await Store.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, Ct));
        var before = await Store.CheckpointAsync("c1", "node-a", claimed.Version, Step(RunState.Running, "s2", due: Time.GetUtcNow()), Ct);

        Assert.True(await Store.RequestCancelAsync("c1", Time.GetUtcNow(), Ct));
        var after = await Store.CheckpointAsync("c1", "node-a", before!.Value.Version, Step(RunState.Running, "s3", due: Time.GetUtcNow()), Ct);

        Assert.False(before.Value.CancelRequested);
        Assert.True(after!.Value.CancelRequested);
    }

    [Fact]
    public async Task Checkpoint_StartsAChildWithTheParentsWait_AndTheChildsEndWakesTheParent()
    {
        await Store.CreateAsync(NewRun("parent"), [], Ct);
        var parent = Assert.Single(await Store.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, Ct));
        var child = NewRun("child") with { ParentRunId = "parent" };

        var waiting = await Store.CheckpointAsync("parent", "node-a", parent.Version,
            Step(RunState.WaitingSignal, "call") with { Child = child }, Ct);
        var nothingDueButTheChild = await Store.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, Ct);
        var childRun = Assert.Single(nothingDueButTheChild);
        await Store.CheckpointAsync("child", "node-b", childRun.Version, Step(RunState.Completed, null), Ct);
        var woken = Assert.Single(await Store.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, Ct));

        Assert.NotNull(waiting);
        Assert.Equal("child", childRun.Id);
        Assert.Equal("parent", childRun.ParentRunId);
        Assert.Equal("parent", woken.Id);
        Assert.Equal(RunState.WaitingSignal, woken.State);
    }

    [Fact]
    public async Task Checkpoint_OfALostRun_DoesNotStartItsChild()
    {
        await Store.CreateAsync(NewRun("p2"), [], Ct);
        var mine = Assert.Single(await Store.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, Ct));
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Single(await Store.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, Ct));

        var stale = await Store.CheckpointAsync("p2", "node-a", mine.Version,
            Step(RunState.WaitingSignal, "call") with { Child = NewRun("c2") with { ParentRunId = "p2" } }, Ct);

        Assert.Null(stale);
        Assert.Null(await Store.FindAsync("c2", Ct));
    }

    [Fact]
    public async Task RenewLeases_ExtendsHeldLeases_AndReportsLostAndCancelledRuns()
    {
        foreach (var id in new[] { "l1", "l2", "l3" })
        {
            await Store.CreateAsync(NewRun(id), [], Ct);
        }

        Assert.Equal(3, (await Store.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, Ct)).Count);
        await Store.RequestCancelAsync("l2", Time.GetUtcNow(), Ct);
        Time.Advance(Lease / 2);
        var first = await Store.RenewLeasesAsync("node-a", ["l1", "l2"], Time.GetUtcNow() + Lease, Ct);
        Time.Advance(Lease / 2 + TimeSpan.FromSeconds(1));
        var takenOver = await Store.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, Ct);
        var renewal = await Store.RenewLeasesAsync("node-a", ["l1", "l2", "l3"], Time.GetUtcNow() + Lease, Ct);

        Assert.Empty(first.Lost);
        Assert.Equal(["l3"], renewal.Lost);
        Assert.Equal(["l2"], renewal.CancelRequested);
        Assert.Equal(["l3"], takenOver.Select(r => r.Id));
    }

    [Fact]
    public async Task ConcurrentStartsAndCheckpoints_ShareCommits_AndEachGetsItsOwnOutcome()
    {
        var ids = Enumerable.Range(0, 200).Select(i => $"g{i}").ToList();
        await Task.WhenAll(ids.Select(id => Task.Run(() => Store.CreateAsync(NewRun(id) with { LeaseOwner = "node-a", LeaseExpiresAt = Time.GetUtcNow() + Lease }, [Log(id)], Ct), Ct)));

        // Half at the right version, half at a stale one: the batch must not let one outcome leak into another.
        var results = await Task.WhenAll(ids.Select((id, i) => Task.Run(() => Store.CheckpointAsync(id, "node-a", i % 2 == 0 ? 0 : 5,
            Step(RunState.Completed, null, logs: [Log("end " + id)]), Ct), Ct)));

        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(i % 2 == 0, results[i] is not null);
            var run = await Store.FindAsync(ids[i], Ct);
            Assert.Equal(i % 2 == 0 ? RunState.Completed : RunState.Running, run!.State);
            Assert.Equal(i % 2 == 0 ? 2 : 1, (await Store.ListLogsAsync(ids[i], 10, Ct)).Count);
        }
    }

    private Run NewRun(string id) => new(id, "wf", 1, RunState.Running, "admin", "{}", "{}", "first", 0, null, false,
        Time.GetUtcNow(), null, null, 0, Time.GetUtcNow(), null);

    private RunCheckpoint Step(RunState state, string? step, DateTimeOffset? due = null, IReadOnlyList<RunLogEntry>? logs = null) =>
        new(state, "{\"x\":1}", step, 1, null, due, logs ?? [], Time.GetUtcNow());

    private RunLogEntry Log(string message) => new(Time.GetUtcNow(), "info", "server", message, "admin");
}
