namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// One entry of a vRO recurrence pattern. <see cref="Time"/> carries only the parts the cycle uses: the second for
/// <c>every-minutes</c> (00:00:30), minutes and seconds for <c>every-hours</c> (00:15:00), the time of day for the others.
/// <see cref="Weekday"/> is set for <c>every-weeks</c>, <see cref="DayOfMonth"/> for <c>every-months</c>.
/// </summary>
public readonly record struct PatternEntry(TimeOnly Time, DayOfWeek? Weekday = null, int? DayOfMonth = null);
