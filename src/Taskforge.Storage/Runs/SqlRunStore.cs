using Dapper;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Storage.Runs;

/// <summary>
/// Durable runs on either dialect; only the batch claim's locking clause differs. Starts and checkpoints, the hot
/// writes, go through the database's group commit.
/// </summary>
public sealed class SqlRunStore(SqlDatabase database) : IRunStore
{
    private const string Columns = """
        id, workflow_id, workflow_revision, state, started_by, inputs, variables, current_step, steps_done, error,
        cancel_requested, due_at, lease_owner, lease_expires_at, version, created_at, ended_at, parent_run_id, task_id, fault
        """;

    // A run started by a workflow step wakes its parent; a run started by a schedule moves it on by the engine's rule.
    private static readonly string RunEndedSql = $"""
        UPDATE runs SET due_at = @Now, updated_at = @Now
         WHERE id = (SELECT parent_run_id FROM runs WHERE id = @Id) AND state = 'waiting-signal';
        UPDATE schedules SET running_run_id = NULL, updated_at = @Now, state = {Schedules.ScheduleStateSql.AfterRunEnded("next_fire_at IS NOT NULL")}
         WHERE running_run_id = @Id;
        """;

    public Task CreateAsync(Run run, IReadOnlyList<RunLogEntry> logs, CancellationToken ct) =>
        database.GroupCommit.WriteAsync(async (scope, token) =>
        {
            await InsertAsync(scope, run, logs, token);
            return true;
        }, ct);

    internal static async Task InsertAsync(WriteScope scope, Run run, IReadOnlyList<RunLogEntry> logs, CancellationToken ct)
    {
        await scope.Connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO runs ({Columns}, updated_at)
            VALUES (@Id, @WorkflowId, @WorkflowRevision, @State, @StartedBy, @Inputs, @Variables, @CurrentStep, @StepsDone, @Error,
                    @CancelRequested, @DueAt, @LeaseOwner, @LeaseExpiresAt, @Version, @CreatedAt, @EndedAt, @ParentRunId, @TaskId, @Fault, @CreatedAt)
            """, RunRow.Parameters(run), scope.Transaction, cancellationToken: ct));
        await AppendLogsAsync(scope, run.Id, logs, ct, firstSeq: 1);
        if (run.LeaseOwner is null)
        {
            scope.Notify(WakeChannels.Runs); // stored for any node to claim: every node's run loop may look now
        }
    }

    public async Task<Run?> FindAsync(string runId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {Columns} FROM runs WHERE id = @Id", new { Id = runId }, cancellationToken: ct));
        return row?.ToRun();
    }

    public async Task<IReadOnlyList<Run>> ListForWorkflowAsync(string workflowId, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
            $"SELECT {Columns} FROM runs WHERE workflow_id = @WorkflowId ORDER BY created_at DESC, id LIMIT @Limit OFFSET @Offset",
            new { WorkflowId = workflowId, Limit = limit, Offset = offset }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRun())];
    }

    public async Task<IReadOnlyList<Run>> ClaimDueAsync(string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.QueryAsync<RunRow>(new CommandDefinition($"""
            UPDATE runs SET lease_owner = @Node, lease_expires_at = @Until, version = version + 1
             WHERE id IN (SELECT id FROM runs
                           WHERE due_at IS NOT NULL AND due_at <= @Now AND state IN ('running', 'waiting', 'waiting-signal')
                             AND (lease_owner IS NULL OR lease_expires_at < @Now)
                           ORDER BY due_at
                           LIMIT @Max{database.SkipLocked})
            RETURNING {Columns}
            """, new { Node = node, Now = Instants.ToMs(now), Until = Instants.ToMs(now + lease), Max = max }, scope.Transaction, cancellationToken: ct));
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
                "UPDATE runs SET lease_expires_at = @Until WHERE id = @Id AND lease_owner = @Node RETURNING cancel_requested",
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
        database.GroupCommit.WriteAsync((scope, token) => CheckpointAsync(scope, runId, node, version, checkpoint, token), ct);

    private static async Task<CheckpointResult?> CheckpointAsync(
        WriteScope scope, string runId, string node, long version, RunCheckpoint checkpoint, CancellationToken ct)
    {
        var final = RunStates.IsFinal(checkpoint.State);
        // The node keeps its lease only while it goes straight on with the next step.
        var keepLease = checkpoint.State == RunState.Running && checkpoint.DueAt is { } due && due <= checkpoint.Now;
        var cancelRequested = await scope.Connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
            UPDATE runs
               SET state = @State, variables = @Variables, current_step = @CurrentStep, steps_done = @StepsDone, error = @Error,
                   due_at = @DueAt, version = version + 1, updated_at = @Now, fault = @Fault,
                   ended_at = CASE WHEN @Final = 1 THEN @Now ELSE ended_at END,
                   lease_owner = CASE WHEN @Keep = 1 THEN lease_owner ELSE NULL END,
                   lease_expires_at = CASE WHEN @Keep = 1 THEN COALESCE(@LeaseUntil, lease_expires_at) ELSE NULL END
             WHERE id = @Id AND lease_owner = @Node AND version = @Version
            RETURNING cancel_requested
            """,
            new
            {
                Id = runId, Node = node, Version = version, State = RunStates.ToWire(checkpoint.State), checkpoint.Variables, checkpoint.CurrentStep,
                checkpoint.StepsDone, checkpoint.Error, DueAt = final ? null : Instants.ToMs(checkpoint.DueAt), Now = Instants.ToMs(checkpoint.Now),
                Final = final ? 1 : 0, Keep = keepLease ? 1 : 0, LeaseUntil = Instants.ToMs(checkpoint.LeaseUntil), checkpoint.Fault,
            },
            scope.Transaction, cancellationToken: ct));
        if (cancelRequested is not { } cancel)
        {
            return null;
        }

        await AppendLogsAsync(scope, runId, checkpoint.Logs, ct);
        if (checkpoint.Child is { } child)
        {
            await InsertAsync(scope, child, [], ct);
        }

        // The task a step creates commits with the checkpoint that makes the run wait for it, or not at all. It is new,
        // so no fence can fail; if one did, throwing rolls the checkpoint back rather than leaving a run waiting for nothing.
        if (checkpoint.Task is { } task && !await HumanTasks.SqlTaskStore.WriteAsync(scope, task, ct))
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
            await scope.Connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO timers (kind, owner_id, due_at, slot_at, lease_owner, lease_expires_at)
                SELECT '{TaskTimerKinds.Invocation}', task_id, @Now, @Now, NULL, NULL FROM runs WHERE id = @Id AND task_id IS NOT NULL
                ON CONFLICT (kind, owner_id) DO UPDATE SET due_at = excluded.due_at, slot_at = excluded.slot_at, lease_owner = NULL, lease_expires_at = NULL
                """, new { Id = runId, Now = Instants.ToMs(checkpoint.Now) }, scope.Transaction, cancellationToken: ct));
        }

        return new CheckpointResult(version + 1, cancel != 0);
    }

    public async Task<bool> RequestCancelAsync(string runId, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        // A waiting run is made due now, so a node takes it up and cancels it at once.
        var rows = await scope.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE runs SET cancel_requested = 1, updated_at = @Now,
                   due_at = CASE WHEN state IN ('waiting', 'waiting-signal') THEN @Now ELSE due_at END,
                   state = CASE WHEN state = 'waiting-signal' THEN 'waiting' ELSE state END
             WHERE id = @Id AND state NOT IN ('completed', 'failed', 'canceled')
            """, new { Id = runId, Now = Instants.ToMs(now) }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    public async Task<bool> DeleteAsync(string runId, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM runs WHERE id = @Id", new { Id = runId }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    public async Task<IReadOnlyList<RunLogEntry>> ListLogsAsync(string runId, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<LogRow>(new CommandDefinition(
            "SELECT time, severity, origin, message, user_name FROM run_logs WHERE run_id = @Id ORDER BY seq LIMIT @Max",
            new { Id = runId, Max = max }, cancellationToken: ct));
        return [.. rows.Select(r => new RunLogEntry(Instants.FromMs(r.Time), r.Severity, r.Origin, r.Message, r.UserName))];
    }

    // Only the lease holder writes a run's logs, so numbering after the current maximum cannot collide.
    // A new run's lines start at 1 (firstSeq), which saves the lookup on the hot path of starts and schedule fires.
    private static async Task AppendLogsAsync(WriteScope scope, string runId, IReadOnlyList<RunLogEntry> logs, CancellationToken ct, long? firstSeq = null)
    {
        if (logs.Count == 0)
        {
            return;
        }

        var last = firstSeq is { } first ? first - 1 : await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(seq), 0) FROM run_logs WHERE run_id = @Id", new { Id = runId }, scope.Transaction, cancellationToken: ct));
        await scope.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO run_logs (run_id, seq, time, severity, origin, message, user_name)
            VALUES (@RunId, @Seq, @Time, @Severity, @Origin, @Message, @User)
            """,
            logs.Select((l, i) => new { RunId = runId, Seq = last + i + 1, Time = Instants.ToMs(l.Time), l.Severity, l.Origin, l.Message, l.User }).ToList(),
            scope.Transaction, cancellationToken: ct));
    }

    private sealed class LogRow
    {
        public long Time { get; set; }
        public string Severity { get; set; } = "";
        public string Origin { get; set; } = "";
        public string Message { get; set; } = "";
        public string? UserName { get; set; }
    }
}
