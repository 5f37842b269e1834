using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Taskforge.Tests.Support;

namespace Taskforge.Bench;

/// <summary>
/// End-to-end throughput: clients in a closed loop start a three-step script workflow over the vCO API and poll its
/// state every 2 ms until it completes; completed runs per second and latency from start to completion, at several
/// client counts, on SQLite and PostgreSQL.
/// </summary>
internal static class RunsBenchmark
{
    private const string AdminPassword = "bench-admin-password-1";
    private const string WorkflowId = "bench3";
    private const string Workflow = """
        {"name":"Bench three steps","input-parameters":[{"name":"n","type":"number","default":1}],"output-parameters":[{"name":"total","type":"number"}],"permissions":{"everybody":"rx"},"steps":[{"type":"script","script":"total = n + 1;"},{"type":"script","script":"total = total * 2;"},{"type":"script","script":"total = total + 3;"}]}
        """;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly Uri Executions = new($"/vco/api/workflows/{WorkflowId}/executions", UriKind.Relative);

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (!TryParse(args, out var seconds, out var clientCounts, out var only, out var otherServer, out var floor))
        {
            Console.Error.WriteLine("usage: runs [--seconds N] [--clients 1,8,32] [--db sqlite|postgres] [--server path/Taskforge.Server.dll] [--floor on|off]   (N >= 1, default 10)");
            return 2;
        }

        // --server measures another build (an earlier commit, say) with the same clients, for before/after ratios.
        Progress("building the server (Release)");
        var serverDll = otherServer ?? await ServerBuild.BuildServerAsync(ServerBuild.FindRepositoryRoot(), ct);
        // Issue 15 reads the runs' aim against the raw floor's lifecycles/s at the same client count in the same sitting.
        var rawFloorDll = floor ? await RawFloor.BuildAsync(ServerBuild.FindRepositoryRoot(), ct) : null;
        Progress("starting PostgreSQL");
        await using var postgres = await ThrowawayPostgres.StartAsync(durable: true, ct);

        Database[] databases =
        [
            new("SQLite", "sqlite", dir => Task.FromResult($"Data Source={Path.Combine(dir, "taskforge.db")}")),
            new("PostgreSQL", "postgres", _ => postgres.CreateDatabaseAsync("bench_runs", ct)),
        ];
        var results = new List<Result>();
        foreach (var database in databases.Where(d => only is null || d.Provider == only))
        {
            foreach (var clients in clientCounts)
            {
                Progress($"{database.Name}, {clients} clients");
                var result = await MeasureAsync(serverDll, database, clients, TimeSpan.FromSeconds(seconds), ct);
                Progress(string.Create(CultureInfo.InvariantCulture,
                    $"  {result.PerSecond:F0} runs/s, p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, errors {result.Errors}"));
                if (rawFloorDll is not null)
                {
                    Progress($"{database.Name}, {clients} clients, raw floor");
                    var postgresOrNull = postgres;
                    var lifecycles = await TasksBenchmark.RawFloorAsync(rawFloorDll, database.Provider, (dir, name) => database.Provider == "sqlite"
                        ? Task.FromResult($"Data Source={Path.Combine(dir, name + ".db")}")
                        : postgresOrNull.CreateDatabaseAsync(name, ct), clients, TimeSpan.FromSeconds(seconds), ct);
                    Progress(string.Create(CultureInfo.InvariantCulture, $"  {lifecycles:F0} lifecycles/s"));
                    result = result with { FloorPerSecond = lifecycles };
                }

                results.Add(result);
            }
        }

        PrintTable(results, seconds);
        return 0;
    }

    /// <summary>A new server on a new database; warm-up, then the measured window.</summary>
    private static async Task<Result> MeasureAsync(string serverDll, Database database, int clients, TimeSpan duration, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("taskforge-bench-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["TASKFORGE_ADMIN_PASSWORD"] = AdminPassword,
                ["Taskforge__Storage__Provider"] = database.Provider,
                ["Taskforge__Storage__ConnectionString"] = await database.CreateAsync(dir),
                ["Taskforge__Samples__Load"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            await using var server = ServerProcess.Start(serverDll, dir, environment);
            await server.WaitUntilReadyAsync(ReadyTimeout, ct);
            var serverPid = server.ProcessId;

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(64, clients * 2) };
            using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = RunTimeout };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{AdminPassword}")));
            using (var content = new StringContent(Workflow, Encoding.UTF8, "application/json"))
            using (var put = await client.PutAsync(new Uri($"/api/v1/workflows/{WorkflowId}", UriKind.Relative), content, ct))
            {
                if (!put.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"PUT workflow answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync(ct)}");
                }
            }

            // Clients run through warm-up and measurement; only runs that end inside the window count.
            var window = new Window();
            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientLoopAsync(client, clock, window, stop.Token), ct)).ToArray();

            await Task.Delay(Warmup, ct);
            var cpuBefore = CpuSeconds(serverPid);
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            window.Start = clock.Elapsed;
            using (Profiler.Attach(serverPid, $"runs-{database.Provider}-{clients}", duration))
            {
                await Task.Delay(duration, ct);
            }

            window.End = clock.Elapsed;
            var cpuAfter = CpuSeconds(serverPid);
            var clientCpuAfter = Process.GetCurrentProcess().TotalProcessorTime;
            await stop.CancelAsync();
            var perClient = await Task.WhenAll(loops);

            var latencies = perClient.SelectMany(c => c.Latencies).Order().ToArray();
            var errors = perClient.Sum(c => c.Errors);
            var seconds = (window.End - window.Start).TotalSeconds;
            return new Result(database.Name, clients, latencies.Length / seconds,
                Measure.Percentile(latencies, 0.50), Measure.Percentile(latencies, 0.99), latencies.Length == 0 ? double.NaN : latencies[^1], errors,
                perClient.Sum(c => c.Polls) / (double)Math.Max(1, latencies.Length),
                (cpuAfter - cpuBefore) / seconds, (clientCpuAfter - clientCpuBefore).TotalSeconds / seconds);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<ClientResult> ClientLoopAsync(HttpClient client, Stopwatch clock, Window window, CancellationToken stop)
    {
        var result = new ClientResult();
        while (!stop.IsCancellationRequested)
        {
            var started = clock.Elapsed;
            bool completed;
            var polls = 0;
            try
            {
                (completed, polls) = await OneRunAsync(client, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException or KeyNotFoundException or TaskCanceledException)
            {
                completed = false;
                if (result.FirstError is null)
                {
                    result.FirstError = ex.Message;
                    Progress($"  error: {ex.Message}");
                }
            }

            var ended = clock.Elapsed;
            if (ended < window.Start || ended > window.End)
            {
                continue;
            }

            if (completed)
            {
                result.Latencies.Add((ended - started).TotalMilliseconds);
                result.Polls += polls;
            }
            else
            {
                result.Errors++;
            }
        }

        return result;
    }

    /// <summary>Starts one run and polls its state; true when it completed, false when it failed or was canceled.</summary>
    private static async Task<(bool Completed, int Polls)> OneRunAsync(HttpClient client, CancellationToken ct)
    {
        string id;
        using (var content = new StringContent("{}", Encoding.UTF8, "application/json"))
        using (var post = await client.PostAsync(Executions, content, ct))
        {
            if (post.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST executions answered {(int)post.StatusCode}: {await post.Content.ReadAsStringAsync(ct)}");
            }

            using var body = JsonDocument.Parse(await post.Content.ReadAsByteArrayAsync(ct));
            id = body.RootElement.GetProperty("id").GetString() ?? throw new InvalidOperationException("No execution id.");
        }

        var state = new Uri($"{Executions}/{id}/state", UriKind.Relative);
        for (var polls = 1; ; polls++)
        {
            await Task.Delay(PollInterval, ct);
            using var response = await client.GetAsync(state, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET state answered {(int)response.StatusCode}.");
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
            switch (body.RootElement.GetProperty("value").GetString())
            {
                case "completed":
                    return (true, polls);
                case "failed" or "canceled":
                    return (false, polls);
            }
        }
    }

    /// <summary>utime + stime of a process in seconds, from /proc/&lt;pid&gt;/stat (clock ticks of 1/100 s).</summary>
    internal static double CpuSeconds(int? pid)
    {
        if (pid is null)
        {
            return double.NaN;
        }

        var stat = File.ReadAllText($"/proc/{pid.Value.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are indexes 11 and 12.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static void PrintTable(List<Result> results, int seconds)
    {
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; {date}; {seconds} s measured after {Warmup.TotalSeconds:F0} s warm-up."));
        Console.WriteLine();
        Console.WriteLine("| Database | Clients | Completed runs/s | p50 (ms) | p99 (ms) | max (ms) | Errors | Polls per run | Server CPU (cores) | Server CPU per run (ms) | Client CPU (cores) | Raw floor (lifecycles/s) | Runs / raw floor |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var floor = r.FloorPerSecond is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f:F0} | {r.PerSecond / f:F2}×") : " | ";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Database} | {r.Clients} | {r.PerSecond:F0} | {r.P50:F1} | {r.P99:F1} | {r.Max:F1} | {r.Errors} | {r.PollsPerRun:F1} | {r.ServerCpu:F2} | {r.ServerCpu * 1000 / r.PerSecond:F2} | {r.ClientCpu:F2} | {floor} |"));
        }
    }

    private static bool TryParse(string[] args, out int seconds, out int[] clients, out string? only, out string? server, out bool floor)
    {
        floor = true;
        only = null;
        server = null;
        seconds = 10;
        clients = [1, 8, 32];
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return false;
            }

            switch (args[i])
            {
                case "--seconds" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds >= 1:
                    break;
                case "--clients":
                    if (!BenchArgs.TryClientCounts(args[i + 1], out clients))
                    {
                        return false;
                    }

                    break;
                case "--server" when File.Exists(args[i + 1]):
                    server = Path.GetFullPath(args[i + 1]);
                    break;
                case "--db" when args[i + 1] is "sqlite" or "postgres":
                    only = args[i + 1];
                    break;
                case "--floor" when args[i + 1] is "on" or "off":
                    floor = args[i + 1] == "on";
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static void Progress(string message) => Console.Error.WriteLine(message);

    private sealed record Database(string Name, string Provider, Func<string, Task<string>> CreateAsync);

    private sealed record Result(
        string Database, int Clients, double PerSecond, double P50, double P99, double Max, int Errors, double PollsPerRun, double ServerCpu, double ClientCpu,
        double? FloorPerSecond = null);

    private sealed class ClientResult
    {
        public List<double> Latencies { get; } = [];

        public int Errors { get; set; }

        public long Polls { get; set; }

        public string? FirstError { get; set; }
    }
}
