namespace Taskforge.Engine.Timers;

/// <summary>A timer claimed by this node: what it belongs to, and the occurrence (slot) it stands for.</summary>
public sealed record DueTimer(string Kind, string OwnerId, DateTimeOffset DueAt, DateTimeOffset SlotAt);

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

/// <summary>
/// Fires the claimed timers of one kind. Timers may be claimed up to <see cref="TimerOptions.Lookahead"/> before they
/// are due: a handler prepares their effect, waits for the due instant, and only then commits.
/// </summary>
public interface ITimerHandler
{
    string Kind { get; }

    Task HandleAsync(IReadOnlyList<DueTimer> timers, CancellationToken ct);
}
