using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using Taskforge.Tests.Support;

namespace Taskforge.Bench;

/// <summary>
/// Time from process start to <c>/health/ready</c> on an empty database (first start: migrations and the
/// administrator) and again on the same database (warm start), and the server's resident memory after 5 s idle
/// and after 200 authenticated requests; for SQLite and PostgreSQL.
/// </summary>
internal static class StartupBenchmark
{
    private const string AdminPassword = "bench-admin-password-1";
    private const int Requests = 200;
    private const int CheapIterations = 100_000;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (!TryParseRuns(args, out var runs))
        {
            Console.Error.WriteLine("usage: startup [--runs N]   (N >= 1, default 3)");
            return 2;
        }

        Progress("building the server (Release)");
        var serverDll = await ServerBuild.BuildServerAsync(ServerBuild.FindRepositoryRoot(), ct);
        Progress("starting PostgreSQL");
        await using var postgres = await ThrowawayPostgres.StartAsync(durable: true, ct);

        Database[] databases =
        [
            new("SQLite", "sqlite", dir => Task.FromResult($"Data Source={Path.Combine(dir, "taskforge.db")}")),
            new("PostgreSQL", "postgres", _ => postgres.CreateDatabaseAsync("bench_startup", ct)),
        ];
        var samples = new List<Sample>();
        for (var run = 1; run <= runs; run++)
        {
            // Alternating the databases within each run spreads any drift of the machine over both.
            foreach (var database in databases)
            {
                Progress($"run {run}/{runs}, {database.Name}");
                samples.AddRange(await MeasureDatabaseAsync(serverDll, database, ct));
            }
        }

        PrintTable(samples, runs);
        return 0;
    }

    /// <summary>A first and a warm start on one new database, then a first start with cheaper hashing on another.</summary>
    private static async Task<Sample[]> MeasureDatabaseAsync(string serverDll, Database database, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("taskforge-bench-").FullName;
        var cheapDir = Directory.CreateTempSubdirectory("taskforge-bench-").FullName;
        try
        {
            var connectionString = await database.CreateAsync(dir);
            var first = await MeasureStartAsync(serverDll, dir, "first start", ServerEnvironment(database, connectionString), database, ct);
            var warm = await MeasureStartAsync(serverDll, dir, "warm start", ServerEnvironment(database, connectionString), database, ct);

            var cheap = ServerEnvironment(database, await database.CreateAsync(cheapDir));
            cheap["Taskforge__Identity__PasswordIterations"] = CheapIterations.ToString(CultureInfo.InvariantCulture);
            var firstCheap = await MeasureStartAsync(serverDll, cheapDir, "first start, 100k PBKDF2 iterations", cheap, database, ct);
            return [first, warm, firstCheap];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            Directory.Delete(cheapDir, recursive: true);
        }
    }

    private static async Task<Sample> MeasureStartAsync(
        string serverDll, string dir, string start, Dictionary<string, string> environment, Database database, CancellationToken ct)
    {
        Sample sample;
        await using (var server = ServerProcess.Start(serverDll, dir, environment))
        {
            var ready = await server.WaitUntilReadyAsync(ReadyTimeout, ct);
            await Task.Delay(Idle, ct);
            var idle = server.ResidentBytes();
            await SendRequestsAsync(server.BaseAddress, ct);
            sample = new Sample(database.Name, start, ready, idle, server.ResidentBytes());
        }

        Progress($"  {start}: ready {sample.Ready.TotalMilliseconds:F0} ms, idle {Mib(sample.IdleBytes):F0} MiB, after traffic {Mib(sample.TrafficBytes):F0} MiB");
        return sample;
    }

    private static Dictionary<string, string> ServerEnvironment(Database database, string connectionString) => new()
    {
        ["TASKFORGE_ADMIN_PASSWORD"] = AdminPassword,
        ["Taskforge__Storage__Provider"] = database.Provider,
        ["Taskforge__Storage__ConnectionString"] = connectionString,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static async Task SendRequestsAsync(Uri baseAddress, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{AdminPassword}")));
        var about = new Uri("/vco/api/about", UriKind.Relative);
        for (var i = 0; i < Requests; i++)
        {
            using var response = await client.GetAsync(about, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {about} answered {(int)response.StatusCode}.");
            }

            await response.Content.ReadAsByteArrayAsync(ct);
        }
    }

    private static void PrintTable(List<Sample> samples, int runs)
    {
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; {date}; {runs} runs, median (min–max)."));
        Console.WriteLine();
        Console.WriteLine($"| Database | Start | Ready (ms) | RSS after 5 s idle (MiB) | RSS after {Requests} requests (MiB) |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var group in samples.GroupBy(s => (s.Database, s.Start)))
        {
            var ready = Summary(group.Select(s => s.Ready.TotalMilliseconds));
            var idle = Summary(group.Select(s => Mib(s.IdleBytes)));
            var traffic = Summary(group.Select(s => Mib(s.TrafficBytes)));
            Console.WriteLine($"| {group.Key.Database} | {group.Key.Start} | {ready} | {idle} | {traffic} |");
        }
    }

    private static string Summary(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{median:F0} ({sorted[0]:F0}–{sorted[^1]:F0})");
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);

    private static bool TryParseRuns(string[] args, out int runs)
    {
        runs = 3;
        return args switch
        {
            [] => true,
            ["--runs", var n] => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out runs) && runs >= 1,
            _ => false,
        };
    }

    private static void Progress(string message) => Console.Error.WriteLine(message);

    private sealed record Database(string Name, string Provider, Func<string, Task<string>> CreateAsync);

    private sealed record Sample(string Database, string Start, TimeSpan Ready, long IdleBytes, long TrafficBytes);
}
