using System.Globalization;
using Npgsql;
using Quartz;

namespace Taskforge.Bench.Peers;

/// <summary>Quartz.NET with the clustered ADO job store (JobStoreTX, PostgreSQLDelegate); configuration as in anchors-measured.md §1.3.</summary>
internal sealed class QuartzPeer : IPeer
{
    private const string SchedulerName = "TaskforgeBench";
    private const int ScheduleChunk = 500;
    private const string EveryMinute = "0 * * ? * *";
    private const string TablePrefix = "qrtz_";

    public string Name { get; } = "Quartz.NET " + Peers.VersionOf(typeof(IScheduler));

    // anchors-measured.md used 35 s; here scheduling 10,000 jobs took 51-87 s (docs/benchmarks.md), and jobs due
    // before they are all scheduled misfire after 60 s and stall, so 120 s.
    public int DefaultLeadSeconds => 120;

    public IReadOnlyList<(string Setting, string Value)> Configuration { get; } =
    [
        ("store", "ADO job store (`UsePostgres`: local transactions, PostgreSQL delegate), `UseClustering()`, table prefix `QRTZ_`, schema = the script Quartz ships for itself (`create_postgres.sql` in Quartz.dll), checked by Quartz at start"),
        ("concurrency per node", "`UseDefaultThreadPool(20)` = `quartz.threadPool.maxConcurrency` (default 10)"),
        ("batching", "`MaxBatchSize = 20` = `quartz.scheduler.batchTriggerAcquisitionMaxCount` (4.7 default: automatic, the thread pool size on a database)"),
        ("polling", "`IdleWaitTime = 1 s` = `quartz.scheduler.idleWaitTime` (default 30 s)"),
        ("left at defaults", "lock-free firing rounds on, `AcquireTriggersWithinLock` off, misfire threshold 60 s, cluster check-in 7.5 s, System.Text.Json serializer, execution history off"),
        ("one burst job", $"JobDetail + SimpleTrigger (repeat 0) at the due instant; `ScheduleJobs` in chunks of {ScheduleChunk} by a never-started client scheduler"),
        ("one steady job", $"JobDetail + CronTrigger `{EveryMinute}` (UTC), default misfire policy; same client, same chunks"),
        ("driver", $"Npgsql {Peers.VersionOf(typeof(NpgsqlConnection))}, pool max {Matrix.PoolSize} per process (shared with the job body)"),
    ];

    public async Task CreateSchemaAsync(string connectionString, CancellationToken ct)
    {
        // The script Quartz runs itself under SchemaProvisioning.CreateIfMissing, read from the Quartz assembly so that
        // the schema is exactly the one of the pinned version; run here once, because two nodes provisioning at the same
        // moment would race. Its format: {0} = table prefix, {1} = prefix for index names, statements split by "--;;".
        await using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream("Quartz.Impl.AdoJobStore.Schema.create_postgres.sql")
            ?? throw new InvalidOperationException($"Quartz {Peers.VersionOf(typeof(IScheduler))} does not carry create_postgres.sql.");
        using var reader = new StreamReader(stream);
        var script = (await reader.ReadToEndAsync(ct)).Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        foreach (var statement in script.Split("\n--;;", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task<IAsyncDisposable> StartNodeAsync(string connectionString, string node, CancellationToken ct)
    {
        var scheduler = await CreateSchedulerAsync(connectionString, node, ct);
        await scheduler.Start(ct);
        return new Running(scheduler);
    }

    public async Task ScheduleBurstAsync(string connectionString, int count, DateTimeOffset due, CancellationToken ct)
    {
        var client = await CreateSchedulerAsync(connectionString, "coordinator", ct);
        try
        {
            await ScheduleInChunksAsync<QuartzBurstJob>(client, count, i => TriggerBuilder.Create()
                .WithIdentity($"t{i.ToString(CultureInfo.InvariantCulture)}", "burst")
                .StartAt(due)
                .WithSimpleSchedule(s => s.WithRepeatCount(0))
                .Build(), ct);
        }
        finally
        {
            await client.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
        }
    }

    public async Task ScheduleEveryMinuteAsync(string connectionString, int count, CancellationToken ct)
    {
        var client = await CreateSchedulerAsync(connectionString, "coordinator", ct);
        try
        {
            await ScheduleInChunksAsync<QuartzSteadyJob>(client, count, i => TriggerBuilder.Create()
                .WithIdentity($"t{i.ToString(CultureInfo.InvariantCulture)}", "steady")
                .StartNow()
                .WithCronSchedule(EveryMinute, c => c.InTimeZone(TimeZoneInfo.Utc))
                .Build(), ct);
        }
        finally
        {
            await client.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
        }
    }

    private static async Task ScheduleInChunksAsync<TJob>(IScheduler client, int count, Func<int, ITrigger> trigger, CancellationToken ct)
        where TJob : IJob
    {
        for (var start = 0; start < count; start += ScheduleChunk)
        {
            var chunk = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
            for (var i = start; i < Math.Min(count, start + ScheduleChunk); i++)
            {
                var job = JobBuilder.Create<TJob>().WithIdentity($"j{i.ToString(CultureInfo.InvariantCulture)}", "bench").Build();
                chunk.Add(job, [trigger(i)]);
            }

            await client.ScheduleJobs(chunk, default, ct);
        }
    }

    private static async Task<IScheduler> CreateSchedulerAsync(string connectionString, string instanceId, CancellationToken ct)
    {
        var builder = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = SchedulerName;
                o.InstanceId = instanceId;
                o.IdleWaitTime = TimeSpan.FromSeconds(1);
                o.MaxBatchSize = 20;
            });
            q.UseDefaultThreadPool(20);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering();
                store.ConfigureStore(o => o.TablePrefix = TablePrefix);
            });
        });
        return await builder.BuildScheduler(ct);
    }

    private sealed class Running(IScheduler scheduler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
    }
}

/// <summary>A one-time job: due = the trigger's start time (unchanged if the trigger misfires).</summary>
public sealed class QuartzBurstJob : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var firedAt = TimeProvider.System.GetUtcNow();
        await JobBody.RecordAsync(QuartzJobs.IdOf(context), context.Trigger.StartTimeUtc, firedAt, cancellationToken);
    }
}

/// <summary>An every-minute job: due = the minute of the scheduled fire time.</summary>
public sealed class QuartzSteadyJob : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var firedAt = TimeProvider.System.GetUtcNow();
        var scheduled = context.ScheduledFireTimeUtc ?? firedAt;
        await JobBody.RecordAsync(QuartzJobs.IdOf(context), JobBody.MinuteOf(scheduled), firedAt, cancellationToken);
    }
}

internal static class QuartzJobs
{
    /// <summary>Job "j123" → 123.</summary>
    public static int IdOf(IJobExecutionContext context) =>
        int.Parse(context.JobDetail.Key.Name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);
}
