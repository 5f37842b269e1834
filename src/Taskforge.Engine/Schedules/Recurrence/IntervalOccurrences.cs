namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// <c>every-minutes</c> and <c>every-hours</c>: the entries are offsets into each minute or hour of the zone's clock.
/// <para>
/// DST rule: the clock readings are walked together with their UTC offset, so each real instant whose reading matches
/// fires once. When the clock falls back, the repeated hour's readings match again and fire again: "every hour at :30"
/// means every elapsed hour, and skipping the repeated hour would leave two real hours without a fire. When the clock
/// springs forward, a reading inside the gap fires at the gap's end (DESIGN.md's rule for times that do not exist);
/// several gap readings, or a gap reading and a match at the gap's end, share that one instant. This is what Cronos
/// does for cron expressions whose second, minute or hour field repeats, so the pattern and cron forms agree.
/// </para>
/// </summary>
internal sealed class IntervalOccurrences : IOccurrences
{
    private readonly long _period;
    private readonly long[] _offsets;
    private readonly TimeZoneInfo _zone;

    public IntervalOccurrences(RecurrenceCycle cycle, IReadOnlyList<PatternEntry> entries, TimeZoneInfo zone)
    {
        _period = (cycle == RecurrenceCycle.EveryMinutes ? TimeSpan.FromMinutes(1) : TimeSpan.FromHours(1)).Ticks;
        _offsets = [.. entries.Select(e => e.Time.Ticks % _period).Distinct().Order()];
        _zone = zone;
    }

    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        var cursor = after;
        var inclusive = false;

        // Each round either answers or moves the cursor to the next offset change; a period never spans two changes.
        for (var round = 0; round < 4; round++)
        {
            var offset = _zone.GetUtcOffset(cursor);
            var reading = NextReading(cursor.UtcTicks + offset.Ticks, inclusive);
            var candidate = LocalTimes.Utc(reading - offset.Ticks);
            if (_zone.GetUtcOffset(candidate) == offset)
            {
                return candidate;
            }

            // The offset changes before the candidate. Readings skipped by a forward jump fire when the gap ends.
            var change = LocalTimes.FirstOffsetChange(cursor, candidate, offset, _zone);
            var newOffset = _zone.GetUtcOffset(change);
            if (newOffset > offset && reading < change.UtcTicks + newOffset.Ticks)
            {
                return change;
            }

            cursor = change;
            inclusive = true;
        }

        throw new InvalidOperationException($"Zone {_zone.Id} changes its offset more than once within one period after {after:O}.");
    }

    private long NextReading(long wall, bool inclusive)
    {
        var periodStart = wall - (wall % _period);
        for (var k = 0; k < 2; k++)
        {
            foreach (var offset in _offsets)
            {
                var reading = periodStart + (k * _period) + offset;
                if (reading > wall || (inclusive && reading == wall))
                {
                    return reading;
                }
            }
        }

        throw new InvalidOperationException("A pattern without entries has no readings.");
    }
}
