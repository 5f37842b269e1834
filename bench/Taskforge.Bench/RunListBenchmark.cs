using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;
using Taskforge.Storage.Runs;
using Taskforge.Tests.Support;

namespace Taskforge.Bench;

/// <summary>
/// The runs list at scale: N runs (default 1,000,000) seeded with bulk SQL over 50 workflows and 100 users, created one a
/// second; 90 % completed, 5 % failed, 3 % canceled, 1 % waiting, 1 % running. <c>GET /api/v1/runs?limit=50</c> over HTTP,
/// unfiltered and with each filter, as an administrator and as a user who may view 10 of the 50 workflows; p50/p99 as
/// <see cref="PageTiming"/> measures them, on SQLite and PostgreSQL. The plan of each query is printed.
/// </summary>
internal static class RunListBenchmark
{
    private const string AdminPassword = "bench-admin-password-1";
    private const string UserPassword = "bench-runs-password-1";
    private const int Workflows = 50;
    private const long Base = 1_767_225_600_000; // 2026-01-01T00:00:00Z; run i is created Base + i seconds

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var runs = 1_000_000;
        string? only = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--runs" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out runs) && runs >= 10_000:
                case "--db" when args[i + 1] is "sqlite" or "postgres":
                    only = args[i] == "--db" ? args[i + 1] : only;
                    continue;
                default:
                    Console.Error.WriteLine("usage: runs-list [--runs N] [--db sqlite|postgres]   (N >= 10000, default 1000000)");
                    return 2;
            }
        }

        TasksBenchmark.Progress("building the server (Release)");
        var serverDll = await ServerBuild.BuildServerAsync(ServerBuild.FindRepositoryRoot(), ct);
        TasksBenchmark.Progress("starting PostgreSQL");
        await using var postgres = await ThrowawayPostgres.StartAsync(durable: true, ct);
        (string Name, string Provider, Func<string, Task<string>> CreateAsync)[] databases =
        [
            ("SQLite", "sqlite", dir => Task.FromResult($"Data Source={Path.Combine(dir, "runs.db")}")),
            ("PostgreSQL", "postgres", _ => postgres.CreateDatabaseAsync("bench_run_list", ct)),
        ];

        var rows = new List<string>();
        foreach (var (name, provider, create) in databases.Where(d => only is null || d.Provider == only))
        {
            var dir = Directory.CreateTempSubdirectory("taskforge-runlist-").FullName;
            try
            {
                var connection = await create(dir);
                var environment = PageTiming.ServerEnvironment(provider, connection, AdminPassword);
                await using (var first = ServerProcess.Start(serverDll, dir, environment))
                {
                    await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), ct);
                    await PrepareAsync(first.BaseAddress, ct);
                }

                TasksBenchmark.Progress($"{name}: seeding {runs:N0} runs");
                var seed = Stopwatch.StartNew();
                await using (var db = await InboxBenchmark.OpenAsync(provider, connection, ct))
                {
                    await InboxBenchmark.ExecuteAsync(db, provider == "sqlite" ? SqliteSeed : PostgresSeed, [("Count", runs), ("Base", Base)], ct);
                    TasksBenchmark.Progress(string.Create(CultureInfo.InvariantCulture, $"  seeded in {seed.Elapsed.TotalSeconds:F0} s"));
                    var plans = Cases(runs).Select(c => ($"admin {c.Label}", new RunListQuery(c.Filter with { Limit = 51 }, null)))
                        .Append(("viewer none", new RunListQuery(new RunFilter(Limit: 51), [.. Enumerable.Range(0, 10).Select(w => $"w{w}")])));
                    foreach (var (label, query) in plans)
                    {
                        foreach (var line in await PlanAsync(db, provider, query, ct))
                        {
                            Console.WriteLine($"    {name} {label}: {line}");
                        }
                    }
                }

                await using var server = ServerProcess.Start(serverDll, dir, environment);
                await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), ct);
                foreach (var (caller, password) in new[] { ("admin", AdminPassword), ("viewer", UserPassword) })
                {
                    using var client = InboxBenchmark.Client(server.BaseAddress, caller, password);
                    foreach (var (label, _, path) in Cases(runs))
                    {
                        var (p50, p99, items) = await PageTiming.TimeAsync(client, path, ct);
                        TasksBenchmark.Progress(string.Create(CultureInfo.InvariantCulture, $"  {caller} {label}: p50 {p50:F1} ms, p99 {p99:F1} ms, {items} items"));
                        rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {runs:N0} | {caller} | {label} | {items} | {p50:F1} | {p99:F1} |"));
                    }
                }
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| Database | Runs | Caller | Filter | Items on the page | p50 (ms) | p99 (ms) |");
        Console.WriteLine("|---|---:|---|---|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>The lists timed: the filter as the store reads it (for the plan) and the request that asks for it.</summary>
    private static IEnumerable<(string Label, RunFilter Filter, string Path)> Cases(int runs)
    {
        var middle = DateTimeOffset.FromUnixTimeMilliseconds(Base + (runs / 2 * 1000L));
        var day = middle.AddDays(1);
        var cursor = new RunCursor(middle, $"{runs / 2:x32}");
        yield return ("none", new RunFilter(), "api/v1/runs?limit=50");
        yield return ("workflow", new RunFilter(WorkflowId: "w7"), "api/v1/runs?limit=50&workflow=w7");
        yield return ("state=failed", new RunFilter(State: RunState.Failed), "api/v1/runs?limit=50&state=failed");
        yield return ("startedBy", new RunFilter(StartedBy: "u42"), "api/v1/runs?limit=50&startedBy=u42");
        yield return ("time range (1 day)", new RunFilter(From: middle, To: day),
            $"api/v1/runs?limit=50&from={Uri.EscapeDataString(middle.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(day.ToString("O", CultureInfo.InvariantCulture))}");
        yield return ("cursor (middle)", new RunFilter(After: cursor), $"api/v1/runs?limit=50&cursor={Uri.EscapeDataString(cursor.ToString())}");
        yield return ("workflow+state+startedBy", new RunFilter(WorkflowId: "w7", State: RunState.Failed, StartedBy: "u42"),
            "api/v1/runs?limit=50&workflow=w7&state=failed&startedBy=u42");
    }

    /// <summary>The 50 workflows, and the user "viewer" who may view w0…w9.</summary>
    private static async Task PrepareAsync(Uri baseAddress, CancellationToken ct)
    {
        using var client = InboxBenchmark.Client(baseAddress, "admin", AdminPassword);
        for (var w = 0; w < Workflows; w++)
        {
            var permissions = w < 10 ? """{"viewer":"r"}""" : "{}";
            using var content = new StringContent($$"""{"name":"Bench {{w}}","permissions":{{permissions}},"steps":[{"type":"end"}]}""", Encoding.UTF8, "application/json");
            using var response = await client.PutAsync(new Uri($"api/v1/workflows/w{w}", UriKind.Relative), content, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PUT w{w} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        }

        using var user = await InboxBenchmark.PostAsync(client, "api/v1/users", $$"""{"name": "viewer", "password": "{{UserPassword}}"}""", ct);
    }

    private static Task<List<string>> PlanAsync(DbConnection db, string provider, RunListQuery query, CancellationToken ct)
    {
        var (sql, parameters) = RunListSql.Build(query, provider);
        return PageTiming.PlanAsync(db, provider, sql, parameters, ct);
    }

    // Workflow i % 50, starter (i / 7) % 100, state by a hash of i / 50 (the same for one run of each workflow), so that
    // no filter lines up with another.
    private const string State = """
        CASE WHEN ((i / 50) * 7919) % 100 < 90 THEN 'completed' WHEN ((i / 50) * 7919) % 100 < 95 THEN 'failed'
             WHEN ((i / 50) * 7919) % 100 < 98 THEN 'canceled' WHEN ((i / 50) * 7919) % 100 < 99 THEN 'waiting' ELSE 'running' END
        """;

    private static readonly string SqliteSeed = $$"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @Count - 1)
        INSERT INTO runs (id, workflow_id, workflow_revision, state, started_by, inputs, variables, steps_done, error, cancel_requested, version,
                          created_at, ended_at, updated_at)
        SELECT printf('%032x', i), 'w' || (i % {{Workflows}}), 1, {{State}}, 'u' || ((i / 7) % 100), '{}', '{}', 3,
               CASE WHEN ((i / 50) * 7919) % 100 BETWEEN 90 AND 94 THEN 'boom' END, 0, 3,
               @Base + i * 1000, CASE WHEN ((i / 50) * 7919) % 100 < 98 THEN @Base + i * 1000 + 500 END, @Base + i * 1000 + 500
        FROM n;
        """;

    private static readonly string PostgresSeed = $$"""
        INSERT INTO runs (id, workflow_id, workflow_revision, state, started_by, inputs, variables, steps_done, error, cancel_requested, version,
                          created_at, ended_at, updated_at)
        SELECT lpad(to_hex(i), 32, '0'), 'w' || (i % {{Workflows}}), 1, {{State}},
               'u' || ((i / 7) % 100), '{}', '{}', 3,
               CASE WHEN ((i / 50) * 7919) % 100 BETWEEN 90 AND 94 THEN 'boom' END, 0, 3,
               @Base + i::bigint * 1000, CASE WHEN ((i / 50) * 7919) % 100 < 98 THEN @Base + i::bigint * 1000 + 500 END, @Base + i::bigint * 1000 + 500
        FROM generate_series(0, @Count - 1) AS i;
        ANALYZE runs;
        """;
}
