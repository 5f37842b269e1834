namespace Taskforge.Engine.Schedules;

/// <summary>
/// The record of one fired slot: the run it started, or why it did not (<see cref="Facts"/>, told in a sentence by
/// <see cref="FireReasons"/>). <see cref="Lag"/> is how long after its slot the fire committed.
/// </summary>
public sealed record ScheduleFire(
    string ScheduleId, DateTimeOffset Slot, DateTimeOffset FiredAt, string? RunId, FireOutcome Outcome, string Node, FireFacts Facts)
{
    public TimeSpan Lag => FiredAt - Slot;
}
