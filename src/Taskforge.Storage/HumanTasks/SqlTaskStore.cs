using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Timers;
using Taskforge.Storage.Rows;

namespace Taskforge.Storage.HumanTasks;

/// <summary>
/// Human tasks on either dialect; the SQL is the same for both. A change is one transaction: every task update is fenced
/// by the version its action read, so of two concurrent claims exactly one commits. Principals of work items are kept in
/// lower case, so a user's or group's name matches however it was spelt.
/// </summary>
public sealed class SqlTaskStore(SqlDatabase database, TimeProvider time, IOptions<TimerOptions> timerOptions) : ITaskStore
{
    /// <remarks>
    /// Through group commit: concurrent changes share a transaction (and its commit). A failed fence throws inside the
    /// group, which rolls it back and runs each change alone; the one whose fence fails alone answers false.
    /// </remarks>
    public async Task<bool> ApplyAsync(TaskChange change, CancellationToken ct)
    {
        try
        {
            return await database.GroupCommit.WriteAsync(async (scope, c) =>
            {
                NotifyIfTimerDueSoon(scope, change);
                return await TaskRows.WriteAsync(scope, change, c) ? true : throw new FenceFailedException();
            }, ct);
        }
        catch (FenceFailedException)
        {
            return false;
        }
    }

    /// <summary>
    /// A timer due before the other nodes would poll again (an expiry, escalation or resumption minutes away while they
    /// poll every 30 s) wakes them through PostgreSQL's NOTIFY, sent with the commit, as the schedule store does; on
    /// SQLite there are no other nodes and <see cref="WriteScope.Notify"/> does nothing.
    /// </summary>
    private void NotifyIfTimerDueSoon(WriteScope scope, TaskChange change)
    {
        var now = time.GetUtcNow();
        if (change.Timers.Any(t => t.DueAt is { } due && WakeChannels.DueBeforeOthersLook(due, now, timerOptions.Value)))
        {
            scope.Notify(WakeChannels.Timers);
        }
    }

    public async Task<StoredTask?> FindAsync(string id, CancellationToken ct)
    {
        if (!database.KeepsReadStatements)
        {
            return (await FindManyAsync([id], ct)) is [var found, ..] ? found : null;
        }

        // The read before every claim and completion: three statements kept prepared, each a function call in process,
        // instead of one command of three prepared anew (issue 15).
        await using var lease = await database.ReadAsync(ct);
        var args = new { Id = id };
        if (await KeptQuery.QueryAsync<TaskRow>(lease.Connection, FindOne, args, ct) is not [var row])
        {
            return null;
        }

        var properties = await KeptQuery.QueryAsync<(string TaskId, string Name, string Value)>(lease.Connection, PropertiesOfOne, args, ct);
        var items = await KeptQuery.QueryAsync<(string TaskId, long Reason, long Kind, string Principal)>(lease.Connection, ItemsOfOne, args, ct);
        return Complete(row, properties, items);
    }

    private static readonly string FindOne = $"SELECT {TaskRow.Columns} FROM tasks WHERE id = @Id";
    private const string PropertiesOfOne = "SELECT task_id, name, value FROM task_properties WHERE task_id = @Id";
    private const string ItemsOfOne = "SELECT task_id, reason, kind, principal FROM work_items WHERE task_id = @Id";

    public async Task<IReadOnlyList<StoredTask>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(ct);
        var found = new List<StoredTask>(ids.Count);
        foreach (var chunk in ids.Distinct().Chunk(SqlInList.MaxItems))
        {
            // Rows, properties and work items in one round trip.
            var (list, parameters) = SqlInList.Of(chunk);
            await using var grid = await connection.QueryMultipleAsync(new CommandDefinition(
                $"SELECT {TaskRow.Columns} FROM tasks WHERE id IN ({list}); {PropertiesAndItems(list)}", parameters, cancellationToken: ct));
            var rows = (await grid.ReadAsync<TaskRow>()).ToList();
            found.AddRange(await CompleteAsync(grid, rows));
        }

        return found;
    }

    public async Task<IReadOnlyList<HumanTask>> ListSubTasksAsync(string parentId, CancellationToken ct) =>
        await ListWhereAsync("parent_id = @Id AND position = 1", parentId, ct);

    public async Task<IReadOnlyList<HumanTask>> ListHierarchyAsync(string topLevelId, CancellationToken ct) =>
        await ListWhereAsync("top_id = @Id", topLevelId, ct);

    public async Task<IReadOnlyList<TaskEvent>> ListEventsAsync(string taskId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            "SELECT task_id, seq, event, at, principal, from_id, to_id, reason, escalation_id, detail FROM task_history WHERE task_id = @Id ORDER BY seq",
            new { Id = taskId }, cancellationToken: ct));
        return [.. rows.Select(r => new TaskEvent(r.TaskId, r.Seq, r.Event, Instants.FromMs(r.At), r.Principal, r.FromId, r.ToId,
            r.Reason is { } reason ? (TaskRole)reason : null, r.EscalationId, r.Detail))];
    }

    public async Task<IReadOnlyList<TaskEscalation>> ListEscalationsAsync(string taskId, CancellationToken ct) =>
        await EscalationsWhereAsync("task_id = @Id ORDER BY chain, position", taskId, ct);

    public async Task<TaskEscalation?> FindEscalationAsync(string id, CancellationToken ct) =>
        (await EscalationsWhereAsync("id = @Id", id, ct)).FirstOrDefault();

    public async Task<IReadOnlyList<StoredTask>> QueryAsync(TaskQuery query, CancellationToken ct)
    {
        var sql = TaskQuerySql.Build(query, count: false);
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<TaskRow>(new CommandDefinition(sql.Text, sql.Parameters, cancellationToken: ct))).ToList();
        return await CompleteAsync(connection, rows, ct);
    }

    public async Task<long> CountAsync(TaskQuery query, CancellationToken ct)
    {
        var sql = TaskQuerySql.Build(query, count: true);
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql.Text, sql.Parameters, cancellationToken: ct));
    }

    public async Task RemoveTimerAsync(string kind, string ownerId, DateTimeOffset slot, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        await TimerRows.RemoveAsync(scope, kind, ownerId, slot, ct);
        await scope.CommitAsync(ct);
    }

    private async Task<List<HumanTask>> ListWhereAsync(string condition, string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<TaskRow>(new CommandDefinition(
            $"SELECT {TaskRow.Columns} FROM tasks WHERE {condition} ORDER BY created_at, id", new { Id = id }, cancellationToken: ct))).ToList();
        return [.. (await CompleteAsync(connection, rows, ct)).Select(s => s.Task)];
    }

    private async Task<List<TaskEscalation>> EscalationsWhereAsync(string condition, string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<EscalationRow>(new CommandDefinition(
            $"""
            SELECT id, task_id, chain, position, name, state, activated_at, escalates_at, fired, duration_until_escalated, duration_until_repeated,
                custom_properties FROM task_escalations WHERE {condition}
            """,
            new { Id = id }, cancellationToken: ct));
        return [.. rows.Select(r => new TaskEscalation(r.Id, r.TaskId, (int)r.Chain, (int)r.Position, r.Name, (EscalationState)r.State,
            Instants.FromMs(r.ActivatedAt), Instants.FromMs(r.EscalatesAt), (int)r.Fired,
            r.DurationUntilEscalated is null ? null : HtmDuration.Parse(r.DurationUntilEscalated),
            r.DurationUntilRepeated is null ? null : HtmDuration.Parse(r.DurationUntilRepeated),
            r.CustomProperties is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(r.CustomProperties)))];
    }

    /// <summary>Adds custom properties and work items to task rows, keeping the rows' order.</summary>
    private static async Task<List<StoredTask>> CompleteAsync(DbConnection connection, List<TaskRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var (list, parameters) = SqlInList.Of([.. rows.Select(r => r.Id)]);
        await using var grid = await connection.QueryMultipleAsync(new CommandDefinition(PropertiesAndItems(list), parameters, cancellationToken: ct));
        return await CompleteAsync(grid, rows);
    }

    // Both queries of CompleteAsync, for one command: properties first, then work items.
    private static string PropertiesAndItems(string list) =>
        $"SELECT task_id, name, value FROM task_properties WHERE task_id IN ({list}); SELECT task_id, reason, kind, principal FROM work_items WHERE task_id IN ({list})";

    private static async Task<List<StoredTask>> CompleteAsync(SqlMapper.GridReader grid, List<TaskRow> rows)
    {
        var properties = (await grid.ReadAsync<(string TaskId, string Name, string Value)>()).ToLookup(p => p.TaskId);
        var items = (await grid.ReadAsync<(string TaskId, long Reason, long Kind, string Principal)>()).ToLookup(i => i.TaskId);
        return [.. rows.Select(r => Complete(r, properties[r.Id], items[r.Id]))];
    }

    private static StoredTask Complete(
        TaskRow row, IEnumerable<(string TaskId, string Name, string Value)> properties, IEnumerable<(string TaskId, long Reason, long Kind, string Principal)> items) =>
        new(row.ToTask(properties.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)),
            [.. items.Select(i => new WorkItem((TaskRole)i.Reason, (WorkItemKind)i.Kind, i.Principal))]);

    private sealed class EventRow
    {
        public string TaskId { get; set; } = "";
        public long Seq { get; set; }
        public string Event { get; set; } = "";
        public long At { get; set; }
        public string? Principal { get; set; }
        public string? FromId { get; set; }
        public string? ToId { get; set; }
        public long? Reason { get; set; }
        public string? EscalationId { get; set; }
        public string? Detail { get; set; }
    }

    private sealed class EscalationRow
    {
        public string Id { get; set; } = "";
        public string TaskId { get; set; } = "";
        public long Chain { get; set; }
        public long Position { get; set; }
        public string Name { get; set; } = "";
        public long State { get; set; }
        public long? ActivatedAt { get; set; }
        public long? EscalatesAt { get; set; }
        public long Fired { get; set; }
        public string? DurationUntilEscalated { get; set; }
        public string? DurationUntilRepeated { get; set; }
        public string? CustomProperties { get; set; }
    }
}
