using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Server;
using Npgsql;

namespace Taskforge.Bench.Peers;

/// <summary>Hangfire with PostgreSQL storage; configuration as in anchors-measured.md §1.3.</summary>
internal sealed class HangfirePeer : IPeer
{
    private const int ClientParallelism = 8;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static int s_configured;

    public string Name { get; } = $"Hangfire {Peers.VersionOf(typeof(BackgroundJob))} + Hangfire.PostgreSql {Peers.VersionOf(typeof(PostgreSqlStorage))}";

    // anchors-measured.md used 40 s; here scheduling 10,000 jobs took 32-51 s (docs/benchmarks.md), so 120 s.
    public int DefaultLeadSeconds => 120;

    public IReadOnlyList<(string Setting, string Value)> Configuration { get; } =
    [
        ("store", "`PostgreSqlStorage` (schema `hangfire`, created by the storage), compatibility level 1.8, simple assembly names, recommended serializer settings"),
        ("concurrency per node", "`WorkerCount = 20` (default 10 on 2 cores)"),
        ("batching", "none (one job per fetch, `FOR UPDATE SKIP LOCKED`)"),
        ("polling", "`QueuePollInterval = 100 ms`, `SchedulePollingInterval = 100 ms` (defaults 15 s)"),
        ("left at defaults", "distributed-lock table, invisibility timeout 30 min, long polling off, automatic retry 10 attempts, misfire handling Relaxed"),
        ("one burst job", $"`BackgroundJobClient.Schedule(…, due)`, {ClientParallelism} in parallel"),
        ("one steady job", $"`RecurringJobManager.AddOrUpdate(…, Cron.Minutely(), UTC)`, {ClientParallelism} in parallel; due = the job's `Time` parameter"),
        ("driver", $"Npgsql {Peers.VersionOf(typeof(NpgsqlConnection))}, pool max {Matrix.PoolSize} per process (shared with the job body)"),
    ];

    public Task CreateSchemaAsync(string connectionString, CancellationToken ct)
    {
        // Constructing the storage installs its schema (PrepareSchemaIfNecessary); nodes start later and skip it.
        _ = CreateStorage(connectionString, prepareSchema: true);
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> StartNodeAsync(string connectionString, string node, CancellationToken ct)
    {
        var storage = CreateStorage(connectionString, prepareSchema: false);
        var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            ServerName = node,
            WorkerCount = 20,
            SchedulePollingInterval = PollInterval,
        }, storage);
        return Task.FromResult<IAsyncDisposable>(new Running(server));
    }

    public async Task ScheduleBurstAsync(string connectionString, int count, DateTimeOffset due, CancellationToken ct)
    {
        var client = new BackgroundJobClient(CreateStorage(connectionString, prepareSchema: false));
        var dueMs = due.ToUnixTimeMilliseconds();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = ClientParallelism, CancellationToken = ct },
            (i, _) =>
            {
                client.Schedule(() => HangfireJobs.FireOnceAsync(i, dueMs), due);
                return ValueTask.CompletedTask;
            });
    }

    public async Task ScheduleEveryMinuteAsync(string connectionString, int count, CancellationToken ct)
    {
        var manager = new RecurringJobManager(CreateStorage(connectionString, prepareSchema: false));
        var options = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = ClientParallelism, CancellationToken = ct },
            (i, _) =>
            {
                manager.AddOrUpdate($"steady-{i.ToString(CultureInfo.InvariantCulture)}",
                    Job.FromExpression(() => HangfireJobs.FireEveryMinuteAsync(i, null)), Cron.Minutely(), options);
                return ValueTask.CompletedTask;
            });
    }

    private static PostgreSqlStorage CreateStorage(string connectionString, bool prepareSchema)
    {
        if (Interlocked.Exchange(ref s_configured, 1) == 0)
        {
            GlobalConfiguration.Configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
        }

        var options = new PostgreSqlStorageOptions { QueuePollInterval = PollInterval, PrepareSchemaIfNecessary = prepareSchema };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    private sealed class Running(BackgroundJobServer server) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            server.SendStop();
            server.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The job methods Hangfire serializes by name; public so that any node can resolve them.</summary>
public static class HangfireJobs
{
    public static Task FireOnceAsync(int jobId, long dueUnixMs)
    {
        var firedAt = TimeProvider.System.GetUtcNow();
        return JobBody.RecordAsync(jobId, DateTimeOffset.FromUnixTimeMilliseconds(dueUnixMs), firedAt, CancellationToken.None);
    }

    /// <summary>Hangfire passes the <see cref="PerformContext"/>; a recurring job's <c>Time</c> parameter is the instant it was due.</summary>
    public static Task FireEveryMinuteAsync(int jobId, PerformContext? context)
    {
        var firedAt = TimeProvider.System.GetUtcNow();
        var time = context?.GetJobParameter<long?>("Time");
        // Unix seconds; milliseconds are accepted too in case a storage writes them.
        var due = time switch
        {
            null => firedAt,
            > 100_000_000_000 => DateTimeOffset.FromUnixTimeMilliseconds(time.Value),
            _ => DateTimeOffset.FromUnixTimeSeconds(time.Value),
        };
        return JobBody.RecordAsync(jobId, JobBody.MinuteOf(due), firedAt, CancellationToken.None);
    }
}
