using System.Data.Common;
using Dapper;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage.Runs;

namespace Taskforge.Storage.HumanTasks;

/// <summary>
/// Human tasks on either dialect; the SQL is the same for both. A change is one transaction: every task update is fenced
/// by the version its action read, so of two concurrent claims exactly one commits. Principals of work items are kept in
/// lower case, so a user's or group's name matches however it was spelt.
/// </summary>
public sealed class SqlTaskStore(SqlDatabase database) : ITaskStore
{
    private const string TimerKinds = $"'{TaskTimerKinds.Due}', '{TaskTimerKinds.Expiry}', '{TaskTimerKinds.Resume}', '{TaskTimerKinds.Deletion}'";

    public async Task<bool> ApplyAsync(TaskChange change, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        if (!await WriteAsync(scope, change, ct))
        {
            return false;
        }

        await scope.CommitAsync(ct);
        return true;
    }

    /// <summary>Writes a change inside a transaction someone else commits (a run's checkpoint creating its task); false when a fence failed.</summary>
    internal static async Task<bool> WriteAsync(WriteScope scope, TaskChange change, CancellationToken ct)
    {
        var connection = scope.Connection;
        var tx = scope.Transaction;
        foreach (var write in change.Tasks)
        {
            var row = TaskRow.From(write.Task);
            var rows = write.ExpectedVersion is { } expected
                ? await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE tasks SET {TaskRow.Assignments} WHERE id = @Id AND version = {expected}", row, tx, cancellationToken: ct))
                : await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO tasks ({TaskRow.Columns}) VALUES ({TaskRow.Values}) ON CONFLICT (id) DO NOTHING", row, tx, cancellationToken: ct));
            if (rows != 1)
            {
                return false;
            }

            if (write.PropertiesChanged)
            {
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM task_properties WHERE task_id = @Id", new { write.Task.Id }, tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO task_properties (task_id, name, value) VALUES (@TaskId, @Name, @Value)",
                    write.Task.CustomProperties.Select(p => new { TaskId = write.Task.Id, Name = p.Key, p.Value }), tx, cancellationToken: ct));
            }
        }

        foreach (var delete in change.Deleted)
        {
            if (!await DeleteAsync(connection, tx, delete, ct))
            {
                return false;
            }
        }

        var now = Instants.ToMs(change.Events.Count > 0 ? change.Events[0].At : DateTimeOffset.UnixEpoch);
        foreach (var role in change.Roles)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM work_items WHERE task_id = @TaskId AND reason = @Reason", new { role.TaskId, Reason = (int)role.Reason }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO work_items (task_id, reason, kind, principal, created_at) VALUES (@TaskId, @Reason, @Kind, @Principal, @Now) ON CONFLICT DO NOTHING",
                role.Items.Select(i => new { role.TaskId, Reason = (int)role.Reason, Kind = (int)i.Kind, Principal = i.Principal.ToLowerInvariant(), Now = now }),
                tx, cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO task_escalations (id, task_id, chain, position, name, state, activated_at, escalates_at, fired)
            VALUES (@Id, @TaskId, @Chain, @Position, @Name, @State, @ActivatedAt, @EscalatesAt, @Fired)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, activated_at = excluded.activated_at, escalates_at = excluded.escalates_at, fired = excluded.fired
            """, change.Escalations.Select(e => new
        {
            e.Id, e.TaskId, e.Chain, e.Position, e.Name, State = (int)e.State, ActivatedAt = Instants.ToMs(e.ActivatedAt),
            EscalatesAt = Instants.ToMs(e.EscalatesAt), e.Fired,
        }), tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO timers (kind, owner_id, due_at, slot_at, lease_owner, lease_expires_at) VALUES (@Kind, @OwnerId, @Due, @Due, NULL, NULL)
            ON CONFLICT (kind, owner_id) DO UPDATE SET due_at = excluded.due_at, slot_at = excluded.slot_at, lease_owner = NULL, lease_expires_at = NULL
            """, change.Timers.Where(t => t.DueAt is not null).Select(t => new { t.Kind, t.OwnerId, Due = Instants.ToMs(t.DueAt!.Value) }), tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM timers WHERE kind = @Kind AND owner_id = @OwnerId", change.Timers.Where(t => t.DueAt is null), tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO task_history (task_id, seq, event, at, principal, from_id, to_id, reason, escalation_id, detail)
            VALUES (@TaskId, @Sequence, @Event, @At, @Principal, @From, @To, @Reason, @EscalationId, @Detail)
            """, change.Events.Select(e => new
        {
            e.TaskId, e.Sequence, e.Event, At = Instants.ToMs(e.At), e.Principal, e.From, e.To, Reason = (int?)e.Reason, e.EscalationId, e.Detail,
        }), tx, cancellationToken: ct));
        // A run whose task step waits for one of these tasks goes on (it reads the task's outcome when it runs).
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET due_at = @Now, updated_at = @Now WHERE id = @Id AND state = 'waiting-signal'",
            change.WakeRuns.Select(id => new { Id = id, Now = now }), tx, cancellationToken: ct));
        foreach (var run in change.StartRuns)
        {
            await SqlRunStore.InsertAsync(scope, run, [new RunLogEntry(run.CreatedAt, "info", "server", $"Workflow '{run.WorkflowId}' has started for task {run.TaskId}", run.StartedBy)], ct);
        }

        return true;
    }

    public async Task<StoredTask?> FindAsync(string id, CancellationToken ct) => (await FindManyAsync([id], ct)) is [var found, ..] ? found : null;

    public async Task<IReadOnlyList<StoredTask>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(ct);
        var found = new List<StoredTask>(ids.Count);
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            var (list, parameters) = InList(chunk);
            var rows = (await connection.QueryAsync<TaskRow>(new CommandDefinition(
                $"SELECT {TaskRow.Columns} FROM tasks WHERE id IN ({list})", parameters, cancellationToken: ct))).ToList();
            found.AddRange(await CompleteAsync(connection, rows, ct));
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
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM timers WHERE kind = @Kind AND owner_id = @OwnerId AND slot_at = @Slot",
            new { Kind = kind, OwnerId = ownerId, Slot = Instants.ToMs(slot) }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    private static async Task<bool> DeleteAsync(DbConnection connection, DbTransaction tx, TaskDelete delete, CancellationToken ct)
    {
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM tasks WHERE id = @TaskId AND (@ExpectedVersion IS NULL OR version = @ExpectedVersion)", delete, tx, cancellationToken: ct));
        if (rows != 1 && delete.ExpectedVersion is not null)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition($"""
            DELETE FROM timers WHERE kind = '{TaskTimerKinds.Escalation}' AND owner_id IN (SELECT id FROM task_escalations WHERE task_id = @TaskId);
            DELETE FROM timers WHERE kind IN ({TimerKinds}) AND owner_id = @TaskId;
            DELETE FROM work_items WHERE task_id = @TaskId;
            DELETE FROM task_properties WHERE task_id = @TaskId;
            DELETE FROM task_escalations WHERE task_id = @TaskId;
            DELETE FROM task_history WHERE task_id = @TaskId;
            """, delete, tx, cancellationToken: ct));
        return true;
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
            $"SELECT id, task_id, chain, position, name, state, activated_at, escalates_at, fired FROM task_escalations WHERE {condition}",
            new { Id = id }, cancellationToken: ct));
        return [.. rows.Select(r => new TaskEscalation(r.Id, r.TaskId, (int)r.Chain, (int)r.Position, r.Name, (EscalationState)r.State,
            Instants.FromMs(r.ActivatedAt), Instants.FromMs(r.EscalatesAt), (int)r.Fired))];
    }

    /// <summary>Adds custom properties and work items to task rows, keeping the rows' order.</summary>
    private static async Task<List<StoredTask>> CompleteAsync(DbConnection connection, List<TaskRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var (list, parameters) = InList([.. rows.Select(r => r.Id)]);
        var properties = (await connection.QueryAsync<(string TaskId, string Name, string Value)>(new CommandDefinition(
                $"SELECT task_id, name, value FROM task_properties WHERE task_id IN ({list})", parameters, cancellationToken: ct)))
            .ToLookup(p => p.TaskId);
        var items = (await connection.QueryAsync<(string TaskId, long Reason, long Kind, string Principal)>(new CommandDefinition(
                $"SELECT task_id, reason, kind, principal FROM work_items WHERE task_id IN ({list})", parameters, cancellationToken: ct)))
            .ToLookup(i => i.TaskId);
        return [.. rows.Select(r => new StoredTask(
            r.ToTask(properties[r.Id].ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)),
            [.. items[r.Id].Select(i => new WorkItem((TaskRole)i.Reason, (WorkItemKind)i.Kind, i.Principal))]))];
    }

    // The IN list spelled out: Dapper would hand Npgsql an array, which SQLite cannot take.
    private static (string List, DynamicParameters Parameters) InList(string[] ids)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < ids.Length; i++)
        {
            parameters.Add($"Id{i}", ids[i]);
        }

        return (string.Join(", ", Enumerable.Range(0, ids.Length).Select(i => $"@Id{i}")), parameters);
    }

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
    }
}
