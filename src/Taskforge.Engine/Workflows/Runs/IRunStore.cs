namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// Durable runs. Ownership lives in the row: a node claims due runs with a lease, and every checkpoint is accepted
/// only from the lease holder at the version it claimed. Losing a race is a <c>false</c>, never an exception.
/// </summary>
public interface IRunStore
{
    Task CreateAsync(Run run, IReadOnlyList<RunLogEntry> logs, CancellationToken ct);

    Task<Run?> FindAsync(string runId, CancellationToken ct);

    Task<IReadOnlyList<Run>> ListForWorkflowAsync(string workflowId, int offset, int limit, CancellationToken ct);

    /// <summary>Leases up to <paramref name="max"/> runs that are due (running or waiting, due by now, lease free or expired).</summary>
    Task<IReadOnlyList<Run>> ClaimDueAsync(string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>Extends a held lease; false when the node no longer holds it.</summary>
    Task<bool> RenewLeaseAsync(string runId, string node, long version, DateTimeOffset until, CancellationToken ct);

    /// <summary>
    /// Commits a step's result and its log lines in one transaction, fenced by lease owner and version; the lease is
    /// kept while the run goes on (<see cref="RunCheckpoint.DueAt"/> now) and released when it waits or ends.
    /// Returns the new version, or null when this node lost the run.
    /// </summary>
    Task<long?> CheckpointAsync(string runId, string node, long version, RunCheckpoint checkpoint, CancellationToken ct);

    /// <summary>Marks a run for cancellation; false when it is unknown or already final.</summary>
    Task<bool> RequestCancelAsync(string runId, DateTimeOffset now, CancellationToken ct);

    Task<bool> DeleteAsync(string runId, CancellationToken ct);

    Task<IReadOnlyList<RunLogEntry>> ListLogsAsync(string runId, int max, CancellationToken ct);
}
