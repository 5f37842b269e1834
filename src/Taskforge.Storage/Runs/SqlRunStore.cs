using System.Globalization;
using Dapper;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage.Rows;

namespace Taskforge.Storage.Runs;

/// <summary>
/// Durable runs on either dialect; only the batch claim's locking clause differs. Starts and checkpoints, the hot
/// writes, go through the database's group commit.
/// </summary>
public sealed class SqlRunStore(SqlDatabase database) : IRunStore
{
    private static readonly string FindSql = $"SELECT {RunRows.Columns} FROM runs WHERE id = @Id";

    public Task CreateAsync(Run run, IReadOnlyList<RunLogEntry> logs, CancellationToken ct) =>
        database.GroupCommit.WriteAsync(async (scope, token) =>
        {
            await RunRows.InsertAsync(scope, run, logs, token);
            return true;
        }, ct);

    public async Task<Run?> FindAsync(string runId, CancellationToken ct)
    {
        // Every poll of a run's state reads it: a statement kept prepared (issue 15).
        await using var lease = await database.ReadAsync(ct);
        return await KeptQuery.QueryAsync<RunRow>(lease.Connection, FindSql, new { Id = runId }, ct) is [var row] ? row.ToRun() : null;
    }

    public async Task<IReadOnlyList<Run>> FindManyAsync(IReadOnlyCollection<string> runIds, CancellationToken ct)
    {
        var found = new List<Run>(runIds.Count);
        if (runIds.Count == 0)
        {
            return found;
        }

        await using var connection = await database.OpenAsync(ct);
        foreach (var chunk in runIds.Distinct(StringComparer.Ordinal).Chunk(SqlInList.MaxItems))
        {
            var (list, parameters) = SqlInList.Of(chunk);
            var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
                $"SELECT {RunRows.Columns} FROM runs WHERE id IN ({list})", parameters, cancellationToken: ct));
            found.AddRange(rows.Select(r => r.ToRun()));
        }

        return found;
    }

    public async Task<IReadOnlyList<Run>> ListForWorkflowAsync(string workflowId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunRows.Columns} FROM runs WHERE workflow_id = @WorkflowId ORDER BY created_at DESC, id LIMIT @Limit OFFSET @Offset",
            new { WorkflowId = workflowId, Limit = limit, Offset = offset }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRun())];
    }

    public async Task<IReadOnlyList<Run>> ClaimDueAsync(string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.QueryAsync<RunRow>(new CommandDefinition(RunRows.Claim(database.SkipLocked),
            new { Node = node, Now = Instants.ToMs(now), Until = Instants.ToMs(now + lease), Max = max }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return [.. rows.Select(r => r.ToRun()).OrderBy(r => r.DueAt)];
    }

    public async Task<LeaseRenewal> RenewLeasesAsync(
        string node, IReadOnlyList<string> runIds, DateTimeOffset until, CancellationToken ct)
    {
        var lost = new List<string>();
        var cancel = new List<string>();
        if (runIds.Count == 0)
        {
            return new LeaseRenewal(lost, cancel);
        }

        await using var scope = await database.BeginWriteAsync(ct);
        foreach (var runId in runIds)
        {
            var cancelRequested = await scope.Connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                RunRows.Renew,
                new { Id = runId, Node = node, Until = Instants.ToMs(until) }, scope.Transaction, cancellationToken: ct));
            if (cancelRequested is null)
            {
                lost.Add(runId);
            }
            else if (cancelRequested != 0)
            {
                cancel.Add(runId);
            }
        }

        await scope.CommitAsync(ct);
        return new LeaseRenewal(lost, cancel);
    }

    public async Task<CheckpointResult?> CheckpointAsync(string runId, string node, long version, RunCheckpoint checkpoint, CancellationToken ct)
    {
        try
        {
            return await database.GroupCommit.WriteAsync(
                (scope, token) => CheckpointAsync(scope, runId, node, version, checkpoint, token), ct);
        }
        catch (FenceFailedException)
        {
            return null; // the lease was lost or another node moved the run on
        }
    }

    /// <summary>
    /// The checkpoint's statements as one <see cref="StatementBatch"/>: one round trip on PostgreSQL, kept prepared
    /// statements on SQLite's writer. A failed fence throws, which rolls back whatever the batch wrote after it.
    /// </summary>
    private static async Task<CheckpointResult> CheckpointAsync(
        WriteScope scope, string runId, string node, long version, RunCheckpoint checkpoint, CancellationToken ct)
    {
        var final = RunStates.IsFinal(checkpoint.State);
        // The node keeps its lease only while it goes straight on with the next step.
        var keepLease = checkpoint.State == RunState.Running && checkpoint.DueAt is { } due && due <= checkpoint.Now;
        var now = Instants.ToMs(checkpoint.Now);
        var parameters = new
        {
            Id = runId, Node = node, Version = version, State = RunStates.ToWire(checkpoint.State), checkpoint.Variables, checkpoint.CurrentStep,
            checkpoint.StepsDone, checkpoint.Error, DueAt = final ? null : Instants.ToMs(checkpoint.DueAt), Now = now,
            Final = final ? 1 : 0, Keep = keepLease ? 1 : 0, LeaseUntil = Instants.ToMs(checkpoint.LeaseUntil), checkpoint.Fault,
            StepStartedAt = Instants.ToMs(checkpoint.StepStartedAt), EndedStep = checkpoint.EndedStep?.StepId,
            EndedStepStartedAt = Instants.ToMs(checkpoint.EndedStep?.StartedAt),
        };
        var batch = new StatementBatch();
        batch.AddFenced(RunRows.Checkpoint, parameters);
        if (checkpoint.EndedStep is not null)
        {
            batch.Add(RunRows.StepEnded, parameters);
        }

        RunRows.AppendLogs(batch, runId, checkpoint.Logs);
        if (final)
        {
            // A run started by a workflow step wakes its parent, which then reads this run's outputs; a run started by a
            // schedule returns it from running to pending, or to finished when no fire is left; a run an invocation task
            // started hands its end to the task through a timer due now, written with this checkpoint, so the task
            // learns of it even if this node dies right after (TaskInvocationEnding reads the run).
            var ended = new { Id = runId, Now = now };
            batch.Add(RunRows.WakeParent, ended);
            batch.Add(ScheduleRows.RunEnded, ended);
            batch.Add(TimerRows.SetForInvokingTask, ended);
        }

        if (!await batch.ExecuteAsync(scope.Connection, scope.Transaction, scope.BatchesStatements, ct))
        {
            throw new FenceFailedException();
        }

        if (checkpoint.Child is { } child)
        {
            await RunRows.InsertAsync(scope, child, [], ct);
        }

        // The task a step creates commits with the checkpoint that makes the run wait for it, or not at all. It is new,
        // so no fence can fail; if one did, throwing rolls the checkpoint back rather than leaving a run waiting for nothing.
        if (checkpoint.Task is { } task && !await TaskRows.WriteAsync(scope, task, ct))
        {
            throw new InvalidOperationException($"The task of run {runId}'s checkpoint could not be written.");
        }

        var cancelRequested = Convert.ToInt64(batch.FenceValues[0], CultureInfo.InvariantCulture) != 0;
        return new CheckpointResult(version + 1, cancelRequested);
    }

    public async Task<bool> RequestCancelAsync(string runId, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(new CommandDefinition(RunRows.RequestCancel,
            new { Id = runId, Now = Instants.ToMs(now) }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    public async Task<bool> DeleteAsync(string runId, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(new CommandDefinition(
            RunRows.Delete, new { Id = runId }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    public async Task<IReadOnlyList<RunLogEntry>> ListLogsAsync(string runId, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunLogRow>(new CommandDefinition(
            "SELECT time, severity, origin, message, user_name FROM run_logs WHERE run_id = @Id ORDER BY seq LIMIT @Max",
            new { Id = runId, Max = max }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToEntry())];
    }
}
