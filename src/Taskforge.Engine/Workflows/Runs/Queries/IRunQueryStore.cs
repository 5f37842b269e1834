namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// The reads the console's run pages make, apart from <see cref="IRunStore"/>, which the engine's hot path uses:
/// lists by index ranges, never by offset.
/// </summary>
public interface IRunQueryStore
{
    /// <summary>Runs matching the query, newest first (created, then id, both descending), at most its limit.</summary>
    Task<IReadOnlyList<RunSummary>> ListAsync(RunListQuery query, CancellationToken ct);
}
