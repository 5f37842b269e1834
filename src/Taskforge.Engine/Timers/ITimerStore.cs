namespace Taskforge.Engine.Timers;

/// <summary>
/// Durable timers: one per (kind, owner), claimed in batches with a lease (PostgreSQL skips rows another node is
/// claiming; SQLite's single writer serialises claims). The owner's own store moves or removes its timer in the same
/// transaction as its effect, fenced by the lease.
/// </summary>
public interface ITimerStore
{
    Task<IReadOnlyList<DueTimer>> ClaimDueAsync(string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>The earliest due time of a timer no node holds, or null: how long the timer loop may sleep.</summary>
    Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken ct);
}
