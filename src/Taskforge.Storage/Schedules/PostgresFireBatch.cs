using Dapper;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Storage.Schedules;

/// <summary>
/// PostgreSQL's way of committing a batch of fires: one statement for the whole batch (arrays unnested, data-modifying
/// CTEs), instead of five round trips per fire. Same rules as the per-fire path: only a timer this node still holds at
/// that slot fires, a slot already recorded starts nothing, and the schedule is moved on. SQLite, in-process, runs
/// the per-fire statements just as fast and has no data-modifying CTEs.
/// </summary>
internal static class PostgresFireBatch
{
    // State as on the per-fire path (SqlScheduleStore): the fire's own state if it fired, else settled with no run going.
    private static readonly string Sql = $"""
        WITH input AS (
            SELECT * FROM unnest(@Ids::text[], @Slots::bigint[], @Dues::bigint[], @NextSlots::bigint[], @Outcomes::text[], @RunIds::text[],
                                 @Errors::text[], @FiredAts::bigint[], @Fenced::bigint[], @FiredStates::text[])
                AS i(id, slot, due, next_slot, outcome, run_id, error, fired_at, fenced, fired_state)
        ),
        moved AS (
            UPDATE timers t SET due_at = i.due, slot_at = i.next_slot, lease_owner = NULL, lease_expires_at = NULL
              FROM input i
             WHERE i.due IS NOT NULL AND t.kind = 'schedule' AND t.owner_id = i.id AND t.lease_owner = @Node AND t.slot_at = i.fenced
            RETURNING t.owner_id
        ),
        removed AS (
            DELETE FROM timers t USING input i
             WHERE i.due IS NULL AND t.kind = 'schedule' AND t.owner_id = i.id AND t.lease_owner = @Node AND t.slot_at = i.fenced
            RETURNING t.owner_id
        ),
        won AS (SELECT owner_id AS id FROM moved UNION ALL SELECT owner_id FROM removed),
        fired AS (
            INSERT INTO schedule_fires (schedule_id, slot_at, fired_at, run_id, outcome, node)
            SELECT i.id, i.slot, i.fired_at, i.run_id, i.outcome, @Node FROM input i JOIN won w ON w.id = i.id WHERE i.outcome <> 'dropped'
            ON CONFLICT (schedule_id, slot_at) DO NOTHING
            RETURNING schedule_id, run_id
        ),
        run_input AS (
            SELECT * FROM unnest(@RunIdList::text[], @RunWorkflows::text[], @RunRevisions::int[], @RunStartedBy::text[], @RunInputs::text[],
                                 @RunVariables::text[], @RunSteps::text[], @RunCreated::bigint[], @RunLogs::text[])
                AS r(id, workflow_id, revision, started_by, inputs, variables, step, created_at, log)
        ),
        new_runs AS (
            INSERT INTO runs (id, workflow_id, workflow_revision, state, started_by, inputs, variables, current_step, steps_done, error,
                              cancel_requested, due_at, lease_owner, lease_expires_at, version, created_at, ended_at, parent_run_id, updated_at)
            SELECT r.id, r.workflow_id, r.revision, 'running', r.started_by, r.inputs, r.variables, r.step, 0, NULL,
                   0, r.created_at, NULL, NULL, 0, r.created_at, NULL, NULL, r.created_at
              FROM run_input r JOIN fired f ON f.run_id = r.id
            RETURNING id, started_by, created_at
        ),
        new_logs AS (
            INSERT INTO run_logs (run_id, seq, time, severity, origin, message, user_name)
            SELECT n.id, 1, n.created_at, 'info', 'server', r.log, n.started_by FROM new_runs n JOIN run_input r ON r.id = n.id
        ),
        moved_schedules AS (
            UPDATE schedules s
               SET last_slot_at = CASE WHEN o.outcome = 'dropped' THEN s.last_slot_at ELSE i.slot END,
                   next_fire_at = i.due, next_slot_at = i.next_slot, updated_at = i.fired_at, version = s.version + 1,
                   running_run_id = CASE WHEN o.outcome = 'started' THEN i.run_id ELSE s.running_run_id END,
                   error = CASE WHEN o.outcome = 'error' THEN i.error WHEN o.outcome = 'started' THEN NULL ELSE s.error END,
                   state = CASE WHEN o.outcome <> 'dropped' AND i.fired_state IS NOT NULL THEN i.fired_state
                                WHEN s.running_run_id IS NULL THEN {ScheduleStateSql.Settled("i.due IS NOT NULL")}
                                ELSE s.state END
              FROM input i
              JOIN won w ON w.id = i.id
              -- A slot that had fired already (no row in "fired") counts as dropped: it starts nothing and sets no state of its own.
              CROSS JOIN LATERAL (SELECT CASE WHEN i.outcome = 'dropped' OR NOT EXISTS (SELECT 1 FROM fired f WHERE f.schedule_id = i.id)
                                              THEN 'dropped' ELSE i.outcome END AS outcome) o
             WHERE s.id = i.id
            RETURNING s.id
        )
        SELECT id FROM won
        """;

    public static async Task<IReadOnlyList<FireCommand>> ApplyAsync(WriteScope scope, string node, IReadOnlyList<FireCommand> fires, CancellationToken ct)
    {
        var started = fires.Where(f => f.Run is not null).ToList();
        var parameters = new
        {
            Node = node,
            Ids = fires.Select(f => f.Schedule.Id).ToArray(),
            Slots = fires.Select(f => Instants.ToMs(f.Slot)).ToArray(),
            Dues = fires.Select(f => Instants.ToMs(f.Schedule.NextFireAt)).ToArray(),
            NextSlots = fires.Select(f => Instants.ToMs(f.Schedule.NextSlotAt ?? f.Schedule.NextFireAt)).ToArray(),
            Outcomes = fires.Select(f => FireOutcomes.ToWire(f.Outcome)).ToArray(),
            RunIds = fires.Select(f => f.Run?.Id).ToArray(),
            Errors = fires.Select(f => f.Schedule.Error).ToArray(),
            FiredAts = fires.Select(f => Instants.ToMs(f.FiredAt)).ToArray(),
            Fenced = fires.Select(f => Instants.ToMs(f.FencedSlot)).ToArray(),
            FiredStates = fires.Select(f => ScheduleProgress.AfterFire(f.Outcome) is { } state ? ScheduleStates.ToWire(state) : null).ToArray(),
            RunIdList = started.Select(f => f.Run!.Id).ToArray(),
            RunWorkflows = started.Select(f => f.Run!.WorkflowId).ToArray(),
            RunRevisions = started.Select(f => f.Run!.WorkflowRevision).ToArray(),
            RunStartedBy = started.Select(f => f.Run!.StartedBy).ToArray(),
            RunInputs = started.Select(f => f.Run!.Inputs).ToArray(),
            RunVariables = started.Select(f => f.Run!.Variables).ToArray(),
            RunSteps = started.Select(f => f.Run!.CurrentStep).ToArray(),
            RunCreated = started.Select(f => Instants.ToMs(f.Run!.CreatedAt)).ToArray(),
            RunLogs = started.Select(f => f.RunLog?.Message ?? $"Workflow '{f.Run!.WorkflowId}' has started").ToArray(),
        };
        var won = (await scope.Connection.QueryAsync<string>(new CommandDefinition(Sql, parameters, scope.Transaction, cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        return [.. fires.Where(f => won.Contains(f.Schedule.Id))];
    }
}
