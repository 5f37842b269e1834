using Dapper;
using Taskforge.Engine.HumanTasks.Tasks;

namespace Taskforge.Storage.Rows;

/// <summary>
/// Every write of the <c>timers</c> table. A timer is one row per (kind, owner), due at an instant for an occurrence
/// (its slot), claimed by a node with a lease. Setting a timer again moves it and frees its lease; the owner's store
/// sets or removes it in the same transaction as the effect it stands for.
/// </summary>
internal static class TimerRows
{
    private const string Columns = "kind, owner_id, due_at, slot_at, lease_owner, lease_expires_at";

    // Timers of a task itself (the escalation timers are owned by the task's escalations).
    private const string TaskKinds = $"'{TaskTimerKinds.Due}', '{TaskTimerKinds.Expiry}', '{TaskTimerKinds.Resume}', '{TaskTimerKinds.Deletion}'";

    /// <summary>The timer @Kind/@OwnerId due at @Due for the occurrence @Due itself (a task's deadlines and escalations).</summary>
    private static readonly string SetAtDue = Set("VALUES (@Kind, @OwnerId, @Due, @Due, NULL, NULL)");

    /// <summary>A schedule's timer: due at @Due for the occurrence @Slot (they differ for a catch-up fire).</summary>
    private static readonly string SetSchedule = Set("VALUES (@Kind, @Id, @Due, @Slot, NULL, NULL)");

    /// <summary>
    /// The run @Id ended: an invocation task that started it learns so through its timer, due @Now, written with the
    /// run's final checkpoint (TaskInvocationEnding reads the run when it fires).
    /// </summary>
    public static readonly string SetForInvokingTask =
        Set($"SELECT '{TaskTimerKinds.Invocation}', task_id, @Now, @Now, NULL, NULL FROM runs WHERE id = @Id AND task_id IS NOT NULL");

    /// <summary>
    /// A fire moves the timer of schedule @Id to @Due (occurrence @NextSlot), or removes it, only while this node
    /// (@Node) still holds it at the slot it fired (@Slot): one that another node took over, or that an update moved,
    /// is not this node's to fire.
    /// </summary>
    public static string MoveLeased(string kind) => $"""
        UPDATE timers SET due_at = @Due, slot_at = @NextSlot, lease_owner = NULL, lease_expires_at = NULL
         WHERE kind = '{kind}' AND owner_id = @Id AND lease_owner = @Node AND slot_at = @Slot
        """;

    /// <inheritdoc cref="MoveLeased"/>
    public static string RemoveLeased(string kind) =>
        $"DELETE FROM timers WHERE kind = '{kind}' AND owner_id = @Id AND lease_owner = @Node AND slot_at = @Slot";

    /// <summary>
    /// <see cref="MoveLeased"/> and <see cref="RemoveLeased"/> for a batch of fires, as the <c>moved</c> and
    /// <c>removed</c> parts of PostgresFireBatch's statement: its input rows <c>i</c> carry the schedule (<c>id</c>),
    /// the next due instant and slot (<c>due</c>, <c>next_slot</c>) and the fenced slot (<c>fenced</c>).
    /// </summary>
    public static string MovedByFires(string kind) => $"""
        UPDATE timers t SET due_at = i.due, slot_at = i.next_slot, lease_owner = NULL, lease_expires_at = NULL
          FROM input i
         WHERE i.due IS NOT NULL AND t.kind = '{kind}' AND t.owner_id = i.id AND t.lease_owner = @Node AND t.slot_at = i.fenced
        RETURNING t.owner_id
        """;

    /// <inheritdoc cref="MovedByFires"/>
    public static string RemovedByFires(string kind) => $"""
        DELETE FROM timers t USING input i
         WHERE i.due IS NULL AND t.kind = '{kind}' AND t.owner_id = i.id AND t.lease_owner = @Node AND t.slot_at = i.fenced
        RETURNING t.owner_id
        """;

    /// <summary>Claims up to @Max timers due by @Now that no live lease holds, for @Node until @Until.</summary>
    public static string Claim(string skipLocked) => $"""
        UPDATE timers SET lease_owner = @Node, lease_expires_at = @Until
         WHERE (kind, owner_id) IN (SELECT kind, owner_id FROM timers
                                     WHERE due_at <= @Now AND (lease_owner IS NULL OR lease_expires_at < @Now)
                                     ORDER BY due_at
                                     LIMIT @Max{skipLocked})
        RETURNING kind, owner_id, due_at, slot_at
        """;

    /// <summary>Sets a task's timer (a deadline, a resumption, an escalation) due then, or removes it.</summary>
    public static void SetOrRemove(StatementBatch batch, TimerWrite timer)
    {
        if (timer.DueAt is { } due)
        {
            batch.Add(SetAtDue, new { timer.Kind, timer.OwnerId, Due = Instants.ToMs(due) });
        }
        else
        {
            batch.Add("DELETE FROM timers WHERE kind = @Kind AND owner_id = @OwnerId", timer);
        }
    }

    /// <summary>A deleted task's timers, and those of its escalations (@TaskId).</summary>
    public static void RemoveOfTask(StatementBatch batch, TaskDelete delete)
    {
        batch.Add($"DELETE FROM timers WHERE kind = '{TaskTimerKinds.Escalation}' AND owner_id IN (SELECT id FROM task_escalations WHERE task_id = @TaskId)", delete);
        batch.Add($"DELETE FROM timers WHERE kind IN ({TaskKinds}) AND owner_id = @TaskId", delete);
    }

    /// <summary>A schedule with a next fire has exactly one timer, due then; one without has none.</summary>
    public static Task SetScheduleAsync(WriteScope scope, string kind, string scheduleId, DateTimeOffset? due, DateTimeOffset? slot, CancellationToken ct) =>
        due is { } at
            ? scope.Connection.ExecuteAsync(new CommandDefinition(SetSchedule,
                new { Kind = kind, Id = scheduleId, Due = Instants.ToMs(at), Slot = Instants.ToMs(slot ?? at) }, scope.Transaction, cancellationToken: ct))
            : RemoveAsync(scope, kind, scheduleId, slot: null, ct);

    /// <summary>Removes a timer; with <paramref name="slot"/> only while it still stands for that occurrence (a stale timer, not one moved meanwhile).</summary>
    public static Task<int> RemoveAsync(WriteScope scope, string kind, string ownerId, DateTimeOffset? slot, CancellationToken ct) =>
        scope.Connection.ExecuteAsync(new CommandDefinition(
            slot is null
                ? "DELETE FROM timers WHERE kind = @Kind AND owner_id = @OwnerId"
                : "DELETE FROM timers WHERE kind = @Kind AND owner_id = @OwnerId AND slot_at = @Slot",
            new { Kind = kind, OwnerId = ownerId, Slot = Instants.ToMs(slot) }, scope.Transaction, cancellationToken: ct));

    // Setting a timer again moves it and frees its lease: the one upsert of a timer row.
    private static string Set(string rows) =>
        $"INSERT INTO timers ({Columns}) {rows} ON CONFLICT (kind, owner_id) DO UPDATE SET due_at = excluded.due_at, slot_at = excluded.slot_at, lease_owner = NULL, lease_expires_at = NULL";
}
