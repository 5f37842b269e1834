using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Faults;

/// <summary>
/// One server process on a SQLite file under <see cref="FaultLoad"/>, killed with SIGKILL at random moments and started
/// again, for a given time. After every kill, before the restart: <c>PRAGMA integrity_check</c> answers ok, and every
/// run and task step a client was told was done is in the file. At the end every acknowledged run has finished, each of
/// its script steps logged exactly once.
/// </summary>
public static class SqliteKillLoop
{
    /// <param name="MinKills">Kills made even when the duration has passed (a slow machine's restarts take most of a short run).</param>
    public sealed record Options(string ServerDll, string WorkDirectory, TimeSpan Duration, TimeSpan MinUp, TimeSpan MaxUp, int Clients, TextWriter Log, int MinKills = 0);

    public sealed record Result(
        TimeSpan Ran, int Kills, int IntegrityChecks, int RunsAcknowledged, int TasksCreated, int TasksClaimed, int TasksCompleted,
        long Calls, long Unanswered, long Refused, IReadOnlyList<string> FirstRefusals, IReadOnlyList<string> Violations);

    public static async Task<Result> RunAsync(Options options, CancellationToken ct)
    {
        var database = Path.Combine(options.WorkDirectory, "taskforge.db");
        var violations = new List<string>();
        var clock = Stopwatch.StartNew();
        ServerProcess? server = null;
        using var load = new FaultLoad(() => server!.BaseAddress);
        var kills = 0;
        var checks = 0;
        try
        {
            server = await StartAsync(options, database, ct);
            await load.SetUpAsync(ct);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var clients = Enumerable.Range(0, options.Clients).Select(c => Task.Run(() => load.ClientAsync(c, stop.Token), CancellationToken.None)).ToArray();
            while (clock.Elapsed < options.Duration || kills < options.MinKills)
            {
                var up = options.MinUp + (options.MaxUp - options.MinUp) * Random.Shared.NextDouble();
                await Task.Delay(up, ct);
                await server.DisposeAsync(); // SIGKILL
                kills++;
                checks++;
                violations.AddRange(Check(database, load, final: false).Select(v => $"after kill {kills}: {v}"));
                await options.Log.WriteLineAsync($"{clock.Elapsed:mm\\:ss} kill {kills}: runs {load.Runs.Count}, tasks {load.Tasks.Count}, violations {violations.Count}");
                server = await StartAsync(options, database, ct);
            }

            await stop.CancelAsync();
            await Task.WhenAll(clients);
            await WaitForRunsAsync(database, load, TimeSpan.FromSeconds(120), ct);
            await server.DisposeAsync();
            checks++;
            violations.AddRange(Check(database, load, final: true).Select(v => $"at the end: {v}"));
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        return new Result(
            clock.Elapsed, kills, checks, load.Runs.Count,
            load.Tasks.Count, load.Tasks.Values.Count(l => l >= 2), load.Tasks.Values.Count(l => l >= 3),
            load.Attempts, load.Unanswered, load.Refused, [.. load.FirstRefusals], violations);
    }

    private static async Task<ServerProcess> StartAsync(Options options, string database, CancellationToken ct)
    {
        var environment = new Dictionary<string, string>
        {
            ["Taskforge__Storage__Provider"] = "sqlite",
            ["Taskforge__Storage__ConnectionString"] = $"Data Source={database}",
            ["TASKFORGE_ADMIN_PASSWORD"] = FaultLoad.AdminPassword,
            ["Taskforge__Identity__PasswordIterations"] = "1000",
            ["Taskforge__Samples__Load"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // A new process is a new node: a short lease hands the dead one's runs over within the loop.
            ["Taskforge__Runs__Lease"] = "00:00:02",
        };
        var server = ServerProcess.Start(options.ServerDll, options.WorkDirectory, environment);
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), ct);
        return server;
    }

    /// <summary>Reads the file with no server on it: integrity, and every acknowledged write.</summary>
    public static List<string> Check(string database, FaultLoad load, bool final)
    {
        var violations = new List<string>();
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        var integrity = Scalar(connection, "PRAGMA integrity_check;");
        if (integrity != "ok")
        {
            violations.Add($"integrity_check: {integrity}");
        }

        var runs = Rows(connection, "SELECT id, state FROM runs;");
        foreach (var run in load.Runs.Keys)
        {
            if (!runs.TryGetValue(run, out var state))
            {
                violations.Add($"run {run} was acknowledged (202) and is lost");
            }
            else if (final && state != "completed")
            {
                violations.Add($"run {run} ended {state}, not completed");
            }
        }

        if (final)
        {
            var lines = Rows(connection, "SELECT run_id, group_concat(message, ',') FROM (SELECT run_id, message FROM run_logs WHERE origin = 'system' ORDER BY run_id, seq) GROUP BY run_id;");
            foreach (var run in load.Runs.Keys.Where(runs.ContainsKey))
            {
                if (lines.GetValueOrDefault(run) != "a,b")
                {
                    violations.Add($"run {run} logged its steps as [{lines.GetValueOrDefault(run)}], not [a,b] (a step ran twice or not at all)");
                }
            }
        }

        var tasks = Rows(connection, "SELECT id, CAST(state AS TEXT) FROM tasks;");
        foreach (var (task, level) in load.Tasks)
        {
            if (!tasks.TryGetValue(task, out var state))
            {
                violations.Add($"task {task} was acknowledged (201) and is lost");
                continue;
            }

            // IBM states: 2 ready, 8 claimed, 5 finished.
            var allowed = level switch { 1 => new[] { "2", "8", "5" }, 2 => ["8", "5"], _ => ["5"] };
            if (!allowed.Contains(state))
            {
                violations.Add($"task {task}: acknowledged step {level} but its state is {state}");
            }
        }

        return violations;
    }

    private static async Task WaitForRunsAsync(string database, FaultLoad load, TimeSpan timeout, CancellationToken ct)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < timeout)
        {
            await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
            {
                await connection.OpenAsync(ct);
                var open = Scalar(connection, "SELECT count(*) FROM runs WHERE state NOT IN ('completed', 'failed', 'canceled');");
                if (open == "0")
                {
                    return;
                }
            }

            await Task.Delay(500, ct);
        }
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static Dictionary<string, string> Rows(SqliteConnection connection, string sql)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows[reader.GetString(0)] = reader.IsDBNull(1) ? "" : reader.GetString(1);
        }

        return rows;
    }
}
