using Dapper;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Timers;
using Taskforge.Storage.Rows;

namespace Taskforge.Storage.Schedules;

/// <summary>
/// Schedules, their fired slots and their timers on either dialect; the SQL is the same for both. A timer set due
/// before other nodes would look again wakes them (<see cref="WakeChannels.Timers"/>), as do the runs fires start.
/// </summary>
public sealed class SqlScheduleStore(SqlDatabase database, TimeProvider time, IOptions<TimerOptions> timerOptions) : IScheduleStore
{
    private const string Kind = ScheduleFiring.TimerKind;

    // Fenced by the lease: a timer that another node took over, or that an update moved, is not this node's to fire.
    private static readonly string MoveLeased = TimerRows.MoveLeased(Kind);
    private static readonly string RemoveLeased = TimerRows.RemoveLeased(Kind);

    public async Task CreateAsync(Schedule schedule, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        await ScheduleRows.InsertAsync(scope, schedule, ct);
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
        foreach (var chunk in ids.Chunk(SqlInList.MaxItems))
        {
            var (list, parameters) = SqlInList.Of(chunk);
            var rows = await connection.QueryAsync<ScheduleRow>(new CommandDefinition(
                $"SELECT {ScheduleRow.Columns} FROM schedules WHERE id IN ({list})", parameters, cancellationToken: ct));
            found.AddRange(rows.Select(r => r.ToSchedule()));
        }

        return found;
    }

    public async Task<bool> UpdateAsync(Schedule schedule, long expectedVersion, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        if (!await ScheduleRows.ReplaceAsync(scope, schedule, expectedVersion, ct))
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
        var changed = await ScheduleRows.SetPermissionsAsync(scope, id, permissions, now, expectedVersion, ct);
        await scope.CommitAsync(ct);
        return changed;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var deleted = await ScheduleRows.DeleteAsync(scope, id, ct);
        await TimerRows.RemoveAsync(scope, Kind, id, slot: null, ct);
        await scope.CommitAsync(ct);
        return deleted;
    }

    public async Task<IReadOnlyList<ScheduleFire>> ListFiresAsync(string scheduleId, DateTimeOffset? before, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<FireRow>(new CommandDefinition($"""
            SELECT {FireRow.Columns} FROM schedule_fires
             WHERE schedule_id = @Id{(before is null ? "" : " AND slot_at < @Before")}
             ORDER BY slot_at DESC LIMIT @Max
            """, new { Id = scheduleId, Before = Instants.ToMs(before), Max = max }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToFire())];
    }

    public async Task<int> PruneFiresAsync(DateTimeOffset firedBefore, int keepPerSchedule, int max, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var deleted = await ScheduleRows.PruneFiresAsync(scope, firedBefore, keepPerSchedule, max, ct);
        await scope.CommitAsync(ct);
        return deleted;
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
        var fenced = new { schedule.Id, Node = node, Slot = Instants.ToMs(fire.FencedSlot), Due = Instants.ToMs(schedule.NextFireAt),
            NextSlot = Instants.ToMs(schedule.NextSlotAt ?? schedule.NextFireAt) };
        if (await scope.Connection.ExecuteAsync(new CommandDefinition(schedule.NextFireAt is null ? RemoveLeased : MoveLeased, fenced, scope.Transaction,
                cancellationToken: ct)) != 1)
        {
            return false;
        }

        if (fire.Outcome != FireOutcome.Dropped)
        {
            if (await ScheduleRows.RecordFireAsync(scope, node, fire, ct))
            {
                if (fire.Run is { } run)
                {
                    await RunRows.InsertAsync(scope, run, fire.RunLog is { } log ? [log] : [], ct);
                }
            }
            else
            {
                fire = fire with { Run = null, Outcome = FireOutcome.Dropped };
            }
        }

        await ScheduleRows.MoveOnAsync(scope, fire, ct);
        return true;
    }

    // A schedule with a next fire has exactly one timer, due then; one without has none. Moving it frees any lease.
    private async Task SetTimerAsync(WriteScope scope, Schedule schedule, CancellationToken ct)
    {
        if (schedule.NextFireAt is { } due && WakeChannels.DueBeforeOthersLook(due, time.GetUtcNow(), timerOptions.Value))
        {
            scope.Notify(WakeChannels.Timers);
        }

        await TimerRows.SetScheduleAsync(scope, Kind, schedule.Id, schedule.NextFireAt, schedule.NextSlotAt, ct);
    }
}
