using Dapper;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Storage.Runs;

/// <summary>The console's reads of runs on either dialect (<see cref="IRunQueryStore"/>); each is one indexed query.</summary>
public sealed class SqlRunQueryStore(SqlDatabase database) : IRunQueryStore
{
    public async Task<IReadOnlyList<RunSummary>> ListAsync(RunListQuery query, CancellationToken ct)
    {
        var (sql, parameters) = RunListSql.Build(query, database.Provider);
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunSummaryRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return [.. rows.Select(r => r.ToSummary())];
    }

    public async Task<IReadOnlyList<RunStepRecord>> StepsAsync(string runId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<StepRow>(new CommandDefinition(
            "SELECT seq, step_id, started_at, ended_at, outcome FROM run_steps WHERE run_id = @Id ORDER BY seq", new { Id = runId }, cancellationToken: ct));
        return [.. rows.Select(r => new RunStepRecord((int)r.Seq, r.StepId, Instants.FromMs(r.StartedAt), Instants.FromMs(r.EndedAt), RunStates.FromWire(r.Outcome)))];
    }

    public async Task<IReadOnlyList<RunSummary>> ChildrenAsync(string runId, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunSummaryRow>(new CommandDefinition(
            $"SELECT {RunSummaryRow.Columns} FROM runs WHERE parent_run_id = @Id ORDER BY created_at, id LIMIT @Max",
            new { Id = runId, Max = max }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToSummary())];
    }

    public async Task<IReadOnlyList<LinkedTask>> LinkedTasksAsync(string runId, string? invokingTaskId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<TaskLinkRow>(new CommandDefinition("""
            SELECT id, COALESCE(display_name, name) AS name, state, created_at, completed_at FROM tasks
             WHERE waiting_run_id = @Id OR id = @TaskId
             ORDER BY created_at, id
            """, new { Id = runId, TaskId = invokingTaskId }, cancellationToken: ct));
        return [.. rows.Select(r => new LinkedTask(r.Id, r.Name, (TaskState)r.State, Instants.FromMs(r.CreatedAt), Instants.FromMs(r.CompletedAt),
            r.Id == invokingTaskId ? TaskLink.Invoking : TaskLink.Created))];
    }

    public async Task<IReadOnlyList<RunLogLine>> LogsAfterAsync(string runId, long afterSeq, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunLogRow>(new CommandDefinition(
            "SELECT seq, time, severity, origin, message, user_name FROM run_logs WHERE run_id = @Id AND seq > @After ORDER BY seq LIMIT @Max",
            new { Id = runId, After = afterSeq, Max = max }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToLine())];
    }

    private sealed class StepRow
    {
        public long Seq { get; set; }
        public string StepId { get; set; } = "";
        public long StartedAt { get; set; }
        public long EndedAt { get; set; }
        public string Outcome { get; set; } = "";
    }

    private sealed class TaskLinkRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public long State { get; set; }
        public long CreatedAt { get; set; }
        public long? CompletedAt { get; set; }
    }
}
