namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// The native API's explicit answer to "the server was down (or the schedule suspended) when occurrences were due".
/// vRO's <c>start-mode</c> maps onto two of them (<see cref="StartModes.ToMisfirePolicy"/>).
/// </summary>
public sealed record MisfirePolicy
{
    private MisfirePolicy(MisfireAction action, TimeSpan window)
    {
        Action = action;
        Window = window;
    }

    public static MisfirePolicy Skip { get; } = new(MisfireAction.Skip, TimeSpan.Zero);

    public static MisfirePolicy FireOnce { get; } = new(MisfireAction.FireOnce, TimeSpan.Zero);

    public MisfireAction Action { get; }

    /// <summary>How old a missed occurrence may be and still fire; only for <see cref="MisfireAction.FireAllWithinWindow"/>.</summary>
    public TimeSpan Window { get; }

    public static MisfirePolicy FireAllWithinWindow(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        return new MisfirePolicy(MisfireAction.FireAllWithinWindow, window);
    }
}
