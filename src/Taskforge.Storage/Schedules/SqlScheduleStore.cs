using Dapper;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage.Runs;

namespace Taskforge.Storage.Schedules;

/// <summary>
/// Schedules, their fired slots and their timers on either dialect; the SQL is the same for both. A timer set due
/// before other nodes would look again wakes them (<see cref="WakeChannels.Timers"/>), as do the runs fires start.
/// </summary>
public sealed class SqlScheduleStore(SqlDatabase database, TimeProvider time, IOptions<TimerOptions> timerOptions) : IScheduleStore
{
    private const string Kind = ScheduleFiring.TimerKind;

    // The state the engine's rules give (ScheduleProgress): the one a fire sets by itself; else, with no run going at
    // commit, the schedule settles; a run still going keeps it as it is.
    private static readonly string MoveOnSql = $"""
        UPDATE schedules
           SET last_slot_at = CASE WHEN @Outcome = 'dropped' THEN last_slot_at ELSE @Slot END,
               next_fire_at = @NextFireAt, next_slot_at = @NextSlotAt, updated_at = @Now, version = version + 1,
               running_run_id = CASE WHEN @Outcome = 'started' THEN @RunId ELSE running_run_id END,
               error = CASE WHEN @Outcome = 'error' THEN @Error WHEN @Outcome = 'started' THEN NULL ELSE error END,
               state = CASE WHEN @FiredState IS NOT NULL THEN @FiredState
                            WHEN running_run_id IS NULL THEN {ScheduleStateSql.Settled("@NextFireAt IS NOT NULL")}
                            ELSE state END
         WHERE id = @Id
        """;

    public async Task CreateAsync(Schedule schedule, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO schedules ({ScheduleRow.Columns}) VALUES ({ScheduleRow.Values})", ScheduleRow.Bind(schedule), scope.Transaction, cancellationToken: ct));
        await SetTimerAsync(scope, schedule, ct);
        await scope.CommitAsync(ct);
    }

    public async Task<Schedule?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ScheduleRow>(new CommandDefinition(
            $"SELECT {ScheduleRow.Columns} FROM schedules WHERE id = @Id", new { Id = id }, cancellationToken: ct));
        return row?.ToSchedule();
    }

    public async Task<IReadOnlyList<Schedule>> ListAsync(string? workflowId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ScheduleRow>(new CommandDefinition(
            $"SELECT {ScheduleRow.Columns} FROM schedules WHERE @WorkflowId IS NULL OR workflow_id = @WorkflowId ORDER BY created_at, id",
            new { WorkflowId = workflowId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToSchedule())];
    }

    public async Task<IReadOnlyList<Schedule>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var found = new List<Schedule>(ids.Count);
        await using var connection = await database.OpenAsync(ct);
        // In chunks (SQLite allows at most 32,766 parameters), with the IN list spelled out: Dapper would hand Npgsql an array.
        foreach (var chunk in ids.Chunk(500))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
            {
                parameters.Add($"Id{i}", chunk[i]);
            }

            var list = string.Join(", ", Enumerable.Range(0, chunk.Length).Select(i => $"@Id{i}"));
            var rows = await connection.QueryAsync<ScheduleRow>(new CommandDefinition(
                $"SELECT {ScheduleRow.Columns} FROM schedules WHERE id IN ({list})", parameters, cancellationToken: ct));
            found.AddRange(rows.Select(r => r.ToSchedule()));
        }

        return found;
    }

    public async Task<bool> UpdateAsync(Schedule schedule, long expectedVersion, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE schedules SET name = @Name, description = @Description, inputs = @Inputs, parameters = @Parameters, cycle = @Cycle,
                   pattern = @Pattern, cron = @Cron, time_zone = @TimeZone, start_at = @StartAt, end_at = @EndAt, start_mode = @StartMode,
                   misfire = @Misfire, overlap = @Overlap, state = @State, pause_reason = @PauseReason, error = @Error, permissions = @Permissions,
                   next_fire_at = @NextFireAt, next_slot_at = @NextSlotAt, updated_at = @UpdatedAt, version = @Version
             WHERE id = @Id AND version = {expectedVersion}
            """, ScheduleRow.Bind(schedule), scope.Transaction, cancellationToken: ct));
        if (rows != 1)
        {
            return false;
        }

        await SetTimerAsync(scope, schedule, ct);
        await scope.CommitAsync(ct);
        return true;
    }

    public async Task<bool> SetPermissionsAsync(string id, string permissions, DateTimeOffset now, long expectedVersion, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE schedules SET permissions = @Permissions, updated_at = @Now, version = version + 1 WHERE id = @Id AND version = @Version",
            new { Id = id, Permissions = permissions, Now = Instants.ToMs(now), Version = expectedVersion }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM schedules WHERE id = @Id", new { Id = id }, scope.Transaction, cancellationToken: ct));
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM timers WHERE kind = '{Kind}' AND owner_id = @Id", new { Id = id }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    public async Task<IReadOnlyList<ScheduleFire>> ListFiresAsync(string scheduleId, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<FireRow>(new CommandDefinition(
            "SELECT schedule_id, slot_at, fired_at, run_id, outcome, node FROM schedule_fires WHERE schedule_id = @Id ORDER BY slot_at DESC LIMIT @Max",
            new { Id = scheduleId, Max = max }, cancellationToken: ct));
        return [.. rows.Select(r => new ScheduleFire(r.ScheduleId, Instants.FromMs(r.SlotAt), Instants.FromMs(r.FiredAt), r.RunId, FireOutcomes.FromWire(r.Outcome), r.Node))];
    }

    public Task<IReadOnlyList<FireCommand>> ApplyFiresAsync(string node, IReadOnlyList<FireCommand> fires, CancellationToken ct) =>
        database.GroupCommit.WriteAsync<IReadOnlyList<FireCommand>>(async (scope, token) =>
        {
            // The runs fires start are stored unleased, for any node to claim; a fire's next slot is rarely due soon.
            if (fires.Any(f => f.Run is not null))
            {
                scope.Notify(WakeChannels.Runs);
            }

            if (fires.Any(f => f.Schedule.NextFireAt is { } next && WakeChannels.DueBeforeOthersLook(next, time.GetUtcNow(), timerOptions.Value)))
            {
                scope.Notify(WakeChannels.Timers);
            }

            if (database.Provider == StorageOptions.Postgres)
            {
                return await PostgresFireBatch.ApplyAsync(scope, node, fires, token);
            }

            var applied = new List<FireCommand>(fires.Count);
            foreach (var fire in fires)
            {
                if (await ApplyAsync(scope, node, fire, token))
                {
                    applied.Add(fire);
                }
            }

            return applied;
        }, ct);

    private static async Task<bool> ApplyAsync(WriteScope scope, string node, FireCommand fire, CancellationToken ct)
    {
        var schedule = fire.Schedule;
        var slot = Instants.ToMs(fire.Slot);
        var fenced = Instants.ToMs(fire.FencedSlot);
        // Fenced by the lease: a timer that another node took over, or that an update moved, is not this node's to fire.
        var moved = schedule.NextFireAt is { } due
            ? await scope.Connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE timers SET due_at = @Due, slot_at = @NextSlot, lease_owner = NULL, lease_expires_at = NULL
                 WHERE kind = '{Kind}' AND owner_id = @Id AND lease_owner = @Node AND slot_at = @Slot
                """, new { schedule.Id, Node = node, Slot = fenced, Due = Instants.ToMs(due), NextSlot = Instants.ToMs(schedule.NextSlotAt ?? due) },
                scope.Transaction, cancellationToken: ct))
            : await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM timers WHERE kind = '{Kind}' AND owner_id = @Id AND lease_owner = @Node AND slot_at = @Slot",
                new { schedule.Id, Node = node, Slot = fenced }, scope.Transaction, cancellationToken: ct));
        if (moved != 1)
        {
            return false;
        }

        if (fire.Outcome != FireOutcome.Dropped)
        {
            // The unique (schedule, slot) key: a slot that fired already cannot start a second run, whatever happened before.
            var recorded = await scope.Connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO schedule_fires (schedule_id, slot_at, fired_at, run_id, outcome, node)
                VALUES (@Id, @Slot, @FiredAt, @RunId, @Outcome, @Node)
                ON CONFLICT (schedule_id, slot_at) DO NOTHING
                """, new { schedule.Id, Slot = slot, FiredAt = Instants.ToMs(fire.FiredAt), RunId = fire.Run?.Id, Outcome = FireOutcomes.ToWire(fire.Outcome), Node = node },
                scope.Transaction, cancellationToken: ct));
            if (recorded == 1 && fire.Run is { } run)
            {
                await SqlRunStore.InsertAsync(scope, run, fire.RunLog is { } log ? [log] : [], ct);
            }
            else if (recorded == 0)
            {
                fire = fire with { Run = null, Outcome = FireOutcome.Dropped };
            }
        }

        // Only the columns a fire owns: a run that ended meanwhile may have moved state and running_run_id already.
        await scope.Connection.ExecuteAsync(new CommandDefinition(MoveOnSql,
            new
            {
                schedule.Id, Slot = slot, NextFireAt = Instants.ToMs(schedule.NextFireAt), NextSlotAt = Instants.ToMs(schedule.NextSlotAt),
                Now = Instants.ToMs(fire.FiredAt), RunId = fire.Run?.Id, Outcome = FireOutcomes.ToWire(fire.Outcome), schedule.Error,
                FiredState = ScheduleProgress.AfterFire(fire.Outcome) is { } state ? ScheduleStates.ToWire(state) : null,
            },
            scope.Transaction, cancellationToken: ct));
        return true;
    }

    // A schedule with a next fire has exactly one timer, due then; one without has none. Moving it frees any lease.
    private async Task SetTimerAsync(WriteScope scope, Schedule schedule, CancellationToken ct)
    {
        if (schedule.NextFireAt is { } due)
        {
            if (WakeChannels.DueBeforeOthersLook(due, time.GetUtcNow(), timerOptions.Value))
            {
                scope.Notify(WakeChannels.Timers);
            }

            await scope.Connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO timers (kind, owner_id, due_at, slot_at, lease_owner, lease_expires_at) VALUES ('{Kind}', @Id, @Due, @Slot, NULL, NULL)
                ON CONFLICT (kind, owner_id) DO UPDATE SET due_at = excluded.due_at, slot_at = excluded.slot_at, lease_owner = NULL, lease_expires_at = NULL
                """, new { schedule.Id, Due = Instants.ToMs(due), Slot = Instants.ToMs(schedule.NextSlotAt ?? due) }, scope.Transaction, cancellationToken: ct));
        }
        else
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM timers WHERE kind = '{Kind}' AND owner_id = @Id", new { schedule.Id }, scope.Transaction, cancellationToken: ct));
        }
    }

    private sealed class FireRow
    {
        public string ScheduleId { get; set; } = "";
        public long SlotAt { get; set; }
        public long FiredAt { get; set; }
        public string? RunId { get; set; }
        public string Outcome { get; set; } = "";
        public string Node { get; set; } = "";
    }
}
