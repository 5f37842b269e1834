using System.Text.Json;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Storage.Rows;

/// <summary>
/// Every write of the human-task tables (<c>tasks</c>, <c>work_items</c>, <c>task_properties</c>, <c>task_escalations</c>,
/// <c>task_history</c>): a <see cref="TaskChange"/> as one statement batch, each task update fenced by the version its
/// action read. Its timers and the runs it wakes or starts are written through their own tables' writers.
/// </summary>
internal static class TaskRows
{
    private static readonly string Insert = $"INSERT INTO tasks ({TaskRow.Columns}) VALUES ({TaskRow.Values}) ON CONFLICT (id) DO NOTHING RETURNING id";

    // The WHERE also keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
    private static readonly string InsertIfTemplateStarted = $"""
        INSERT INTO tasks ({TaskRow.Columns}) SELECT {TaskRow.Values}
        WHERE EXISTS (SELECT 1 FROM task_templates WHERE id = @TemplateId AND started = 1) ON CONFLICT (id) DO NOTHING RETURNING id
        """;

    private static readonly string UpdateFenced = $"UPDATE tasks SET {TaskRow.Assignments} WHERE id = @Id AND version = @ExpectedVersion RETURNING id";

    /// <summary>
    /// Writes a change inside the caller's transaction (the task store's group commit, or a run's checkpoint creating its
    /// task); false when a fence failed, and the caller then rolls back.
    /// </summary>
    /// <remarks>One command for the whole change (runs an invocation starts follow as their own statements).</remarks>
    public static async Task<bool> WriteAsync(WriteScope scope, TaskChange change, CancellationToken ct)
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
            TimerRows.SetOrRemove(batch, timer);
        }

        AddEvents(batch, change.Events);

        // A run whose task step waits for one of these tasks goes on (it reads the task's outcome when it runs).
        foreach (var run in change.WakeRuns)
        {
            RunRows.WakeWaiting(batch, run, now);
        }

        if (!await batch.ExecuteAsync(scope.Connection, scope.Transaction, scope.BatchesStatements, ct))
        {
            return false;
        }

        foreach (var run in change.StartRuns)
        {
            await RunRows.InsertAsync(scope, run, [new RunLogEntry(run.CreatedAt, "info", "server", $"Workflow '{run.WorkflowId}' has started for task {run.TaskId}", run.StartedBy)], ct);
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

        TimerRows.RemoveOfTask(batch, delete);
        batch.Add("DELETE FROM work_items WHERE task_id = @TaskId", delete);
        batch.Add("DELETE FROM task_properties WHERE task_id = @TaskId", delete);
        batch.Add("DELETE FROM task_escalations WHERE task_id = @TaskId", delete);
        batch.Add("DELETE FROM task_history WHERE task_id = @TaskId", delete);
    }
}
