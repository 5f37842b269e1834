using Taskforge.Engine.Timers;

namespace Taskforge.Storage;

/// <summary>
/// The PostgreSQL channels that wake other nodes' loops at once instead of at their next poll: a timer due before
/// they would look again, a run stored for any node to claim, and task changes the console shows live. The engine knows none of this; it only has its wake signals.
/// </summary>
public static class WakeChannels
{
    public const string Timers = "taskforge_timers";
    public const string Runs = "taskforge_runs";

    /// <summary>Tasks changed on some node: watchers elsewhere (the console's live lists) look again.</summary>
    public const string Tasks = "taskforge_tasks";

    /// <summary>
    /// Whether another node could sleep past <paramref name="due"/>: it looks again within a poll interval and claims a
    /// lookahead early, so a timer due later than that is found by its next round anyway.
    /// </summary>
    public static bool DueBeforeOthersLook(DateTimeOffset due, DateTimeOffset now, TimerOptions options) =>
        due - options.Lookahead <= now + options.PollInterval;
}
