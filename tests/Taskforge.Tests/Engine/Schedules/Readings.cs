using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Tests.Engine.Schedules;

/// <summary>The clock readings a pattern names, written out independently of the calculator for the property tests.</summary>
internal static class Readings
{
    /// <summary>Every reading in [<paramref name="from"/>, <paramref name="to"/>) that the pattern names, in order.</summary>
    public static IEnumerable<DateTime> Between(RecurrencePattern pattern, DateTime from, DateTime to)
    {
        var step = pattern.Cycle switch
        {
            RecurrenceCycle.EveryMinutes => TimeSpan.FromMinutes(1),
            RecurrenceCycle.EveryHours => TimeSpan.FromHours(1),
            _ => TimeSpan.FromDays(1),
        };
        var period = new DateTime(from.Ticks - (from.Ticks % step.Ticks));
        for (; period < to; period += step)
        {
            foreach (var entry in pattern.Entries)
            {
                var reading = step < TimeSpan.FromDays(1)
                    ? period + TimeSpan.FromTicks(entry.Time.Ticks % step.Ticks)
                    : period.Date + entry.Time.ToTimeSpan();
                if (reading >= from && reading < to && Names(pattern, entry, reading))
                {
                    yield return reading;
                }
            }
        }
    }

    /// <summary>Whether an entry of the pattern names this reading.</summary>
    public static bool Names(RecurrencePattern pattern, DateTime reading) => pattern.Entries.Any(e => Names(pattern, e, reading));

    private static bool Names(RecurrencePattern pattern, PatternEntry entry, DateTime reading)
    {
        var time = entry.Time;
        var sameSecond = reading.Ticks % TimeSpan.TicksPerSecond == 0 && reading.Second == time.Second;
        return pattern.Cycle switch
        {
            RecurrenceCycle.EveryMinutes => sameSecond,
            RecurrenceCycle.EveryHours => sameSecond && reading.Minute == time.Minute,
            RecurrenceCycle.EveryDays => sameSecond && TimeOnly.FromDateTime(reading) == time,
            RecurrenceCycle.EveryWeeks => sameSecond && TimeOnly.FromDateTime(reading) == time && reading.DayOfWeek == entry.Weekday,
            _ => sameSecond && TimeOnly.FromDateTime(reading) == time && reading.Day == entry.DayOfMonth,
        };
    }
}
