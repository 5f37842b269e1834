namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// Durable runs. Ownership lives in the row: a node claims due runs with a lease, and every checkpoint is accepted
/// only from the lease holder at the version it claimed. Losing a race is a <c>false</c>, never an exception.
/// </summary>
public interface IRunStore
{
    /// <summary>Stores a new run (which may already be leased to the node that will drive it) with its first log lines.</summary>
    Task CreateAsync(Run run, IReadOnlyList<RunLogEntry> logs, CancellationToken ct);

    Task<Run?> FindAsync(string runId, CancellationToken ct);

    /// <summary>The runs with these ids that exist, in no particular order.</summary>
    Task<IReadOnlyList<Run>> FindManyAsync(IReadOnlyCollection<string> runIds, CancellationToken ct);

    Task<IReadOnlyList<Run>> ListForWorkflowAsync(string workflowId, int offset, int limit, CancellationToken ct);

    /// <summary>Leases up to <paramref name="max"/> runs that are due (running or waiting, due by now, lease free or expired).</summary>
    Task<IReadOnlyList<Run>> ClaimDueAsync(string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>
    /// Extends the leases this node holds; tells which it no longer holds and which were asked to cancel. Fenced by
    /// owner only, not version: a checkpoint committed meanwhile keeps the lease with this node, so it is no loss.
    /// </summary>
    Task<LeaseRenewal> RenewLeasesAsync(string node, IReadOnlyList<string> runIds, DateTimeOffset until, CancellationToken ct);

    /// <summary>
    /// Commits a step's result and its log lines in one transaction, fenced by lease owner and version; the lease is
    /// kept (until <see cref="RunCheckpoint.LeaseUntil"/>) while the run goes on (<see cref="RunCheckpoint.DueAt"/>
    /// now) and released when it waits or ends. A run that ends wakes its parent. Returns null when this node lost the run.
    /// Checkpoints of many runs may share one transaction (group commit); each returns once its transaction committed.
    /// </summary>
    Task<CheckpointResult?> CheckpointAsync(string runId, string node, long version, RunCheckpoint checkpoint, CancellationToken ct);

    /// <summary>Marks a run for cancellation; false when it is unknown or already final.</summary>
    Task<bool> RequestCancelAsync(string runId, DateTimeOffset now, CancellationToken ct);

    Task<bool> DeleteAsync(string runId, CancellationToken ct);

    Task<IReadOnlyList<RunLogEntry>> ListLogsAsync(string runId, int max, CancellationToken ct);
}

/// <summary>The outcome of renewing leases: runs this node lost, and runs (still held) that were asked to cancel.</summary>
public sealed record LeaseRenewal(IReadOnlyList<string> Lost, IReadOnlyList<string> CancelRequested);
