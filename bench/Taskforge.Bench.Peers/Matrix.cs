using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;
using Taskforge.Tests.Support;

namespace Taskforge.Bench.Peers;

/// <summary>Runs a list of runs against one throw-away PostgreSQL (durable settings), a new database each, and prints the report.</summary>
internal static class Matrix
{
    /// <summary>Npgsql pool size per process, as in anchors-measured.md.</summary>
    public const int PoolSize = 60;

    public static IReadOnlyList<RunSpec> All(PeerArgs options) =>
    [
        new(Workload.Burst, options with { Framework = Framework.Quartz, Nodes = 1 }),
        new(Workload.Burst, options with { Framework = Framework.Hangfire, Nodes = 1 }),
        new(Workload.Burst, options with { Framework = Framework.Quartz, Nodes = 2 }),
        new(Workload.Burst, options with { Framework = Framework.Hangfire, Nodes = 2 }),
        new(Workload.Steady, options with { Framework = Framework.Quartz, Nodes = 1 }),
        new(Workload.Steady, options with { Framework = Framework.Hangfire, Nodes = 1 }),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<RunSpec> runs, CancellationToken ct)
    {
        if (runs.Any(r => r.Options.Framework is null))
        {
            Console.Error.WriteLine("--framework quartz|hangfire is required");
            return 2;
        }

        Progress("starting PostgreSQL (durable settings)");
        await using var postgres = await ThrowawayPostgres.StartAsync(durable: true, ct);
        var server = await ResultsDatabase.DescribeServerAsync(postgres.AdminConnectionString, ct);
        Progress(server);

        var results = new List<RunResult>();
        var failures = new List<string>();
        foreach (var run in runs)
        {
            var framework = run.Options.Framework!.Value;
            var peer = Peers.Create(framework);
            var label = $"{run.Workload.ToString().ToLowerInvariant()} {peer.Name}, {run.Options.Nodes} node(s)";
            Progress(label);
            var database = await postgres.CreateDatabaseAsync($"peers_{run.Workload}_{framework}_{run.Options.Nodes}", ct);
            var connectionString = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = PoolSize }.ConnectionString;
            try
            {
                var result = run.Workload == Workload.Burst
                    ? await BurstRun.RunAsync(peer, framework, run.Options, connectionString, ct)
                    : await SteadyRun.RunAsync(peer, framework, run.Options, connectionString, ct);
                Progress("  " + Report.Row(result));
                results.Add(result);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Progress($"  FAILED: {ex}");
                failures.Add($"{label}: {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                // Let the finished run's connections go before the next one starts.
                NpgsqlConnection.ClearAllPools();
            }
        }

        var machine = string.Create(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; {server}; {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
        Report.Print(machine, runs.Select(r => Peers.Create(r.Options.Framework!.Value)).DistinctBy(p => p.Name).ToList(), results, failures);
        return failures.Count == 0 ? 0 : 1;
    }

    public static void Progress(string message) =>
        Console.Error.WriteLine($"{TimeProvider.System.GetUtcNow():HH:mm:ss} {message}");
}
