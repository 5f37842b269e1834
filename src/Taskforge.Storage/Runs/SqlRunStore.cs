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
    // A run started by a workflow step wakes its parent; a run started by a schedule moves the schedule on. One command.
    private static readonly string RunEndedSql = $"{RunRows.WakeParent};\n{ScheduleRows.RunEnded};";

    public Task CreateAsync(Run run, IReadOnlyList<RunLogEntry> logs, CancellationToken ct) =>
        database.GroupCommit.WriteAsync(async (scope, token) =>
        {
            await RunRows.InsertAsync(scope, run, logs, token);
            return true;
        }, ct);

    public async Task<Run?> FindAsync(string runId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunRows.Columns} FROM runs WHERE id = @Id", new { Id = runId }, cancellationToken: ct));
        return row?.ToRun();
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

    public Task<CheckpointResult?> CheckpointAsync(string runId, string node, long version, RunCheckpoint checkpoint, CancellationToken ct) =>
        database.GroupCommit.WriteAsync((scope, token) => CheckpointAsync(scope, runId, node, version, checkpoint, database.Provider == StorageOptions.Postgres, token), ct);

    private static async Task<CheckpointResult?> CheckpointAsync(
        WriteScope scope, string runId, string node, long version, RunCheckpoint checkpoint, bool postgres, CancellationToken ct)
    {
        var final = RunStates.IsFinal(checkpoint.State);
        // The node keeps its lease only while it goes straight on with the next step.
        var keepLease = checkpoint.State == RunState.Running && checkpoint.DueAt is { } due && due <= checkpoint.Now;
        var parameters = new
        {
            Id = runId, Node = node, Version = version, State = RunStates.ToWire(checkpoint.State), checkpoint.Variables, checkpoint.CurrentStep,
            checkpoint.StepsDone, checkpoint.Error, DueAt = final ? null : Instants.ToMs(checkpoint.DueAt), Now = Instants.ToMs(checkpoint.Now),
            Final = final ? 1 : 0, Keep = keepLease ? 1 : 0, LeaseUntil = Instants.ToMs(checkpoint.LeaseUntil), checkpoint.Fault,
            StepStartedAt = Instants.ToMs(checkpoint.StepStartedAt), EndedStep = checkpoint.EndedStep?.StepId,
            EndedStepStartedAt = Instants.ToMs(checkpoint.EndedStep?.StartedAt),
        };
        var oneStatement = checkpoint.EndedStep is not null && postgres;
        var cancelRequested = await scope.Connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            oneStatement ? RunRows.CheckpointEndingStep : RunRows.Checkpoint, parameters, scope.Transaction, cancellationToken: ct));
        if (cancelRequested is not { } cancel)
        {
            return null;
        }

        if (checkpoint.EndedStep is not null && !oneStatement)
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(RunRows.StepEnded, parameters, scope.Transaction, cancellationToken: ct));
        }

        await RunRows.AppendLogsAsync(scope, runId, checkpoint.Logs, ct);
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

        if (final)
        {
            // A run started by a workflow step wakes its parent, which then reads this run's outputs; a run started by a
            // schedule returns it from running to pending, or to finished when no fire is left.
            await scope.Connection.ExecuteAsync(new CommandDefinition(RunEndedSql, new { Id = runId, Now = Instants.ToMs(checkpoint.Now) }, scope.Transaction, cancellationToken: ct));

            // A run an invocation task started hands its end to the task through a timer due now, written with this
            // checkpoint: the task learns of it even if this node dies right after (TaskInvocationEnding reads the run).
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                TimerRows.SetForInvokingTask, new { Id = runId, Now = Instants.ToMs(checkpoint.Now) }, scope.Transaction, cancellationToken: ct));
        }

        return new CheckpointResult(version + 1, cancel != 0);
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
