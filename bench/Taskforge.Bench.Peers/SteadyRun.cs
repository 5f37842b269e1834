using System.Globalization;

namespace Taskforge.Bench.Peers;

/// <summary>
/// Steady: N jobs that fire every minute at second 0. Nodes start first; the coordinator registers every job, then
/// measures the first M whole minutes that begin at least 5 s after registration ended (earlier minutes may have only
/// some jobs). It waits until the last measured minute has all its fires or 59 s have passed, then 3 s more for late
/// duplicates. lag = fired_at − the minute boundary; a miss is a (job, minute) without a fire; a duplicate is a second
/// fire of a job for the same minute.
/// </summary>
internal static class SteadyRun
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastMinuteWait = TimeSpan.FromSeconds(59);
    private static readonly TimeSpan LateDuplicates = TimeSpan.FromSeconds(3);

    public static async Task<RunResult> RunAsync(IPeer peer, Framework framework, PeerArgs options, string connectionString, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var jobs = options.SteadyJobs;
        await ResultsDatabase.CreateAsync(connectionString, ct);
        await peer.CreateSchemaAsync(connectionString, ct);

        DateTimeOffset first, last;
        double schedulingSeconds;
        var nodes = new List<NodeProcess>();
        try
        {
            Matrix.Progress($"  starting {options.Nodes} node(s)");
            nodes.AddRange(await Task.WhenAll(Enumerable.Range(1, options.Nodes)
                .Select(n => NodeProcess.StartAsync(framework, connectionString, $"node{n.ToString(CultureInfo.InvariantCulture)}", ct))));

            Matrix.Progress($"  registering {jobs} every-minute jobs");
            var started = time.GetUtcNow();
            await peer.ScheduleEveryMinuteAsync(connectionString, jobs, ct);
            var registered = time.GetUtcNow();
            schedulingSeconds = (registered - started).TotalSeconds;
            first = JobBody.MinuteOf(registered + Settle).AddMinutes(1);
            last = first.AddMinutes(options.Minutes - 1);
            Matrix.Progress(string.Create(CultureInfo.InvariantCulture,
                $"  registered in {schedulingSeconds:F1} s; measuring the minutes {first:HH:mm} to {last:HH:mm}"));

            var minute = first;
            while (true)
            {
                var now = time.GetUtcNow();
                if (now >= minute + LastMinuteWait || (now >= minute && await ResultsDatabase.CountAsync(connectionString, minute, minute, ct) >= jobs))
                {
                    var count = await ResultsDatabase.CountAsync(connectionString, minute, minute, ct);
                    Matrix.Progress(string.Create(CultureInfo.InvariantCulture,
                        $"  minute {minute:HH:mm}: {count} fired, all in by {(now - minute).TotalSeconds:F1} s"));
                    if (minute >= last)
                    {
                        break;
                    }

                    minute = minute.AddMinutes(1);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }

            await Task.Delay(LateDuplicates, ct);
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        }

        var fires = await ResultsDatabase.ReadAsync(connectionString, "results", first, last, ct);
        var duplicates = (await ResultsDatabase.ReadAsync(connectionString, "duplicates", first, last, ct)).Count;
        var perMinute = string.Join(", ", fires.GroupBy(f => f.DueAt).OrderBy(g => g.Key).Select(g =>
            string.Create(CultureInfo.InvariantCulture, $"{g.Key:HH:mm} p99 {RunResult.Percentile(g.Select(f => f.LagSeconds).Order().ToArray(), 0.99):F2} s")));
        return RunResult.From(Workload.Steady, peer.Name, options.Nodes, jobs, (long)jobs * options.Minutes, fires, duplicates, burstDue: null,
            schedulingSeconds, slackSeconds: null, options.Minutes, "per minute: " + perMinute);
    }
}
