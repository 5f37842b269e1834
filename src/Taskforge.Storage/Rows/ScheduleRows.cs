using Dapper;
using Taskforge.Engine.Schedules;

namespace Taskforge.Storage.Rows;

/// <summary>
/// Every write of the <c>schedules</c> and <c>schedule_fires</c> tables. A schedule's state moves by the engine's rules
/// (<see cref="ScheduleProgress"/>, written out by <see cref="ScheduleStateSql"/>); the SQL only applies them to the row
/// as it is at commit, where a run that ended meanwhile may already have moved it.
/// </summary>
internal static class ScheduleRows
{
    /// <summary>The run @Id ended: the schedule that started it, if any, no longer has a run going (at @Now).</summary>
    public static readonly string RunEnded = $"""
        UPDATE schedules SET running_run_id = NULL, updated_at = @Now, state = {ScheduleStateSql.AfterRunEnded("next_fire_at IS NOT NULL")}
         WHERE running_run_id = @Id
        """;

    // The condition of PruneFiresAsync that spares a schedule's newest slots (@Offset + 1 of them) while it exists.
    private const string KeepNewest = """
        AND (NOT EXISTS (SELECT 1 FROM schedules s WHERE s.id = f.schedule_id)
             OR f.slot_at < (SELECT k.slot_at FROM schedule_fires k WHERE k.schedule_id = f.schedule_id ORDER BY k.slot_at DESC LIMIT 1 OFFSET @Offset))
        """;

    // Only the columns a fire owns: a run that ended meanwhile may have moved state and running_run_id already. The state
    // is the one the fire sets by itself; else, with no run going at commit, the schedule settles; a run going keeps it.
    private static readonly string MoveOnSql = $"""
        UPDATE schedules
           SET last_slot_at = CASE WHEN @Outcome = 'dropped' THEN last_slot_at ELSE @Slot END,
               next_fire_at = @NextFireAt, next_slot_at = @NextSlotAt, updated_at = @Now, version = version + 1,
               running_run_id = CASE WHEN @Outcome = 'started' THEN @RunId ELSE running_run_id END,
               error = CASE WHEN @Outcome = 'refused' THEN @Error WHEN @Outcome = 'started' THEN NULL ELSE error END,
               state = COALESCE({ScheduleStateSql.AfterFire("@Outcome")},
                                 CASE WHEN running_run_id IS NULL THEN {ScheduleStateSql.Settled("@NextFireAt IS NOT NULL")} ELSE state END)
         WHERE id = @Id
        """;

    /// <summary>
    /// The <c>fired</c> part of PostgresFireBatch's statement: the slots of its input rows <c>i</c> whose timers it won
    /// (<c>won w</c>), under the unique (schedule, slot) key, so a slot that fired already records nothing.
    /// </summary>
    public const string FiresRecorded = $"""
        INSERT INTO schedule_fires ({FireRow.Columns})
        SELECT i.id, i.slot, i.fired_at, i.run_id, i.outcome, @Node, i.misfire, i.missed_from, i.active_run_id, i.refusal, i.fire_error
          FROM input i JOIN won w ON w.id = i.id WHERE i.outcome <> 'dropped'
        ON CONFLICT (schedule_id, slot_at) DO NOTHING
        RETURNING schedule_id, run_id
        """;

    /// <summary>
    /// <see cref="MoveOnAsync"/> for PostgresFireBatch's input rows <c>i</c> whose timers it won; a slot with no row in
    /// <c>fired</c> had fired already and counts as dropped: it starts nothing and sets no state of its own.
    /// </summary>
    public static readonly string MovedOnByFires = $"""
        UPDATE schedules s
           SET last_slot_at = CASE WHEN o.outcome = 'dropped' THEN s.last_slot_at ELSE i.slot END,
               next_fire_at = i.due, next_slot_at = i.next_slot, updated_at = i.fired_at, version = s.version + 1,
               running_run_id = CASE WHEN o.outcome = 'started' THEN i.run_id ELSE s.running_run_id END,
               error = CASE WHEN o.outcome = 'refused' THEN i.error WHEN o.outcome = 'started' THEN NULL ELSE s.error END,
               state = COALESCE({ScheduleStateSql.AfterFire("o.outcome")},
                                 CASE WHEN s.running_run_id IS NULL THEN {ScheduleStateSql.Settled("i.due IS NOT NULL")} ELSE s.state END)
          FROM input i
          JOIN won w ON w.id = i.id
          CROSS JOIN LATERAL (SELECT CASE WHEN i.outcome = 'dropped' OR NOT EXISTS (SELECT 1 FROM fired f WHERE f.schedule_id = i.id)
                                          THEN 'dropped' ELSE i.outcome END AS outcome) o
         WHERE s.id = i.id
        RETURNING s.id
        """;

    public static Task InsertAsync(WriteScope scope, Schedule schedule, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO schedules ({ScheduleRow.Columns}) VALUES ({ScheduleRow.Values})", ScheduleRow.Bind(schedule), scope.Transaction, cancellationToken: ct));

    /// <summary>Replaces a schedule still at <paramref name="expectedVersion"/>; false when someone changed it first.</summary>
    public static async Task<bool> ReplaceAsync(WriteScope scope, Schedule schedule, long expectedVersion, CancellationToken ct) =>
        await scope.Connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE schedules SET name = @Name, description = @Description, inputs = @Inputs, parameters = @Parameters, cycle = @Cycle,
                   pattern = @Pattern, cron = @Cron, time_zone = @TimeZone, start_at = @StartAt, end_at = @EndAt, start_mode = @StartMode,
                   misfire = @Misfire, overlap = @Overlap, state = @State, pause_reason = @PauseReason, error = @Error, permissions = @Permissions,
                   next_fire_at = @NextFireAt, next_slot_at = @NextSlotAt, updated_at = @UpdatedAt, version = @Version
             WHERE id = @Id AND version = {expectedVersion}
            """, ScheduleRow.Bind(schedule), scope.Transaction, cancellationToken: ct)) == 1;

    public static async Task<bool> SetPermissionsAsync(WriteScope scope, string id, string permissions, DateTimeOffset now, long expectedVersion, CancellationToken ct) =>
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE schedules SET permissions = @Permissions, updated_at = @Now, version = version + 1 WHERE id = @Id AND version = @Version",
            new { Id = id, Permissions = permissions, Now = Instants.ToMs(now), Version = expectedVersion }, scope.Transaction, cancellationToken: ct)) == 1;

    public static async Task<bool> DeleteAsync(WriteScope scope, string id, CancellationToken ct) =>
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM schedules WHERE id = @Id", new { Id = id }, scope.Transaction, cancellationToken: ct)) == 1;

    /// <summary>Records a fired slot and its facts under the unique (schedule, slot) key: false when the slot fired already, whatever happened before.</summary>
    public static async Task<bool> RecordFireAsync(WriteScope scope, string node, FireCommand fire, CancellationToken ct) =>
        await scope.Connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO schedule_fires ({FireRow.Columns})
            VALUES (@Id, @Slot, @FiredAt, @RunId, @Outcome, @Node, @Misfire, @MissedFrom, @ActiveRunId, @Refusal, @Error)
            ON CONFLICT (schedule_id, slot_at) DO NOTHING
            """, FireRow.Bind(node, fire), scope.Transaction, cancellationToken: ct)) == 1;

    /// <summary>
    /// Deletes up to @Max slots fired before @Before, except the newest <paramref name="keepPerSchedule"/> of each schedule
    /// that still exists (those of a deleted schedule go once they are old). Returns how many it deleted.
    /// </summary>
    public static Task<int> PruneFiresAsync(WriteScope scope, DateTimeOffset firedBefore, int keepPerSchedule, int max, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition($"""
            DELETE FROM schedule_fires
             WHERE (schedule_id, slot_at) IN (SELECT f.schedule_id, f.slot_at FROM schedule_fires f
                                               WHERE f.fired_at < @Before {(keepPerSchedule > 0 ? KeepNewest : "")}
                                               LIMIT @Max)
            """, new { Before = Instants.ToMs(firedBefore), Offset = keepPerSchedule - 1, Max = max }, scope.Transaction, cancellationToken: ct));

    /// <summary>Moves the schedule on after a fire: its last slot, next fire, run, error and state.</summary>
    public static Task MoveOnAsync(WriteScope scope, FireCommand fire, CancellationToken ct)
    {
        var schedule = fire.Schedule;
        return scope.Connection.ExecuteAsync(new CommandDefinition(MoveOnSql,
            new
            {
                schedule.Id, Slot = Instants.ToMs(fire.Slot), NextFireAt = Instants.ToMs(schedule.NextFireAt), NextSlotAt = Instants.ToMs(schedule.NextSlotAt),
                Now = Instants.ToMs(fire.FiredAt), RunId = fire.Run?.Id, Outcome = FireOutcomes.ToWire(fire.Outcome), schedule.Error,
            },
            scope.Transaction, cancellationToken: ct));
    }
}
