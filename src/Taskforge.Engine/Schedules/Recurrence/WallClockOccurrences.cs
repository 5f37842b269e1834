namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// <c>every-days</c>, <c>every-weeks</c> and <c>every-months</c>: fixed wall-clock times on matching local dates, each
/// mapped to an instant by <see cref="LocalTimes.Resolve"/>. A time in a spring-forward gap fires at the gap's end; a
/// time the fall-back repeats fires once, at its first occurrence, because "daily at 01:30" means once a day. A month
/// without the entry's day (31 in April, 29 in February of a common year) has no fire for that entry.
/// </summary>
internal sealed class WallClockOccurrences(RecurrenceCycle cycle, IReadOnlyList<PatternEntry> entries, TimeZoneInfo zone) : IOccurrences
{
    // Every entry matches at least once in any 62 days (a 31st at worst skips one month); 400 days is a safety net.
    private const int MaxDays = 400;

    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        // Resolve never decreases as the local time grows, and it maps every local time up to the clock reading at
        // `after` to `after` or earlier, so walking local times upwards from that day finds the first fire.
        var day = DateOnly.FromDateTime(new DateTime(LocalTimes.WallTicks(after, zone), DateTimeKind.Unspecified));
        for (var i = 0; i < MaxDays && day < DateOnly.MaxValue; i++, day = day.AddDays(1))
        {
            foreach (var entry in entries)
            {
                if (Matches(entry, day) && LocalTimes.Resolve(day.ToDateTime(entry.Time), zone) is var instant && instant > after)
                {
                    return instant;
                }
            }
        }

        return null;
    }

    private bool Matches(PatternEntry entry, DateOnly day) => cycle switch
    {
        RecurrenceCycle.EveryWeeks => entry.Weekday == day.DayOfWeek,
        RecurrenceCycle.EveryMonths => entry.DayOfMonth == day.Day,
        _ => true,
    };
}
