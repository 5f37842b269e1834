namespace Taskforge.Engine;

/// <summary>
/// How a background loop (runs, timers) carries on after rounds that failed in a row, a database outage say: it
/// pauses a second longer after each, at most 30 s, so it neither hammers a database that is down nor waits long once
/// it is back; and it logs the first failure and every tenth after it, so the outage does not flood the log.
/// </summary>
public static class Backoff
{
    private const int MaxSeconds = 30;

    /// <summary>The pause after <paramref name="failures"/> failed rounds in a row (none after none).</summary>
    public static TimeSpan After(int failures) => TimeSpan.FromSeconds(Math.Clamp(failures, 0, MaxSeconds));

    /// <summary>Whether the failure that made the count <paramref name="failures"/> is logged.</summary>
    public static bool IsLogged(int failures) => failures % 10 == 1;
}
