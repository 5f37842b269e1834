namespace Taskforge.Engine.Timers;

/// <summary>
/// Fires the claimed timers of one kind. Timers may be claimed up to <see cref="TimerOptions.Lookahead"/> before they
/// are due: a handler prepares their effect, waits for the due instant, and only then commits.
/// </summary>
public interface ITimerHandler
{
    string Kind { get; }

    Task HandleAsync(IReadOnlyList<DueTimer> timers, CancellationToken ct);
}
