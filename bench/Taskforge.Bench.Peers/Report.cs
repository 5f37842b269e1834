using System.Globalization;

namespace Taskforge.Bench.Peers;

/// <summary>The Markdown report: machine, configuration side by side, one results table.</summary>
internal static class Report
{
    private const string Header =
        "| workload | peer | nodes | jobs | fired | drain s | fires/s | lag p50 s | lag p99 s | lag max s | first fire after due s | dups | misses | per node | scheduling s | slack s |";

    public static void Print(string machine, IReadOnlyList<IPeer> peers, IReadOnlyList<RunResult> results, IReadOnlyList<string> failures)
    {
        Console.WriteLine(machine);
        Console.WriteLine();
        Console.WriteLine("| | " + string.Join(" | ", peers.Select(p => p.Name)) + " |");
        Console.WriteLine("|---|" + string.Concat(peers.Select(_ => "---|")));
        foreach (var (setting, index) in peers[0].Configuration.Select((c, i) => (c.Setting, i)))
        {
            Console.WriteLine($"| {setting} | " + string.Join(" | ", peers.Select(p => p.Configuration[index].Value)) + " |");
        }

        Console.WriteLine();
        Console.WriteLine(Header);
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var result in results)
        {
            Console.WriteLine(Row(result));
        }

        var notes = results.Where(r => r.Notes.Length > 0).ToList();
        if (notes.Count > 0)
        {
            Console.WriteLine();
            foreach (var r in notes)
            {
                Console.WriteLine($"* {r.Workload} {r.Peer}, {r.Nodes} node(s): {r.Notes}");
            }
        }

        foreach (var failure in failures)
        {
            Console.WriteLine($"* FAILED {failure}");
        }
    }

    public static string Row(RunResult r)
    {
        var workload = r.Workload == Workload.Burst ? "burst" : $"steady, {r.Minutes} min";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {workload} | {r.Peer} | {r.Nodes} | {r.Jobs} | {r.Fired} | {F(r.DrainSeconds)} | {F0(r.FiresPerSecond)} | {r.LagP50:F2} | {r.LagP99:F2} | {r.LagMax:F2} | {r.FirstLag:F2} | {r.Duplicates} | {r.Misses} | {r.PerNode} | {r.SchedulingSeconds:F1} | {F(r.SlackSeconds)} |");
    }

    private static string F(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "–";

    private static string F0(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "–";
}
