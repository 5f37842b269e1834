using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Storage.Rows;

/// <summary>
/// Every write of the <c>runs</c> and <c>run_logs</c> tables. A run is written by the node holding its lease, fenced
/// by its version; others only make a waiting run due (a finished child, a task that ended, a cancel) or store a new one.
/// </summary>
internal static class RunRows
{
    public const string Columns = """
        id, workflow_id, workflow_revision, state, started_by, inputs, variables, current_step, steps_done, error,
        cancel_requested, due_at, lease_owner, lease_expires_at, version, created_at, ended_at, parent_run_id, task_id, fault, step_started_at,
        trace_parent
        """;

    /// <summary>A checkpoint of run @Id by its lease holder @Node at @Version; returns <c>cancel_requested</c>, or no row when the fence failed.</summary>
    public const string Checkpoint = """
        UPDATE runs
           SET state = @State, variables = @Variables, current_step = @CurrentStep, steps_done = @StepsDone, error = @Error,
               due_at = @DueAt, version = version + 1, updated_at = @Now, fault = @Fault, step_started_at = @StepStartedAt,
               ended_at = CASE WHEN @Final = 1 THEN @Now ELSE ended_at END,
               lease_owner = CASE WHEN @Keep = 1 THEN lease_owner ELSE NULL END,
               lease_expires_at = CASE WHEN @Keep = 1 THEN COALESCE(@LeaseUntil, lease_expires_at) ELSE NULL END
         WHERE id = @Id AND lease_owner = @Node AND version = @Version
        RETURNING cancel_requested
        """;

    /// <summary>
    /// The step @EndedStep (begun at @EndedStepStartedAt) of run @Id ended at @Now in state @State, with the checkpoint
    /// that sets steps_done to @StepsDone (unique per run, so the row's key).
    /// </summary>
    public const string StepEnded = """
        INSERT INTO run_steps (run_id, seq, step_id, started_at, ended_at, outcome) VALUES (@Id, @StepsDone, @EndedStep, @EndedStepStartedAt, @Now, @State)
        """;

    private static readonly string Insert = $"""
        INSERT INTO runs ({Columns}, updated_at)
        VALUES (@Id, @WorkflowId, @WorkflowRevision, @State, @StartedBy, @Inputs, @Variables, @CurrentStep, @StepsDone, @Error,
                @CancelRequested, @DueAt, @LeaseOwner, @LeaseExpiresAt, @Version, @CreatedAt, @EndedAt, @ParentRunId, @TaskId, @Fault, @StepStartedAt, @TraceParent, @CreatedAt)
        """;

    private const string InsertLog = """
        INSERT INTO run_logs (run_id, seq, time, severity, origin, message, user_name)
        VALUES (@RunId, @Seq, @Time, @Severity, @Origin, @Message, @User)
        """;

    /// <summary>Extends the lease of run @Id while @Node holds it (until @Until); returns <c>cancel_requested</c>, or no row when it was lost.</summary>
    public const string Renew = "UPDATE runs SET lease_expires_at = @Until WHERE id = @Id AND lease_owner = @Node RETURNING cancel_requested";

    /// <summary>Asks run @Id to stop at @Now; a waiting run is made due now, so a node takes it up and cancels it at once.</summary>
    public const string RequestCancel = """
        UPDATE runs SET cancel_requested = 1, updated_at = @Now,
               due_at = CASE WHEN state IN ('waiting', 'waiting-signal') THEN @Now ELSE due_at END,
               state = CASE WHEN state = 'waiting-signal' THEN 'waiting' ELSE state END
         WHERE id = @Id AND state NOT IN ('completed', 'failed', 'canceled')
        """;

    public const string Delete = "DELETE FROM runs WHERE id = @Id";

    /// <summary>The run @Id ended: a parent waiting for it (a workflow step) goes on at @Now and reads its outputs.</summary>
    public const string WakeParent = """
        UPDATE runs SET due_at = @Now, updated_at = @Now
         WHERE id = (SELECT parent_run_id FROM runs WHERE id = @Id) AND state = 'waiting-signal'
        """;

    /// <summary>
    /// The <c>new_runs</c> part of PostgresFireBatch's statement: the runs of its run input rows <c>r</c> whose slots were
    /// recorded (<c>fired f</c>), stored unleased for any node to claim.
    /// </summary>
    public const string StartedByFires = """
        INSERT INTO runs (id, workflow_id, workflow_revision, state, started_by, inputs, variables, current_step, steps_done, error,
                          cancel_requested, due_at, lease_owner, lease_expires_at, version, created_at, ended_at, parent_run_id, updated_at, trace_parent)
        SELECT r.id, r.workflow_id, r.revision, 'running', r.started_by, r.inputs, r.variables, r.step, 0, NULL,
               0, r.created_at, NULL, NULL, 0, r.created_at, NULL, NULL, r.created_at, r.trace_parent
          FROM run_input r JOIN fired f ON f.run_id = r.id
        RETURNING id, started_by, created_at
        """;

    /// <summary>The <c>new_logs</c> part of PostgresFireBatch's statement: the first line of each run in <c>new_runs n</c>.</summary>
    public const string LogsOfStartedByFires = """
        INSERT INTO run_logs (run_id, seq, time, severity, origin, message, user_name)
        SELECT n.id, 1, n.created_at, 'info', 'server', r.log, n.started_by FROM new_runs n JOIN run_input r ON r.id = n.id
        """;

    /// <summary>Claims up to @Max runs due by @Now that no live lease holds, for @Node until @Until.</summary>
    public static string Claim(string skipLocked) => $"""
        UPDATE runs SET lease_owner = @Node, lease_expires_at = @Until, version = version + 1
         WHERE id IN (SELECT id FROM runs
                       WHERE due_at IS NOT NULL AND due_at <= @Now AND state IN ('running', 'waiting', 'waiting-signal')
                         AND (lease_owner IS NULL OR lease_expires_at < @Now)
                       ORDER BY due_at
                       LIMIT @Max{skipLocked})
        RETURNING {Columns}
        """;

    /// <summary>Stores a new run and its first log lines; one stored for any node to claim wakes every node's run loop.</summary>
    public static async Task InsertAsync(WriteScope scope, Run run, IReadOnlyList<RunLogEntry> logs, CancellationToken ct)
    {
        var batch = new StatementBatch();
        batch.Add(Insert, RunRow.Parameters(run));
        for (var i = 0; i < logs.Count; i++)
        {
            // A new run's lines start at 1, which saves the lookup on the hot path of starts and schedule fires.
            var l = logs[i];
            batch.Add(InsertLog, new { RunId = run.Id, Seq = i + 1L, Time = Instants.ToMs(l.Time), l.Severity, l.Origin, l.Message, l.User });
        }

        await batch.ExecuteAsync(scope.Connection, scope.Transaction, scope.BatchesStatements, ct);
        if (run.LeaseOwner is null)
        {
            scope.Notify(WakeChannels.Runs); // stored for any node to claim: every node's run loop may look now
        }
    }

    /// <summary>A run that waits for a task (@Id) goes on at @Now: it reads the task's outcome when it runs.</summary>
    public static void WakeWaiting(StatementBatch batch, string runId, long now) =>
        batch.Add("UPDATE runs SET due_at = @Now, updated_at = @Now WHERE id = @Id AND state = 'waiting-signal'", new { Id = runId, Now = now });

    /// <summary>
    /// The log lines of a checkpoint, each numbered after the run's last; only the lease holder writes a run's logs, so
    /// numbering after the current maximum cannot collide.
    /// </summary>
    public static void AppendLogs(StatementBatch batch, string runId, IReadOnlyList<RunLogEntry> logs)
    {
        foreach (var l in logs)
        {
            batch.Add("""
                INSERT INTO run_logs (run_id, seq, time, severity, origin, message, user_name)
                SELECT @RunId, COALESCE(MAX(seq), 0) + 1, @Time, @Severity, @Origin, @Message, @User FROM run_logs WHERE run_id = @RunId
                """, new { RunId = runId, Time = Instants.ToMs(l.Time), l.Severity, l.Origin, l.Message, l.User });
        }
    }
}
