using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Engine.Operations;

/// <summary>
/// The operations overview, for administrators and monitors: a handful of counts, each over an index range bounded by
/// the last hour (or, for waiting tasks, by the tasks waiting now), so it stays cheap to ask every few seconds.
/// </summary>
public sealed class OverviewService(IOverviewStore store, RunQueries runs, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>How many of the window's newest started fires the lag percentiles are taken over.</summary>
    public const int LagSample = 10_000;

    public const int FailedRuns = 10;

    // Waiting-task ages: under an hour, under a day, under a week, longer.
    private static readonly (string Label, TimeSpan From, TimeSpan? To)[] Ages =
    [
        ("under 1 h", TimeSpan.Zero, TimeSpan.FromHours(1)),
        ("1 h to 1 d", TimeSpan.FromHours(1), TimeSpan.FromDays(1)),
        ("1 d to 7 d", TimeSpan.FromDays(1), TimeSpan.FromDays(7)),
        ("7 d or more", TimeSpan.FromDays(7), null),
    ];

    public async Task<Overview> GetAsync(Caller caller, CancellationToken ct)
    {
        if (!caller.CanReadEverything)
        {
            throw new AccessDeniedException("read the operations overview (administrators and monitors)");
        }

        var now = time.GetUtcNow();
        var since = now - Window;
        var byState = await store.RunsByStateAsync(since, ct);
        var byOutcome = await store.FiresByOutcomeAsync(since, ct);
        var lags = (await store.StartedLagsAsync(since, LagSample, ct)).Order().ToArray();
        var (ready, readySince) = await store.ReadyTasksAsync([.. Ages.Where(a => a.To is not null).Select(a => now - a.To!.Value)], ct);
        var failed = await runs.ListAsync(caller, new RunFilter(State: RunState.Failed, Limit: FailedRuns), ct);

        var states = Enum.GetValues<RunState>().ToDictionary(s => s, s => byState.GetValueOrDefault(s));
        var outcomes = Enum.GetValues<FireOutcome>().Where(o => o != FireOutcome.Dropped).ToDictionary(o => o, o => byOutcome.GetValueOrDefault(o));
        return new Overview(since, now, new RunCounts(states.Values.Sum(), states),
            new FireStats(outcomes.Values.Sum(), outcomes, Percentile(lags, 0.50), Percentile(lags, 0.99), lags.Length),
            new WaitingTasks(ready, Buckets(ready, readySince)), failed.Items);
    }

    // readySince[i] counts the tasks ready since the end of bucket i (now − To): the tasks of bucket i are those minus
    // the younger buckets'; the last, open bucket holds the rest.
    private static List<AgeBucket> Buckets(int total, IReadOnlyList<int> readySince)
    {
        var buckets = new List<AgeBucket>(Ages.Length);
        var younger = 0;
        for (var i = 0; i < Ages.Length; i++)
        {
            var within = i < readySince.Count ? readySince[i] : total;
            buckets.Add(new AgeBucket(Ages[i].Label, Ages[i].From, Ages[i].To, within - younger));
            younger = within;
        }

        return buckets;
    }

    /// <summary>The nearest-rank percentile of sorted values; null when there are none.</summary>
    private static TimeSpan? Percentile(TimeSpan[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
