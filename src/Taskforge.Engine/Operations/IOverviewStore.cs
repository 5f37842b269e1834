using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.Operations;

/// <summary>The counts the operations overview reads; each is one query over an index range bounded by a time window.</summary>
public interface IOverviewStore
{
    /// <summary>The runs created since <paramref name="since"/>, counted by their state now.</summary>
    Task<IReadOnlyDictionary<RunState, int>> RunsByStateAsync(DateTimeOffset since, CancellationToken ct);

    /// <summary>The slots fired since <paramref name="since"/>, counted by outcome.</summary>
    Task<IReadOnlyDictionary<FireOutcome, int>> FiresByOutcomeAsync(DateTimeOffset since, CancellationToken ct);

    /// <summary>The lags (fired − slot) of the newest <paramref name="max"/> slots that started a run since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<TimeSpan>> StartedLagsAsync(DateTimeOffset since, int max, CancellationToken ct);

    /// <summary>
    /// The human tasks waiting to be claimed (READY): how many in all, and for each of <paramref name="bounds"/> how many
    /// became ready at or after it.
    /// </summary>
    Task<(int Total, IReadOnlyList<int> ReadySince)> ReadyTasksAsync(IReadOnlyList<DateTimeOffset> bounds, CancellationToken ct);
}
