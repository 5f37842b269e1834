using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Taskforge.Tests.Support;

namespace Taskforge.Bench;

/// <summary>
/// Issue 4's scheduler workloads against the real server: a burst of one-time tasks due at one instant (drain,
/// fires/s, lag, duplicates, misses) and a steady load of every-minute tasks (lag per fire). Tasks are created through
/// <c>POST /vco/api/tasks</c>; fires are read from the database afterwards (<c>schedule_fires</c>: slot and fire
/// instant of every fired slot, <c>runs</c>: the runs they started).
/// </summary>
internal static class SchedulesBenchmark
{
    private const string AdminPassword = "bench-admin-password-1";
    private const string Workflow = """{"name":"Bench noop","permissions":{"everybody":"rx"},"steps":[{"type":"end"}]}""";

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: schedules [--burst N] [--steady N] [--minutes M] [--lead S] [--only burst|steady] [--db sqlite|postgres] [--server dll]");
            return 2;
        }

        var serverDll = options.Server ?? await ServerBuild.BuildServerAsync(ServerBuild.FindRepositoryRoot(), ct);
        await using var postgres = await ThrowawayPostgres.StartAsync(durable: true, ct);
        var rows = new List<string>();
        (string Name, string Provider, int Nodes)[] setups = [("SQLite", "sqlite", 1), ("PostgreSQL", "postgres", 1), ("PostgreSQL", "postgres", 2)];
        foreach (var (name, provider, nodes) in setups.Where(s => options.Db is null || s.Provider == options.Db))
        {
            if (options.Only is null or "burst")
            {
                Progress($"burst: {name}, {nodes} node(s), {options.Burst} tasks");
                rows.Add(await BurstAsync(serverDll, postgres, name, provider, nodes, options, ct));
                Progress("  " + rows[^1]);
            }

            if (options.Only is null or "steady" && nodes == 1)
            {
                Progress($"steady: {name}, {options.Steady} every-minute tasks, {options.Minutes} min");
                rows.Add(await SteadyAsync(serverDll, postgres, name, provider, options, ct));
                Progress("  " + rows[^1]);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}"));
        Console.WriteLine();
        Console.WriteLine("| workload | database | nodes | tasks | fired | drain s | fires/s | lag p50 ms | lag p99 ms | lag max ms | duplicates | misses | per node | create s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        return 0;
    }

    private static async Task<string> BurstAsync(string dll, ThrowawayPostgres postgres, string name, string provider, int nodes, Options options, CancellationToken ct)
    {
        await using var cluster = await Cluster.StartAsync(dll, postgres, provider, nodes, "bench_burst", ct);
        var due = DateTimeOffset.UtcNow.AddSeconds(options.Lead);
        var created = Stopwatch.StartNew();
        await CreateTasksAsync(cluster, options.Burst, i => OneTime(i, due), ct);
        created.Stop();
        if (DateTimeOffset.UtcNow > due)
        {
            Progress($"  warning: creating took {created.Elapsed.TotalSeconds:F1} s, past the due instant; raise --lead");
        }

        var fires = await WaitForFiresAsync(cluster, options.Burst, TimeSpan.FromSeconds(60), ct);
        var lags = fires.Select(f => (double)(f.FiredAt - f.Slot)).Order().ToArray();
        var drain = fires.Count == 0 ? double.NaN : (fires.Max(f => f.FiredAt) - due.ToUnixTimeMilliseconds()) / 1000.0;
        var duplicates = await DuplicatesAsync(cluster, ct);
        return Row("burst", name, nodes, options.Burst, fires, drain, fires.Count / drain, lags, duplicates, options.Burst - fires.Select(f => f.ScheduleId).Distinct().Count(),
            created.Elapsed.TotalSeconds);
    }

    private static async Task<string> SteadyAsync(string dll, ThrowawayPostgres postgres, string name, string provider, Options options, CancellationToken ct)
    {
        await using var cluster = await Cluster.StartAsync(dll, postgres, provider, 1, "bench_steady", ct);
        var created = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow;
        await CreateTasksAsync(cluster, options.Steady, i => EveryMinute(i, start), ct);
        created.Stop();
        // Measure whole minutes that begin after every task exists.
        var first = NextMinute(DateTimeOffset.UtcNow.AddSeconds(1));
        var end = first.AddMinutes(options.Minutes);
        await Task.Delay(end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5), ct);
        var fires = (await ReadFiresAsync(cluster, ct)).Where(f => f.Slot >= first.ToUnixTimeMilliseconds() && f.Slot < end.ToUnixTimeMilliseconds()).ToList();
        var lags = fires.Select(f => (double)(f.FiredAt - f.Slot)).Order().ToArray();
        var expected = options.Steady * options.Minutes;
        var duplicates = await DuplicatesAsync(cluster, ct);
        return Row($"steady {options.Minutes} min", name, 1, options.Steady, fires, double.NaN, double.NaN, lags, duplicates, expected - fires.Count,
            created.Elapsed.TotalSeconds);
    }

    private static string OneTime(int i, DateTimeOffset due) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"name":"burst-{{i}}","workflow":{"id":"noop"},"recurrence-cycle":"one-time","recurrence-pattern":"(UTC) ","recurrence-start-date":"{{due:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}"}
        """);

    private static string EveryMinute(int i, DateTimeOffset start) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"name":"steady-{{i}}","workflow":{"id":"noop"},"recurrence-cycle":"every-minutes","recurrence-pattern":"(UTC) 0,","recurrence-start-date":"{{start:yyyy-MM-dd'T'HH:mm:ss'Z'}}"}
        """);

    private static DateTimeOffset NextMinute(DateTimeOffset t) => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    private static async Task CreateTasksAsync(Cluster cluster, int count, Func<int, string> body, CancellationToken ct)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var client = cluster.Clients[worker % cluster.Clients.Count];
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                using var content = new StringContent(body(i), Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri("/vco/api/tasks", UriKind.Relative), content, ct);
                if ((int)response.StatusCode != 202)
                {
                    throw new InvalidOperationException($"POST /tasks answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                }
            }
        }, ct)));
    }

    private static async Task<List<Fire>> WaitForFiresAsync(Cluster cluster, int expected, TimeSpan quiet, CancellationToken ct)
    {
        var last = -1;
        var lastChange = Stopwatch.StartNew();
        while (true)
        {
            var fires = await ReadFiresAsync(cluster, ct);
            if (fires.Count >= expected || lastChange.Elapsed > quiet)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), ct); // late duplicates would show up now
                return await ReadFiresAsync(cluster, ct);
            }

            if (fires.Count != last)
            {
                last = fires.Count;
                lastChange.Restart();
            }

            await Task.Delay(250, ct);
        }
    }

    private static async Task<List<Fire>> ReadFiresAsync(Cluster cluster, CancellationToken ct)
    {
        await using var connection = await cluster.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT schedule_id, slot_at, fired_at, node FROM schedule_fires WHERE outcome = 'started'";
        var fires = new List<Fire>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            fires.Add(new Fire(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return fires;
    }

    // A slot fired twice would need two rows under one primary key, so count what could betray one: runs per fired slot.
    private static async Task<long> DuplicatesAsync(Cluster cluster, CancellationToken ct)
    {
        await using var connection = await cluster.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM runs WHERE workflow_id = 'noop') - (SELECT COUNT(*) FROM schedule_fires WHERE outcome = 'started')";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static string Row(string workload, string db, int nodes, int tasks, List<Fire> fires, double drain, double perSecond, double[] lags, long duplicates, int misses, double createSeconds)
    {
        var perNode = string.Join(" / ", fires.GroupBy(f => f.Node).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Count().ToString(CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {workload} | {db} | {nodes} | {tasks} | {fires.Count} | {drain:F2} | {perSecond:F0} | {P(lags, 0.50):F0} | {P(lags, 0.99):F0} | {(lags.Length == 0 ? double.NaN : lags[^1]):F0} | {duplicates} | {misses} | {perNode} | {createSeconds:F1} |");
    }

    private static double P(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    private sealed record Fire(string ScheduleId, long Slot, long FiredAt, string Node);

    private sealed record Options(int Burst, int Steady, int Minutes, int Lead, string? Only, string? Db, string? Server)
    {
        public static Options? Parse(string[] args)
        {
            var o = new Options(10_000, 1_000, 3, 45, null, null, null);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                var value = args[i + 1];
                var number = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (int?)null;
                o = args[i] switch
                {
                    "--burst" when number is { } v => o with { Burst = v },
                    "--steady" when number is { } v => o with { Steady = v },
                    "--minutes" when number is { } v => o with { Minutes = v },
                    "--lead" when number is { } v => o with { Lead = v },
                    "--only" when value is "burst" or "steady" => o with { Only = value },
                    "--db" when value is "sqlite" or "postgres" => o with { Db = value },
                    "--server" when File.Exists(value) => o with { Server = Path.GetFullPath(value) },
                    _ => null!,
                };
                if (o is null)
                {
                    return null;
                }
            }

            return args.Length % 2 == 0 ? o : null;
        }
    }

    /// <summary>One or more server processes on one new database, each with an admin client, and the workflow <c>noop</c>.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly List<ServerProcess> _servers = [];
        private readonly string _dir = Directory.CreateTempSubdirectory("taskforge-bench-").FullName;
        private string _connectionString = "";
        private string _provider = "";

        public List<HttpClient> Clients { get; } = [];

        public static async Task<Cluster> StartAsync(string dll, ThrowawayPostgres postgres, string provider, int nodes, string database, CancellationToken ct)
        {
            var cluster = new Cluster { _provider = provider };
            cluster._connectionString = provider == "sqlite"
                ? $"Data Source={Path.Combine(cluster._dir, "taskforge.db")}"
                : await postgres.CreateDatabaseAsync(database, ct);
            for (var node = 0; node < nodes; node++)
            {
                var server = ServerProcess.Start(dll, cluster._dir, new Dictionary<string, string>
                {
                    ["TASKFORGE_ADMIN_PASSWORD"] = AdminPassword,
                    ["Taskforge__Storage__Provider"] = provider,
                    ["Taskforge__Storage__ConnectionString"] = cluster._connectionString,
                    ["Taskforge__Samples__Load"] = "false",
                    ["Taskforge__Runs__NodeId"] = $"node{node + 1}",
                    ["Logging__LogLevel__Default"] = "Warning",
                });
                cluster._servers.Add(server);
                await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), ct);
                var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{AdminPassword}")));
                cluster.Clients.Add(client);
            }

            using var content = new StringContent(Workflow, Encoding.UTF8, "application/json");
            using var put = await cluster.Clients[0].PutAsync(new Uri("/api/v1/workflows/noop", UriKind.Relative), content, ct);
            put.EnsureSuccessStatusCode();
            return cluster;
        }

        public async Task<DbConnection> OpenAsync(CancellationToken ct)
        {
            DbConnection connection = _provider == "sqlite" ? new SqliteConnection(_connectionString + ";Mode=ReadOnly") : new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(ct);
            return connection;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in Clients)
            {
                client.Dispose();
            }

            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
