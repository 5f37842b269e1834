using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Taskforge.Engine.HumanTasks.Lifecycle;

namespace Taskforge.Engine.Telemetry;

/// <summary>
/// The last database counts behind the engine's observable gauges. A scrape never waits for the database: it reads what
/// is cached, and when that is older than <see cref="TelemetryOptions.CountsRefresh"/> it starts one count in the
/// background (never two at once), which the next scrape reads. Nobody scraping means no counting at all.
/// </summary>
public sealed partial class CountsSnapshot(ICountsStore store, TimeProvider time, IOptions<TelemetryOptions> options, ILogger<CountsSnapshot> logger)
    : IDisposable
{
    private static readonly TaskState[] States = Enum.GetValues<TaskState>();

    // Every kind is reported, 0 when none is due, so a dashboard's series do not come and go with the work.
    private readonly SortedSet<string> _kinds = new(StringComparer.Ordinal)
    {
        Schedules.ScheduleFiring.TimerKind, HumanTasks.Tasks.TaskTimerKinds.Due, HumanTasks.Tasks.TaskTimerKinds.Expiry, HumanTasks.Tasks.TaskTimerKinds.Resume,
        HumanTasks.Tasks.TaskTimerKinds.Deletion, HumanTasks.Tasks.TaskTimerKinds.Escalation, HumanTasks.Tasks.TaskTimerKinds.Invocation,
    };
    private readonly SemaphoreSlim _counting = new(1, 1);
    private Snapshot _current = new([], [], [], DateTimeOffset.MinValue);
    private int _pending;

    /// <summary>When the counts were last taken (<see cref="DateTimeOffset.MinValue"/> before the first).</summary>
    public DateTimeOffset TakenAt => Volatile.Read(ref _current).TakenAt;

    public IEnumerable<Measurement<long>> ObserveTasks() => Observe().Tasks;

    public IEnumerable<Measurement<long>> ObserveDueTimers() => Observe().Due;

    public IEnumerable<Measurement<long>> ObserveOverdueTimers() => Observe().Overdue;

    /// <summary>Counts now, whatever the age of the last count (after a count already under way).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _counting.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var counts = await store.CountAsync(now, now - options.Value.OverdueAfter, ct);
            var tasks = States.Select(s => Measure(counts.TasksByState.GetValueOrDefault(s), EngineMetrics.Names.TaskState, EngineMetrics.Names.Of(s))).ToArray();
            var timers = counts.Timers.ToDictionary(t => t.Kind, StringComparer.Ordinal);
            _kinds.UnionWith(timers.Keys); // under _counting
            var due = _kinds.Select(k => Measure(timers.GetValueOrDefault(k)?.Due ?? 0, EngineMetrics.Names.TimerKind, k)).ToArray();
            var overdue = _kinds.Select(k => Measure(timers.GetValueOrDefault(k)?.Overdue ?? 0, EngineMetrics.Names.TimerKind, k)).ToArray();
            Volatile.Write(ref _current, new Snapshot(tasks, due, overdue, now));
        }
        finally
        {
            _counting.Release();
        }
    }

    private static Measurement<long> Measure(long value, string attribute, string name) => new(value, new KeyValuePair<string, object?>(attribute, name));

    private Snapshot Observe()
    {
        var current = Volatile.Read(ref _current);
        if (time.GetUtcNow() - current.TakenAt >= options.Value.CountsRefresh && Interlocked.CompareExchange(ref _pending, 1, 0) == 0)
        {
            _ = Task.Run(RefreshInBackgroundAsync);
        }

        return current;
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // A database that is down shows in the health check and the store's own metrics; the gauges keep their last count.
            LogCountFailed(logger, ex);
        }
        finally
        {
            Volatile.Write(ref _pending, 0);
        }
    }

    public void Dispose() => _counting.Dispose();

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Counting tasks and timers for the metrics failed")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);

    private sealed record Snapshot(Measurement<long>[] Tasks, Measurement<long>[] Due, Measurement<long>[] Overdue, DateTimeOffset TakenAt);
}
