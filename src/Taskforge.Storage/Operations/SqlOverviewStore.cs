using System.Globalization;
using Dapper;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Operations;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Storage.Operations;

/// <summary>
/// The operations overview's counts on either dialect. Each reads an index range: runs by (state, created_at) one state at
/// a time, so the counts come from the index alone; fires by fired_at; waiting tasks by the partial index of READY tasks
/// (migration 0012).
/// </summary>
public sealed class SqlOverviewStore(SqlDatabase database) : IOverviewStore
{
    private static readonly int Ready = (int)TaskState.Ready;

    private static readonly string RunsByState = string.Join("\nUNION ALL\n", Enum.GetValues<RunState>().Select(s =>
        $"SELECT '{RunStates.ToWire(s)}' AS name, COUNT(*) AS n FROM runs WHERE state = '{RunStates.ToWire(s)}' AND created_at >= @Since"));

    public async Task<IReadOnlyDictionary<RunState, int>> RunsByStateAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(RunsByState, new { Since = Instants.ToMs(since) }, cancellationToken: ct));
        return rows.ToDictionary(r => RunStates.FromWire(r.Name), r => (int)r.N);
    }

    public async Task<IReadOnlyDictionary<FireOutcome, int>> FiresByOutcomeAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(
            "SELECT outcome AS name, COUNT(*) AS n FROM schedule_fires WHERE fired_at >= @Since GROUP BY outcome",
            new { Since = Instants.ToMs(since) }, cancellationToken: ct));
        return rows.ToDictionary(r => FireOutcomes.FromWire(r.Name), r => (int)r.N);
    }

    public async Task<IReadOnlyList<TimeSpan>> StartedLagsAsync(DateTimeOffset since, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var lags = await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT fired_at - slot_at FROM schedule_fires WHERE fired_at >= @Since AND outcome = '{FireOutcomes.ToWire(FireOutcome.Started)}' ORDER BY fired_at DESC LIMIT @Max",
            new { Since = Instants.ToMs(since), Max = max }, cancellationToken: ct));
        return [.. lags.Select(ms => TimeSpan.FromMilliseconds(ms))];
    }

    public async Task<(int Total, IReadOnlyList<int> ReadySince)> ReadyTasksAsync(IReadOnlyList<DateTimeOffset> bounds, CancellationToken ct)
    {
        // Row -1 is every READY task; row i those that became ready at or after bounds[i].
        var sql = string.Join("\nUNION ALL\n", bounds.Select((_, i) => string.Create(CultureInfo.InvariantCulture,
                $"SELECT {i} AS i, COUNT(*) AS n FROM tasks WHERE state = {Ready} AND activated_at >= @B{i}"))
            .Prepend($"SELECT -1 AS i, COUNT(*) AS n FROM tasks WHERE state = {Ready}"));
        var parameters = new DynamicParameters();
        for (var i = 0; i < bounds.Count; i++)
        {
            parameters.Add($"B{i}", Instants.ToMs(bounds[i]));
        }

        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<BoundRow>(new CommandDefinition(sql, parameters, cancellationToken: ct))).ToDictionary(r => r.I, r => (int)r.N);
        return (rows[-1], [.. bounds.Select((_, i) => rows[i])]);
    }

    private sealed class BoundRow
    {
        public long I { get; set; }
        public long N { get; set; }
    }

    private sealed class CountRow
    {
        public string Name { get; set; } = "";
        public long N { get; set; }
    }
}
