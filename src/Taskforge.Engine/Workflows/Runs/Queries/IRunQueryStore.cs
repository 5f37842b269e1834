namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// The reads the console's run pages make, apart from <see cref="IRunStore"/>, which the engine's hot path uses:
/// lists by index ranges, never by offset.
/// </summary>
public interface IRunQueryStore
{
    /// <summary>Runs matching the query, newest first (created, then id, both descending), at most its limit.</summary>
    Task<IReadOnlyList<RunSummary>> ListAsync(RunListQuery query, CancellationToken ct);

    /// <summary>The steps of a run that ended, in order.</summary>
    Task<IReadOnlyList<RunStepRecord>> StepsAsync(string runId, CancellationToken ct);

    /// <summary>The runs a run's workflow steps started, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<RunSummary>> ChildrenAsync(string runId, int max, CancellationToken ct);

    /// <summary>The human tasks a run's task steps created, and the invocation task <paramref name="invokingTaskId"/> that started it.</summary>
    Task<IReadOnlyList<LinkedTask>> LinkedTasksAsync(string runId, string? invokingTaskId, CancellationToken ct);

    /// <summary>A run's log lines numbered after <paramref name="afterSeq"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<RunLogLine>> LogsAfterAsync(string runId, long afterSeq, int max, CancellationToken ct);
}
