using Dapper;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Telemetry;

namespace Taskforge.Storage.Telemetry;

/// <summary>
/// The counts behind the engine's gauges, two index-bounded queries: tasks by state (the leading column of
/// ix_tasks_state_priority) and the timers due by now (ix_timers_due). Asked at most once per refresh interval.
/// </summary>
public sealed class SqlCountsStore(SqlDatabase database) : ICountsStore
{
    private const string Sql = """
        SELECT CAST(state AS BIGINT) AS state, COUNT(*) AS count FROM tasks GROUP BY state;
        SELECT kind, COUNT(*) AS due, CAST(SUM(CASE WHEN due_at < @OverdueBefore THEN 1 ELSE 0 END) AS BIGINT) AS overdue
          FROM timers
         WHERE due_at <= @Now AND (lease_owner IS NULL OR lease_expires_at < @Now)
         GROUP BY kind;
        """;

    public async Task<StoreCounts> CountAsync(DateTimeOffset now, DateTimeOffset overdueBefore, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql,
            new { Now = Instants.ToMs(now), OverdueBefore = Instants.ToMs(overdueBefore) }, cancellationToken: ct));
        var tasks = (await results.ReadAsync<(long State, long Count)>()).ToDictionary(r => (TaskState)r.State, r => r.Count);
        var timers = (await results.ReadAsync<(string Kind, long Due, long Overdue)>()).Select(r => new TimerCount(r.Kind, r.Due, r.Overdue)).ToList();
        return new StoreCounts(tasks, timers);
    }
}
