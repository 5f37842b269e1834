using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage;
using Taskforge.Storage.Migrations;
using Taskforge.Storage.Runs;
using Taskforge.Tests.Support;

namespace Taskforge.Bench;

/// <summary>
/// What the runs list's indexes (migration 0010) and the step timeline (0011) cost a run's writes, below HTTP and the
/// engine: runs of three steps written straight through <see cref="SqlRunStore"/> (a start and three checkpoints, a log
/// line each), one after another, into two databases of one dialect, one as migrated and one with the indexes of
/// before 0010; with and without the timeline rows. The four variants take turns in rounds of 100 runs, so a busy
/// machine slows them alike; the median of 20 rounds (after 4 warm-up rounds) is reported per run.
/// </summary>
internal static class CheckpointCostBenchmark
{
    private const int RunsPerRound = 100;
    private const int Rounds = 24;
    private const int WarmupRounds = 4;

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        TasksBenchmark.Progress("starting PostgreSQL");
        await using var postgres = await ThrowawayPostgres.StartAsync(durable: true, ct);
        var dir = Directory.CreateTempSubdirectory("taskforge-checkpoints-").FullName;
        try
        {
            Console.WriteLine("| Database | before 0010 and 0011 (ms/run) | + indexes of 0010 | + timeline of 0011 | both |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, provider) in new[] { ("SQLite", StorageOptions.Sqlite), ("PostgreSQL", StorageOptions.Postgres) })
            {
                async Task<SqlDatabase> OpenAsync(string db) => StorageServiceCollectionExtensions.Open(new StorageOptions
                {
                    Provider = provider,
                    ConnectionString = provider == StorageOptions.Sqlite ? $"Data Source={Path.Combine(dir, db + ".db")}" : await postgres.CreateDatabaseAsync(db, ct),
                });
                await using var current = await OpenAsync("bench_current");
                await using var earlier = await OpenAsync("bench_earlier");
                foreach (var database in new[] { current, earlier })
                {
                    await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).MigrateAsync(DateTimeOffset.UnixEpoch, ct);
                }

                await using (var connection = await earlier.OpenAsync(ct))
                {
                    await connection.ExecuteAsync(new CommandDefinition("""
                        DROP INDEX ix_runs_created; DROP INDEX ix_runs_state; DROP INDEX ix_runs_started_by; DROP INDEX ix_runs_workflow;
                        CREATE INDEX ix_runs_workflow ON runs (workflow_id, created_at)
                        """, cancellationToken: ct));
                }

                (string Name, SqlRunStore Store, bool Steps)[] variants =
                [
                    ("neither", new SqlRunStore(earlier), false), ("indexes", new SqlRunStore(current), false), ("timeline", new SqlRunStore(earlier), true),
                    ("both", new SqlRunStore(current), true),
                ];
                var perRun = variants.ToDictionary(v => v.Name, _ => new List<double>());
                var n = 0;
                for (var round = 0; round < Rounds; round++)
                {
                    foreach (var (variant, store, steps) in round % 2 == 0 ? variants : variants.Reverse())
                    {
                        var clock = Stopwatch.StartNew();
                        for (var i = 0; i < RunsPerRound; i++)
                        {
                            await WriteRunAsync(store, $"{n++:x32}", steps, ct);
                        }

                        if (round >= WarmupRounds)
                        {
                            perRun[variant].Add(clock.Elapsed.TotalMilliseconds / RunsPerRound);
                        }
                    }
                }

                double Median(string variant) => perRun[variant].Order().ElementAt(perRun[variant].Count / 2);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {Median("neither"):F3} | {Median("indexes"):F3} | {Median("timeline"):F3} | {Median("both"):F3} |"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    // A run leased to this node, as a local start stores it, then three steps that go on and the last that completes.
    private static async Task WriteRunAsync(SqlRunStore store, string id, bool timeline, CancellationToken ct)
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var run = new Run(id, "bench", 1, RunState.Running, "bench", "{}", "{}", "s1", 0, null, false, now, "node", now.AddMinutes(1), 0, now, null);
        await store.CreateAsync(run, [new RunLogEntry(now, "info", "server", "started", "bench")], ct);
        var version = 0L;
        for (var step = 1; step <= 3; step++)
        {
            var final = step == 3;
            var checkpoint = new RunCheckpoint(final ? RunState.Completed : RunState.Running, """{"x":1}""", final ? null : $"s{step + 1}", step, null,
                final ? null : now, [new RunLogEntry(now, "info", "system", "a line", null)], now, now.AddMinutes(1),
                EndedStep: timeline ? new EndedStep($"s{step}", now) : null, StepStartedAt: timeline && !final ? now : null);
            version = (await store.CheckpointAsync(id, "node", version, checkpoint, ct))?.Version
                ?? throw new InvalidOperationException($"The checkpoint of run {id} was refused.");
        }
    }
}
