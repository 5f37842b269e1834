using System.Globalization;

namespace Taskforge.Bench.Peers;

/// <summary>
/// Burst: N one-time jobs due at one instant. Nodes start first; the coordinator schedules every job with a lead so that
/// scheduling ends before the due instant, then waits for the drain (all jobs fired, or 60 s without progress), then 3 s
/// more for late duplicates. drain = last fire − due; fires/s = fired / drain; lag = fired_at − due_at.
/// </summary>
internal static class BurstRun
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxDrain = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan LateDuplicates = TimeSpan.FromSeconds(3);

    public static async Task<RunResult> RunAsync(IPeer peer, Framework framework, PeerArgs options, string connectionString, CancellationToken ct)
    {
        var time = TimeProvider.System;
        await ResultsDatabase.CreateAsync(connectionString, ct);
        await peer.CreateSchemaAsync(connectionString, ct);

        DateTimeOffset due;
        double schedulingSeconds, slack;
        var nodes = new List<NodeProcess>();
        try
        {
            Matrix.Progress($"  starting {options.Nodes} node(s)");
            nodes.AddRange(await Task.WhenAll(Enumerable.Range(1, options.Nodes)
                .Select(n => NodeProcess.StartAsync(framework, connectionString, $"node{n.ToString(CultureInfo.InvariantCulture)}", ct))));

            var lead = TimeSpan.FromSeconds(options.LeadSeconds ?? peer.DefaultLeadSeconds);
            var started = time.GetUtcNow();
            var dueTicks = (started + lead).UtcTicks;
            due = new DateTimeOffset(dueTicks - dueTicks % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond, TimeSpan.Zero);
            Matrix.Progress($"  scheduling {options.Jobs} jobs due at {due:HH:mm:ss}");
            await peer.ScheduleBurstAsync(connectionString, options.Jobs, due, ct);
            var scheduled = time.GetUtcNow();
            schedulingSeconds = (scheduled - started).TotalSeconds;
            slack = (due - scheduled).TotalSeconds;
            Matrix.Progress(string.Create(CultureInfo.InvariantCulture, $"  scheduled in {schedulingSeconds:F1} s, {slack:F1} s before due"));

            await WaitForDrainAsync(connectionString, options.Jobs, due, time, ct);
            await Task.Delay(LateDuplicates, ct);
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        }

        var fires = await ResultsDatabase.ReadAsync(connectionString, "results", due, due, ct);
        var duplicates = (await ResultsDatabase.ReadAsync(connectionString, "duplicates", due, due, ct)).Count;
        var notes = slack < 0 ? string.Create(CultureInfo.InvariantCulture, $"scheduling ended {-slack:F1} s after due") : "";
        return RunResult.From(Workload.Burst, peer.Name, options.Nodes, options.Jobs, options.Jobs, fires, duplicates, due,
            schedulingSeconds, slack, minutes: null, notes);
    }

    private static async Task WaitForDrainAsync(string connectionString, int jobs, DateTimeOffset due, TimeProvider time, CancellationToken ct)
    {
        long last = 0;
        var lastProgress = due;
        var lastReport = time.GetUtcNow();
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            var count = await ResultsDatabase.CountAsync(connectionString, due, due, ct);
            var now = time.GetUtcNow();
            if (count > last)
            {
                (last, lastProgress) = (count, now);
            }

            if (now - lastReport >= TimeSpan.FromSeconds(10))
            {
                Matrix.Progress(string.Create(CultureInfo.InvariantCulture, $"  {count} fired, {(now - due).TotalSeconds:F0} s after due"));
                lastReport = now;
            }

            if (count >= jobs)
            {
                return;
            }

            if (now - (lastProgress > due ? lastProgress : due) > Stall || now - due > MaxDrain)
            {
                Matrix.Progress($"  stopped waiting with {count} of {jobs} fired");
                return;
            }
        }
    }
}
