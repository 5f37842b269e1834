using Dapper;
using Taskforge.Engine.Timers;
using Taskforge.Storage.Rows;

namespace Taskforge.Storage.Timers;

/// <summary>Durable timers on either dialect; only the batch claim's locking clause differs.</summary>
public sealed class SqlTimerStore(SqlDatabase database) : ITimerStore
{
    public async Task<IReadOnlyList<DueTimer>> ClaimDueAsync(string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.QueryAsync<TimerRow>(new CommandDefinition(TimerRows.Claim(database.SkipLocked),
            new { Node = node, Now = Instants.ToMs(now), Until = Instants.ToMs(now + lease), Max = max }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return [.. rows.OrderBy(r => r.DueAt).Select(r => new DueTimer(r.Kind, r.OwnerId, Instants.FromMs(r.DueAt), Instants.FromMs(r.SlotAt)))];
    }

    public async Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var due = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(due_at) FROM timers WHERE lease_owner IS NULL OR lease_expires_at < @Now", new { Now = Instants.ToMs(now) }, cancellationToken: ct));
        return Instants.FromMs(due);
    }

    private sealed class TimerRow
    {
        public string Kind { get; set; } = "";
        public string OwnerId { get; set; } = "";
        public long DueAt { get; set; }
        public long SlotAt { get; set; }
    }
}
