using Taskforge.Engine.HumanTasks.Lifecycle;

namespace Taskforge.Engine.Telemetry;

/// <summary>The counts the engine's observable gauges report, taken by the database (<see cref="CountsSnapshot"/> caches them).</summary>
public interface ICountsStore
{
    /// <summary>Tasks by state; timers by kind that are due by <paramref name="now"/> and held by no live lease, and those of them due before <paramref name="overdueBefore"/>.</summary>
    Task<StoreCounts> CountAsync(DateTimeOffset now, DateTimeOffset overdueBefore, CancellationToken ct);
}

public sealed record StoreCounts(IReadOnlyDictionary<TaskState, long> TasksByState, IReadOnlyList<TimerCount> Timers);

public sealed record TimerCount(string Kind, long Due, long Overdue);
