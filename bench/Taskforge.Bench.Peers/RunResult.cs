namespace Taskforge.Bench.Peers;

/// <summary>The figures of one run. Lags are in seconds; drain and fires/s only for bursts, minutes only for steady.</summary>
internal sealed record RunResult(
    Workload Workload,
    string Peer,
    int Nodes,
    int Jobs,
    long Expected,
    long Fired,
    double? DrainSeconds,
    double LagP50,
    double LagP99,
    double LagMax,
    double FirstLag,
    long Duplicates,
    long Misses,
    string PerNode,
    double SchedulingSeconds,
    double? SlackSeconds,
    int? Minutes,
    string Notes)
{
    public double? FiresPerSecond => DrainSeconds is > 0 ? Fired / DrainSeconds : null;

    public static RunResult From(
        Workload workload, string peer, int nodes, int jobs, long expected, List<Fire> fires, long duplicates,
        DateTimeOffset? burstDue, double schedulingSeconds, double? slackSeconds, int? minutes, string notes)
    {
        var lags = fires.Select(f => f.LagSeconds).Order().ToArray();
        double? drain = burstDue is { } due && fires.Count > 0 ? (fires.Max(f => f.FiredAt) - due).TotalSeconds : null;
        var perNode = string.Join(" / ", fires.GroupBy(f => f.Node).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        return new RunResult(workload, peer, nodes, jobs, expected, fires.Count, drain,
            Percentile(lags, 0.50), Percentile(lags, 0.99), lags.Length == 0 ? double.NaN : lags[^1], lags.Length == 0 ? double.NaN : lags[0],
            duplicates, expected - fires.Count, perNode, schedulingSeconds, slackSeconds, minutes, notes);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
}
