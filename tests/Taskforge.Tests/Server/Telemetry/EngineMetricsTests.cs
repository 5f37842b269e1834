using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine.Telemetry;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server.Telemetry;

/// <summary>
/// The engine's and the store's instruments, read with a MeterListener while real flows run on a real server: a fire,
/// its run and human task (with a claim race), and a run that fails; on SQLite and on PostgreSQL.
/// </summary>
public sealed class EngineMetricsTests(PostgresFixture postgres) : IDisposable
{
    private readonly SqliteFile _file = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RealFlows_WriteEveryEngineAndStoreInstrument(StoreProvider provider)
    {
        var storage = provider == StoreProvider.Sqlite ? _file.Options : await postgres.CreateDatabaseAsync("metrics");
        await using var server = await ServerInstance.StartAsync(storage, "--Taskforge:Node:Id=metrics-node");
        using var log = new MeasurementLog(server.App.Services.GetRequiredService<IMeterFactory>());

        var (fired, taskId, failed) = await new TelemetryFlows(server).RunAllAsync();
        await server.App.Services.GetRequiredService<CountsSnapshot>().RefreshAsync(Ct);
        log.Observe();

        // Fires: the one slot started a run, and its lag from slot to commit was recorded in seconds.
        Assert.Equal(1, log.Sum("taskforge.schedule.fires", "taskforge.fire.outcome=started"));
        var lag = Assert.Single(log.Of("taskforge.schedule.fire.lag"));
        Assert.Equal("s", lag.Unit);
        Assert.InRange(lag.Value, 0, 30);
        Assert.True(log.Sum("taskforge.timer.fired", "taskforge.timer.kind=schedule") >= 1);

        // Runs: one started by the fire, one by a request; one completed, one failed, each with its duration.
        Assert.Equal(1, log.Sum("taskforge.run.started", "taskforge.run.trigger=schedule"));
        Assert.Equal(1, log.Sum("taskforge.run.started", "taskforge.run.trigger=request"));
        Assert.Equal(1, log.Sum("taskforge.run.ended", "taskforge.run.state=completed"));
        Assert.Equal(1, log.Sum("taskforge.run.ended", "taskforge.run.state=failed"));
        Assert.Single(log.Of("taskforge.run.duration", "taskforge.run.state=completed"));
        Assert.Single(log.Of("taskforge.run.duration", "taskforge.run.state=failed"));

        // Steps by kind: the script went on, the task step waited and then went on, the end and the fail step ended their runs.
        Assert.Single(log.Of("taskforge.step.duration", "taskforge.step.kind=script", "taskforge.run.state=running"));
        Assert.Single(log.Of("taskforge.step.duration", "taskforge.step.kind=task", "taskforge.run.state=waiting-signal"));
        Assert.Single(log.Of("taskforge.step.duration", "taskforge.step.kind=task", "taskforge.run.state=running"));
        Assert.Single(log.Of("taskforge.step.duration", "taskforge.step.kind=end", "taskforge.run.state=completed"));
        Assert.Single(log.Of("taskforge.step.duration", "taskforge.step.kind=fail", "taskforge.run.state=failed"));

        // Task actions: the claim race has one winner and one conflict; the winner completed.
        Assert.Equal(1, log.Sum("taskforge.task.actions", "taskforge.task.action=claim", "taskforge.task.action.result=succeeded"));
        Assert.Equal(1, log.Sum("taskforge.task.actions", "taskforge.task.action=claim", "taskforge.task.action.result=conflict"));
        Assert.Equal(1, log.Sum("taskforge.task.actions", "taskforge.task.action=complete", "taskforge.task.action.result=succeeded"));

        // Gauges: nothing is driven now on this node; the finished task is counted by state; every timer kind is reported.
        Assert.Equal(0, log.Of("taskforge.run.active", "taskforge.node.id=metrics-node")[^1].Value);
        Assert.Equal(1, log.Of("taskforge.task.count", "taskforge.task.state=finished")[^1].Value);
        Assert.Equal(0, log.Of("taskforge.task.count", "taskforge.task.state=ready")[^1].Value);
        Assert.NotEmpty(log.Of("taskforge.timer.due", "taskforge.timer.kind=schedule"));
        Assert.NotEmpty(log.Of("taskforge.timer.overdue", "taskforge.timer.kind=schedule"));

        // The store: transactions timed by database, and group commits carrying at least one write each.
        var system = provider == StoreProvider.Sqlite ? "sqlite" : "postgresql";
        Assert.NotEmpty(log.Of("taskforge.store.transaction.duration", $"db.system.name={system}", "taskforge.transaction.outcome=committed"));
        var batches = log.Of("taskforge.store.group_commit.batch_size", $"db.system.name={system}");
        Assert.NotEmpty(batches);
        Assert.All(batches, b => Assert.InRange(b.Value, 1, 256));
        Assert.NotEqual(fired, failed);
        Assert.NotEmpty(taskId);
    }

    public void Dispose() => _file.Dispose();
}
