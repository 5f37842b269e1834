namespace Taskforge.Engine.Telemetry;

/// <summary>The engine's settings under <c>Taskforge:Telemetry</c> (the server reads its exporters' from the same section).</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// How old the counts behind <c>taskforge.task.count</c>, <c>taskforge.timer.due</c> and <c>taskforge.timer.overdue</c>
    /// may be. They are counted by the database, so a scrape reads the last count and asks for a new one only when it is
    /// older than this: however often and from however many scrapers, at most one count per interval.
    /// </summary>
    public TimeSpan CountsRefresh { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A timer due longer ago than this, and held by no live lease, counts as overdue.</summary>
    public TimeSpan OverdueAfter { get; set; } = TimeSpan.FromMinutes(1);
}
