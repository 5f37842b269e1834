using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage.Runs;

namespace Taskforge.Storage.HumanTasks;

/// <summary>
/// Human tasks on either dialect; the SQL is the same for both. A change is one transaction: every task update is fenced
/// by the version its action read, so of two concurrent claims exactly one commits. Principals of work items are kept in
/// lower case, so a user's or group's name matches however it was spelt.
/// </summary>
public sealed class SqlTaskStore(SqlDatabase database, TimeProvider time, IOptions<TimerOptions> timerOptions) : ITaskStore
{
    private static readonly string Insert = $"INSERT INTO tasks ({TaskRow.Columns}) VALUES ({TaskRow.Values}) ON CONFLICT (id) DO NOTHING RETURNING id";

    // The WHERE also keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
    private static readonly string InsertIfTemplateStarted = $"""
        INSERT INTO tasks ({TaskRow.Columns}) SELECT {TaskRow.Values}
        WHERE EXISTS (SELECT 1 FROM task_templates WHERE id = @TemplateId AND started = 1) ON CONFLICT (id) DO NOTHING RETURNING id
        """;

    private static readonly string UpdateFenced = $"UPDATE tasks SET {TaskRow.Assignments} WHERE id = @Id AND version = @ExpectedVersion RETURNING id";
    private const string TimerKinds = $"'{TaskTimerKinds.Due}', '{TaskTimerKinds.Expiry}', '{TaskTimerKinds.Resume}', '{TaskTimerKinds.Deletion}'";

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
                return await WriteAsync(scope, change, c) ? true : throw new FenceFailedException();
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

    /// <summary>Writes a change inside a transaction someone else commits (a run's checkpoint creating its task); false when a fence failed.</summary>
    /// <remarks>One command for the whole change (runs an invocation starts follow as their own statements).</remarks>
    internal static async Task<bool> WriteAsync(WriteScope scope, TaskChange change, CancellationToken ct)
    {
        var batch = new StatementBatch();
        foreach (var write in change.Tasks)
        {
            var row = TaskRow.From(write.Task);
            if (write.ExpectedVersion is { } expected)
            {
                row.ExpectedVersion = expected;
                batch.AddFenced(UpdateFenced, row);
                batch.Add("UPDATE work_items SET state = @State, priority = @Priority WHERE task_id = @Id AND (state <> @State OR priority <> @Priority)", row);
            }
            else
            {
                batch.AddFenced(write.NeedsStartedTemplate ? InsertIfTemplateStarted : Insert, row);
            }

            if (write.PropertiesChanged)
            {
                batch.Add("DELETE FROM task_properties WHERE task_id = @Id", new { write.Task.Id });
                foreach (var (name, value) in write.Task.CustomProperties)
                {
                    batch.Add("INSERT INTO task_properties (task_id, name, value) VALUES (@TaskId, @Name, @Value)", new { TaskId = write.Task.Id, Name = name, Value = value });
                }
            }
        }

        foreach (var delete in change.Deleted)
        {
            AddDelete(batch, delete);
        }

        var now = Instants.ToMs(change.Events.Count > 0 ? change.Events[0].At : DateTimeOffset.UnixEpoch);
        AddRoles(batch, change, now);

        foreach (var e in change.Escalations)
        {
            batch.Add("""
                INSERT INTO task_escalations (id, task_id, chain, position, name, state, activated_at, escalates_at, fired,
                    duration_until_escalated, duration_until_repeated, custom_properties)
                VALUES (@Id, @TaskId, @Chain, @Position, @Name, @State, @ActivatedAt, @EscalatesAt, @Fired, @UntilEscalated, @UntilRepeated, @CustomProperties)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, state = excluded.state, activated_at = excluded.activated_at,
                    escalates_at = excluded.escalates_at, fired = excluded.fired, duration_until_escalated = excluded.duration_until_escalated,
                    duration_until_repeated = excluded.duration_until_repeated, custom_properties = excluded.custom_properties
                """, new
            {
                e.Id, e.TaskId, e.Chain, e.Position, e.Name, State = (int)e.State, ActivatedAt = Instants.ToMs(e.ActivatedAt),
                EscalatesAt = Instants.ToMs(e.EscalatesAt), e.Fired, UntilEscalated = e.DurationUntilEscalated?.Text,
                UntilRepeated = e.DurationUntilRepeated?.Text, CustomProperties = e.CustomProperties is null ? null : JsonSerializer.Serialize(e.CustomProperties),
            });
        }

        foreach (var timer in change.Timers)
        {
            if (timer.DueAt is { } due)
            {
                batch.Add("""
                    INSERT INTO timers (kind, owner_id, due_at, slot_at, lease_owner, lease_expires_at) VALUES (@Kind, @OwnerId, @Due, @Due, NULL, NULL)
                    ON CONFLICT (kind, owner_id) DO UPDATE SET due_at = excluded.due_at, slot_at = excluded.slot_at, lease_owner = NULL, lease_expires_at = NULL
                    """, new { timer.Kind, timer.OwnerId, Due = Instants.ToMs(due) });
            }
            else
            {
                batch.Add("DELETE FROM timers WHERE kind = @Kind AND owner_id = @OwnerId", timer);
            }
        }

        AddEvents(batch, change.Events);

        // A run whose task step waits for one of these tasks goes on (it reads the task's outcome when it runs).
        foreach (var run in change.WakeRuns)
        {
            batch.Add("UPDATE runs SET due_at = @Now, updated_at = @Now WHERE id = @Id AND state = 'waiting-signal'", new { Id = run, Now = now });
        }

        if (!await batch.ExecuteAsync(scope.Connection, scope.Transaction, scope.BatchesStatements, ct))
        {
            return false;
        }

        foreach (var run in change.StartRuns)
        {
            await SqlRunStore.InsertAsync(scope, run, [new RunLogEntry(run.CreatedAt, "info", "server", $"Workflow '{run.WorkflowId}' has started for task {run.TaskId}", run.StartedBy)], ct);
        }

        return true;
    }

    /// <summary>
    /// Role writes replace a role's work items. A task this change inserts has none to replace, and the items of every
    /// task this change writes go as one multi-row insert carrying the task's state and priority as written; only items
    /// of a task the change does not write copy them from its stored row.
    /// </summary>
    private static void AddRoles(StatementBatch batch, TaskChange change, long now)
    {
        var written = new Dictionary<string, TaskWrite>(StringComparer.Ordinal);
        foreach (var write in change.Tasks)
        {
            written[write.Task.Id] = write;
        }

        // A role written twice in one change ends as its last write, as if each replaced the one before.
        var roles = new Dictionary<(string TaskId, TaskRole Reason), RoleWrite>();
        foreach (var role in change.Roles)
        {
            roles[(role.TaskId, role.Reason)] = role;
        }

        var rows = new List<string>();
        var args = new Dictionary<string, (object?, Type)>(StringComparer.Ordinal) { ["Now"] = (now, typeof(long)) };
        foreach (var role in roles.Values)
        {
            var task = written.GetValueOrDefault(role.TaskId);
            if (task?.ExpectedVersion is not null || task is null)
            {
                batch.Add("DELETE FROM work_items WHERE task_id = @TaskId AND reason = @Reason", new { role.TaskId, Reason = (int)role.Reason });
            }

            foreach (var item in role.Items)
            {
                var principal = item.Principal.ToLowerInvariant();
                if (task is null)
                {
                    batch.Add("""
                        INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority)
                        SELECT @TaskId, @Reason, @Kind, @Principal, @Now, state, priority FROM tasks WHERE id = @TaskId ON CONFLICT DO NOTHING
                        """,
                        new { role.TaskId, Reason = (int)role.Reason, Kind = (int)item.Kind, Principal = principal, Now = now });
                    continue;
                }

                var n = rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                rows.Add($"(@T{n}, @R{n}, @K{n}, @P{n}, @Now, @S{n}, @Q{n})");
                args["T" + n] = (role.TaskId, typeof(string));
                args["R" + n] = ((long)role.Reason, typeof(long));
                args["K" + n] = ((long)item.Kind, typeof(long));
                args["P" + n] = (principal, typeof(string));
                args["S" + n] = ((long)task.Task.State, typeof(long));
                args["Q" + n] = ((long)task.Task.Priority, typeof(long));
            }
        }

        // At most 500 rows a statement, well inside both databases' limits on parameters.
        foreach (var chunk in rows.Chunk(500))
        {
            batch.Add($"""
                INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority)
                VALUES {string.Join(", ", chunk)} ON CONFLICT DO NOTHING
                """, args);
        }
    }

    /// <summary>History events of the change as one multi-row insert.</summary>
    private static void AddEvents(StatementBatch batch, List<TaskEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var rows = new List<string>(events.Count);
        var args = new Dictionary<string, (object?, Type)>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            rows.Add($"(@T{n}, @Q{n}, @E{n}, @A{n}, @P{n}, @F{n}, @O{n}, @R{n}, @X{n}, @D{n})");
            args["T" + n] = (e.TaskId, typeof(string));
            args["Q" + n] = (e.Sequence, typeof(long));
            args["E" + n] = (e.Event, typeof(string));
            args["A" + n] = (Instants.ToMs(e.At), typeof(long));
            args["P" + n] = (e.Principal, typeof(string));
            args["F" + n] = (e.From, typeof(string));
            args["O" + n] = (e.To, typeof(string));
            args["R" + n] = (e.Reason is { } reason ? (long)reason : null, typeof(long));
            args["X" + n] = (e.EscalationId, typeof(string));
            args["D" + n] = (e.Detail, typeof(string));
        }

        batch.Add($"""
            INSERT INTO task_history (task_id, seq, event, at, principal, from_id, to_id, reason, escalation_id, detail)
            VALUES {string.Join(", ", rows)}
            """, args);
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
            // Rows, properties and work items in one round trip.
            var (list, parameters) = InList(chunk);
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
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM timers WHERE kind = @Kind AND owner_id = @OwnerId AND slot_at = @Slot",
            new { Kind = kind, OwnerId = ownerId, Slot = Instants.ToMs(slot) }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    /// <summary>A task and everything that hangs off it; fenced when it must still have the version its action read.</summary>
    private static void AddDelete(StatementBatch batch, TaskDelete delete)
    {
        if (delete.ExpectedVersion is not null)
        {
            batch.AddFenced("DELETE FROM tasks WHERE id = @TaskId AND version = @ExpectedVersion RETURNING id", delete);
        }
        else
        {
            batch.Add("DELETE FROM tasks WHERE id = @TaskId", delete);
        }

        batch.Add($"DELETE FROM timers WHERE kind = '{TaskTimerKinds.Escalation}' AND owner_id IN (SELECT id FROM task_escalations WHERE task_id = @TaskId)", delete);
        batch.Add($"DELETE FROM timers WHERE kind IN ({TimerKinds}) AND owner_id = @TaskId", delete);
        batch.Add("DELETE FROM work_items WHERE task_id = @TaskId", delete);
        batch.Add("DELETE FROM task_properties WHERE task_id = @TaskId", delete);
        batch.Add("DELETE FROM task_escalations WHERE task_id = @TaskId", delete);
        batch.Add("DELETE FROM task_history WHERE task_id = @TaskId", delete);
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

        var (list, parameters) = InList([.. rows.Select(r => r.Id)]);
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
        public string? DurationUntilEscalated { get; set; }
        public string? DurationUntilRepeated { get; set; }
        public string? CustomProperties { get; set; }
    }

    /// <summary>A version fence failed inside a group commit: it rolls the group back, and its own change answers false.</summary>
    private sealed class FenceFailedException : Exception;
}
