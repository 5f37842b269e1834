using Dapper;
using Taskforge.Engine.Schedules;
using Taskforge.Storage.Rows;

namespace Taskforge.Storage.Schedules;

/// <summary>
/// PostgreSQL's way of committing a batch of fires: one statement for the whole batch (arrays unnested, data-modifying
/// CTEs), instead of five round trips per fire. Same rules as the per-fire path: only a timer this node still holds at
/// that slot fires, a slot already recorded starts nothing, and the schedule is moved on. SQLite, in-process, runs
/// the per-fire statements just as fast and has no data-modifying CTEs.
/// </summary>
internal static class PostgresFireBatch
{
    // Each table's part comes from that table's writer (Rows/); this statement only joins them up: the fires as input
    // rows, the timers this node still holds (won), the slots recorded (fired), the runs they start, the schedules moved on.
    private static readonly string Sql = $"""
        WITH input AS (
            SELECT * FROM unnest(@Ids::text[], @Slots::bigint[], @Dues::bigint[], @NextSlots::bigint[], @Outcomes::text[], @RunIds::text[],
                                 @Errors::text[], @FiredAts::bigint[], @Fenced::bigint[],
                                 @Misfires::text[], @MissedFroms::bigint[], @ActiveRunIds::text[], @Refusals::text[], @FireErrors::text[])
                AS i(id, slot, due, next_slot, outcome, run_id, error, fired_at, fenced, misfire, missed_from, active_run_id, refusal, fire_error)
        ),
        moved AS ({TimerRows.MovedByFires(ScheduleFiring.TimerKind)}),
        removed AS ({TimerRows.RemovedByFires(ScheduleFiring.TimerKind)}),
        won AS (SELECT owner_id AS id FROM moved UNION ALL SELECT owner_id FROM removed),
        fired AS ({ScheduleRows.FiresRecorded}),
        run_input AS (
            SELECT * FROM unnest(@RunIdList::text[], @RunWorkflows::text[], @RunRevisions::int[], @RunStartedBy::text[], @RunInputs::text[],
                                 @RunVariables::text[], @RunSteps::text[], @RunCreated::bigint[], @RunLogs::text[], @RunTraces::text[])
                AS r(id, workflow_id, revision, started_by, inputs, variables, step, created_at, log, trace_parent)
        ),
        new_runs AS ({RunRows.StartedByFires}),
        new_logs AS ({RunRows.LogsOfStartedByFires}),
        moved_schedules AS ({ScheduleRows.MovedOnByFires})
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
            Misfires = fires.Select(f => f.Facts?.Misfire).ToArray(),
            MissedFroms = fires.Select(f => Instants.ToMs(f.Facts?.MissedFrom)).ToArray(),
            ActiveRunIds = fires.Select(f => f.Facts?.ActiveRunId).ToArray(),
            Refusals = fires.Select(f => f.Facts?.Refusal is { } refusal ? FireRefusals.ToWire(refusal) : null).ToArray(),
            FireErrors = fires.Select(f => f.Facts?.Error).ToArray(),
            RunIdList = started.Select(f => f.Run!.Id).ToArray(),
            RunWorkflows = started.Select(f => f.Run!.WorkflowId).ToArray(),
            RunRevisions = started.Select(f => f.Run!.WorkflowRevision).ToArray(),
            RunStartedBy = started.Select(f => f.Run!.StartedBy).ToArray(),
            RunInputs = started.Select(f => f.Run!.Inputs).ToArray(),
            RunVariables = started.Select(f => f.Run!.Variables).ToArray(),
            RunSteps = started.Select(f => f.Run!.CurrentStep).ToArray(),
            RunCreated = started.Select(f => Instants.ToMs(f.Run!.CreatedAt)).ToArray(),
            RunLogs = started.Select(f => f.RunLog?.Message ?? $"Workflow '{f.Run!.WorkflowId}' has started").ToArray(),
            RunTraces = started.Select(f => f.Run!.TraceParent).ToArray(),
        };
        var won = (await scope.Connection.QueryAsync<string>(new CommandDefinition(Sql, parameters, scope.Transaction, cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        return [.. fires.Where(f => won.Contains(f.Schedule.Id))];
    }
}
