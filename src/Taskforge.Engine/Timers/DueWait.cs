namespace Taskforge.Engine.Timers;

/// <summary>
/// Timers are claimed a little before they are due (<see cref="TimerOptions.Lookahead"/>), so a handler prepares their
/// effect and then waits here: nothing fires before its due instant.
/// </summary>
public static class DueWait
{
    /// <summary>Returns once <paramref name="due"/> has come on <paramref name="time"/> (at once when it already has).</summary>
    public static async Task UntilAsync(DateTimeOffset due, TimeProvider time, CancellationToken ct)
    {
        // A timer wait may end a little early (its resolution is coarser than a millisecond): look again until due.
        for (var wait = due - time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - time.GetUtcNow())
        {
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, ct);
        }
    }
}
