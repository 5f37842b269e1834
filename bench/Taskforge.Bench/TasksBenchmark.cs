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
/// Human-task flows over IBM's face: clients in a closed loop create a task (<c>POST /task?mode=async</c> with XML
/// input), claim it (<c>PUT action=claim</c>) and complete it (<c>PUT action=complete</c> with XML output). Flows per
/// second and p50/p99 per request kind, at several client counts, on SQLite and PostgreSQL; beside each, the same flow
/// against <see cref="FloorServer"/> on the same database, measured in the same run. Then <see cref="InboxBenchmark"/>.
/// </summary>
internal static class TasksBenchmark
{
    private const string AdminPassword = "bench-admin-password-1";
    private const string Template = """
        {"name": "BenchApproval", "namespace": "http://taskforge.example/bench", "kind": "to-do", "priority": 3,
         "input": {"element": "request", "fields": [{"name": "amount", "type": "decimal", "required": true}]},
         "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
         "roles": {"potentialOwners": {"groups": ["bench"]}}}
        """;

    // Long enough for tiered compilation to finish optimising the hot paths of both servers: a server runs for days.
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Kinds = ["create", "claim", "complete"];

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (!TryParse(args, out var seconds, out var clientCounts, out var only, out var tasks, out var skip, out var servers, out var otherServer))
        {
            Console.Error.WriteLine("usage: tasks [--seconds N] [--clients 1,8,32] [--db sqlite|postgres] [--inbox-tasks N] [--skip flows|inbox|console] [--servers taskforge,raw,schema] [--server path/Taskforge.Server.dll]");
            return 2;
        }

        // --server measures another build (an earlier commit, say) against the same floors, for before/after ratios.
        Progress("building the server (Release)");
        var serverDll = otherServer ?? await ServerBuild.BuildServerAsync(ServerBuild.FindRepositoryRoot(), ct);
        var floorDll = System.Reflection.Assembly.GetEntryAssembly()!.Location;
        var rawFloorDll = skip == "flows" ? "" : await RawFloor.BuildAsync(ServerBuild.FindRepositoryRoot(), ct);
        Progress("starting PostgreSQL");
        await using var postgres = await ThrowawayPostgres.StartAsync(durable: true, ct);
        Database[] databases =
        [
            new("SQLite", "sqlite", (dir, name) => Task.FromResult($"Data Source={Path.Combine(dir, name + ".db")}")),
            new("PostgreSQL", "postgres", (_, name) => postgres.CreateDatabaseAsync(name, ct)),
        ];
        databases = [.. databases.Where(d => only is null || d.Provider == only)];

        if (skip != "flows")
        {
            var results = new List<Result>();
            foreach (var database in databases)
            {
                foreach (var clients in clientCounts)
                {
                    // Taken in turns within one client count, so the three share the machine's mood of that minute.
                    foreach (var kind in servers)
                    {
                        Progress($"{database.Name}, {clients} clients, {Label(kind)}");
                        var dll = kind switch { ServerKind.RawFloor => rawFloorDll, ServerKind.SchemaFloor => floorDll, _ => serverDll };
                        var result = await MeasureAsync(dll, kind, database, clients, TimeSpan.FromSeconds(seconds), ct);
                        Progress(string.Create(CultureInfo.InvariantCulture, $"  {result.PerSecond:F0} flows/s, {result.CpuMsPerFlow:F2} ms server CPU per flow, errors {result.Errors}"));
                        results.Add(result);
                    }
                }
            }

            PrintTable(results, seconds);
        }

        if (skip != "inbox")
        {
            await InboxBenchmark.RunAsync(serverDll, databases.Select(d => (d.Name, d.Provider, d.CreateAsync)).ToList(), tasks, ct, includeConsole: skip != "console");
        }

        return 0;
    }

    /// <summary>The raw floor's lifecycles/s at <paramref name="clients"/>, measured as this benchmark measures it (the runs benchmark's yardstick).</summary>
    internal static async Task<double> RawFloorAsync(string rawFloorDll, string provider, Func<string, string, Task<string>> create, int clients, TimeSpan duration, CancellationToken ct) =>
        (await MeasureAsync(rawFloorDll, ServerKind.RawFloor, new Database(provider, provider, create), clients, duration, ct)).PerSecond;

    private static async Task<Result> MeasureAsync(string dll, ServerKind kind, Database database, int clients, TimeSpan duration, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("taskforge-bench-").FullName;
        try
        {
            var connection = await database.CreateAsync(dir, kind switch { ServerKind.RawFloor => "bench_raw", ServerKind.SchemaFloor => "bench_floor", _ => "bench_tasks" });
            var environment = kind != ServerKind.Taskforge
                ? new Dictionary<string, string> { [FloorServer.ProviderVariable] = database.Provider, [FloorServer.ConnectionVariable] = connection }
                : new Dictionary<string, string>
                {
                    ["TASKFORGE_ADMIN_PASSWORD"] = AdminPassword,
                    ["Taskforge__Storage__Provider"] = database.Provider,
                    ["Taskforge__Storage__ConnectionString"] = connection,
                    ["Taskforge__Samples__Load"] = "false",
                    ["Logging__LogLevel__Default"] = "Warning",
                };
            await using var server = ServerProcess.Start(dll, dir, environment, kind == ServerKind.RawFloor ? RawFloor.Arguments(database.Provider, connection) : null);
            await server.WaitUntilReadyAsync(ReadyTimeout, ct, kind == ServerKind.RawFloor ? "/health" : "/health/ready");

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(64, clients * 2) };
            using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{AdminPassword}")));
            var root = kind == ServerKind.Taskforge ? "rest/bpm/htm/v1/" : "";
            var templateId = kind == ServerKind.Taskforge ? await CreateTemplateAsync(client, ct) : "floor";

            var window = new Window();
            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var loops = Enumerable.Range(0, clients).Select(w => Task.Run(() => kind == ServerKind.RawFloor
                ? RawClientLoopAsync(client, w, clock, window, stop.Token)
                : ClientLoopAsync(client, root, templateId, clock, window, stop.Token), ct)).ToArray();
            await Task.Delay(Warmup, ct);
            var cpuBefore = RunsBenchmark.CpuSeconds(server.ProcessId);
            window.Start = clock.Elapsed;
            using (Profiler.Attach(server.ProcessId, $"tasks-{database.Provider}-{clients}-{Label(kind).Replace(' ', '-')}", duration))
            {
                await Task.Delay(duration, ct);
            }

            window.End = clock.Elapsed;
            var cpu = RunsBenchmark.CpuSeconds(server.ProcessId) - cpuBefore;
            await stop.CancelAsync();
            var perClient = await Task.WhenAll(loops);

            var seconds = (window.End - window.Start).TotalSeconds;
            var latencies = Kinds.ToDictionary(k => k, k => perClient.SelectMany(c => c.Latencies[k]).Order().ToArray());
            var flows = perClient.Sum(c => c.Flows);
            return new Result(database.Name, clients, kind, flows / seconds,
                latencies.ToDictionary(l => l.Key, l => (Measure.Percentile(l.Value, 0.50), Measure.Percentile(l.Value, 0.99))), perClient.Sum(c => c.Errors),
                flows == 0 ? double.NaN : cpu * 1000 / flows);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> CreateTemplateAsync(HttpClient client, CancellationToken ct)
    {
        using var content = new StringContent(Template, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("api/v1/task-templates", UriKind.Relative), content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST task-templates answered {(int)response.StatusCode}: {text}");
        }

        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private static Task<ClientResult> ClientLoopAsync(HttpClient client, string root, string templateId, Stopwatch clock, Window window, CancellationToken stop)
    {
        var create = new Uri($"{root}task?taskTemplateID={Uri.EscapeDataString(templateId)}&mode=async", UriKind.Relative);
        return FlowLoopAsync(clock, window, async times =>
        {
            var started = clock.Elapsed;
            string id;
            using (var post = await SendAsync(client, HttpMethod.Post, create, "<request><amount>12.50</amount></request>", HttpStatusCode.Created, stop))
            {
                using var body = JsonDocument.Parse(await post.Content.ReadAsByteArrayAsync(stop));
                id = body.RootElement.GetProperty("tkiid").GetString()!;
            }

            times[0] = (clock.Elapsed - started).TotalMilliseconds;
            var task = new Uri($"{root}task/{Uri.EscapeDataString(id)}", UriKind.Relative);
            var claimed = clock.Elapsed;
            using (await SendAsync(client, HttpMethod.Put, new Uri($"{task}?action=claim", UriKind.Relative), null, HttpStatusCode.OK, stop))
            {
            }

            times[1] = (clock.Elapsed - claimed).TotalMilliseconds;
            var completed = clock.Elapsed;
            using (await SendAsync(client, HttpMethod.Put, new Uri($"{task}?action=complete", UriKind.Relative), "<decision><approved>true</approved></decision>", HttpStatusCode.OK, stop))
            {
            }

            times[2] = (clock.Elapsed - completed).TotalMilliseconds;
        }, stop);
    }

    /// <summary>
    /// The same closed loop against the raw floor's three calls and bodies (shared/anchors/floor/load): JSON in, the
    /// numeric id out, the user in the claim and complete bodies.
    /// </summary>
    private static Task<ClientResult> RawClientLoopAsync(HttpClient client, int worker, Stopwatch clock, Window window, CancellationToken stop)
    {
        var create = new Uri("task", UriKind.Relative);
        var n = worker * 1_000_000_000L;
        return FlowLoopAsync(clock, window, async times =>
        {
            n++;
            var started = clock.Elapsed;
            long id;
            using (var post = await SendAsync(client, HttpMethod.Post, create, RawFloor.Input(worker, n), HttpStatusCode.Created, stop, "application/json"))
            {
                using var body = JsonDocument.Parse(await post.Content.ReadAsByteArrayAsync(stop));
                id = body.RootElement.GetProperty("id").GetInt64();
            }

            times[0] = (clock.Elapsed - started).TotalMilliseconds;
            var claimed = clock.Elapsed;
            using (await SendAsync(client, HttpMethod.Put, new Uri(string.Create(CultureInfo.InvariantCulture, $"task/{id}/claim"), UriKind.Relative), RawFloor.Claim(worker), HttpStatusCode.OK, stop, "application/json"))
            {
            }

            times[1] = (clock.Elapsed - claimed).TotalMilliseconds;
            var completed = clock.Elapsed;
            using (await SendAsync(client, HttpMethod.Put, new Uri(string.Create(CultureInfo.InvariantCulture, $"task/{id}/complete"), UriKind.Relative), RawFloor.Complete(worker, n), HttpStatusCode.OK, stop, "application/json"))
            {
            }

            times[2] = (clock.Elapsed - completed).TotalMilliseconds;
        }, stop);
    }

    /// <summary>
    /// One client's closed loop, whatever server it drives: a flow after the other until stopped, each counted (with its
    /// three latencies) when it ends inside the measuring window; a failed flow counts as an error and the loop goes on.
    /// </summary>
    private static async Task<ClientResult> FlowLoopAsync(Stopwatch clock, Window window, Func<double[], Task> flow, CancellationToken stop)
    {
        var result = new ClientResult();
        while (!stop.IsCancellationRequested)
        {
            var times = new double[3];
            try
            {
                await flow(times);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException or KeyNotFoundException or TaskCanceledException)
            {
                if (clock.Elapsed >= window.Start && clock.Elapsed <= window.End)
                {
                    result.Errors++;
                }

                if (result.Errors == 1)
                {
                    Progress($"  error: {ex.Message}");
                }

                continue;
            }

            var ended = clock.Elapsed;
            if (ended >= window.Start && ended <= window.End)
            {
                result.Flows++;
                for (var k = 0; k < Kinds.Length; k++)
                {
                    result.Latencies[Kinds[k]].Add(times[k]);
                }
            }
        }

        return result;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, Uri uri, string? body, HttpStatusCode expected, CancellationToken ct, string mediaType = "application/xml")
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }

        var response = await client.SendAsync(request, ct);
        if (response.StatusCode != expected)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new InvalidOperationException($"{method} {uri} answered {(int)response.StatusCode}: {text}");
        }

        return response;
    }

    private static void PrintTable(List<Result> results, int seconds)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; {DateTime.UtcNow:yyyy-MM-dd}; {seconds} s measured after {Warmup.TotalSeconds:F0} s warm-up."));
        Console.WriteLine();
        Console.WriteLine("| Database | Clients | Server | Flows/s | create p50/p99 (ms) | claim p50/p99 (ms) | complete p50/p99 (ms) | Errors | Server CPU per flow (ms) | / raw floor | / schema floor |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            string Ratio(ServerKind floor) =>
                r.Server != floor && results.FirstOrDefault(f => f.Server == floor && f.Database == r.Database && f.Clients == r.Clients) is { } f
                    ? (r.PerSecond / f.PerSecond).ToString("P0", CultureInfo.InvariantCulture)
                    : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Database} | {r.Clients} | {Label(r.Server)} | {r.PerSecond:F0} | {Cell(r, "create")} | {Cell(r, "claim")} | {Cell(r, "complete")} | {r.Errors} | {r.CpuMsPerFlow:F2} | {Ratio(ServerKind.RawFloor)} | {(r.Server == ServerKind.Taskforge ? Ratio(ServerKind.SchemaFloor) : "")} |"));
        }

        Console.WriteLine();
    }

    private static string Cell(Result r, string kind) => string.Create(CultureInfo.InvariantCulture, $"{r.Latency[kind].P50:F1} / {r.Latency[kind].P99:F1}");

    private static bool TryParse(string[] args, out int seconds, out int[] clients, out string? only, out int tasks, out string? skip, out ServerKind[] servers, out string? otherServer)
    {
        otherServer = null;
        servers = [ServerKind.Taskforge, ServerKind.RawFloor, ServerKind.SchemaFloor];
        only = null;
        skip = null;
        seconds = 10;
        tasks = 1_000_000;
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
                case "--inbox-tasks" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out tasks) && tasks >= 10_000:
                    break;
                case "--clients":
                    if (!BenchArgs.TryClientCounts(args[i + 1], out clients))
                    {
                        return false;
                    }

                    break;
                case "--db" when args[i + 1] is "sqlite" or "postgres":
                    only = args[i + 1];
                    break;
                case "--servers":
                    // The raw floor alone gives the runs benchmark its yardstick in the same sitting (issue 15).
                    var names = args[i + 1].Split(',');
                    servers = [.. names.Select(n => n switch { "taskforge" => ServerKind.Taskforge, "raw" => ServerKind.RawFloor, "schema" => ServerKind.SchemaFloor, _ => (ServerKind)(-1) })];
                    if (servers.Length == 0 || servers.Any(s => !Enum.IsDefined(s)))
                    {
                        return false;
                    }

                    break;
                case "--server" when File.Exists(args[i + 1]):
                    otherServer = Path.GetFullPath(args[i + 1]);
                    break;
                case "--skip" when args[i + 1] is "flows" or "inbox" or "console":
                    skip = args[i + 1];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    internal static void Progress(string message) => Console.Error.WriteLine(message);

    private sealed record Database(string Name, string Provider, Func<string, string, Task<string>> CreateAsync);

    private static string Label(ServerKind kind) => kind switch { ServerKind.RawFloor => "raw floor", ServerKind.SchemaFloor => "schema floor", _ => "Taskforge" };

    /// <summary>The raw floor (shared/anchors/floor), the schema floor (<see cref="FloorServer"/>: Taskforge's rows, no rules), Taskforge.</summary>
    private enum ServerKind
    {
        Taskforge,
        RawFloor,
        SchemaFloor,
    }

    /// <param name="CpuMsPerFlow">
    /// The server process's CPU (user + system) per completed flow in the window: on a shared machine it moves far less with
    /// the neighbours' load than flows/s do, so it tells what a change bought.
    /// </param>
    private sealed record Result(string Database, int Clients, ServerKind Server, double PerSecond, Dictionary<string, (double P50, double P99)> Latency, int Errors,
        double CpuMsPerFlow);

    private sealed class ClientResult
    {
        public Dictionary<string, List<double>> Latencies { get; } = Kinds.ToDictionary(k => k, _ => new List<double>());

        public int Flows { get; set; }

        public int Errors { get; set; }
    }
}
