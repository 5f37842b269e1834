namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// When a schedule fires: a vRO pattern or a cron expression, bounded by a start and an optional end. Pure and
/// immutable; every instant it returns is in UTC (offset zero). It reads no clock: callers pass "now" in.
/// </summary>
public sealed class RecurrenceRule
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    // Null for one-time: its only occurrence is the start.
    private readonly IOccurrences? _occurrences;

    private RecurrenceRule(RecurrenceKind kind, RecurrencePattern? pattern, CronPattern? cron, TimeZoneInfo zone,
        IOccurrences? occurrences, DateTimeOffset start, DateTimeOffset? end)
    {
        Kind = kind;
        Pattern = pattern;
        Cron = cron;
        Zone = zone;
        _occurrences = occurrences;
        Start = start.ToUniversalTime();
        End = end?.ToUniversalTime();
    }

    public RecurrenceKind Kind { get; }

    /// <summary>The vRO pattern when <see cref="Kind"/> is <see cref="RecurrenceKind.Pattern"/>.</summary>
    public RecurrencePattern? Pattern { get; }

    /// <summary>The cron expression when <see cref="Kind"/> is <see cref="RecurrenceKind.Cron"/>.</summary>
    public CronPattern? Cron { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>No occurrence is earlier (vRO <c>recurrence-start-date</c>); a one-time schedule fires exactly then.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>No occurrence is later (vRO <c>recurrence-end-date</c>); an end before the start leaves no occurrence.</summary>
    public DateTimeOffset? End { get; }

    public bool IsOneTime => _occurrences is null;

    public static RecurrenceRule FromPattern(RecurrencePattern pattern, DateTimeOffset start, DateTimeOffset? end = null)
    {
        IOccurrences? occurrences = pattern.Cycle switch
        {
            RecurrenceCycle.OneTime => null,
            RecurrenceCycle.EveryMinutes or RecurrenceCycle.EveryHours => new IntervalOccurrences(pattern.Cycle, pattern.Entries, pattern.Zone),
            _ => new WallClockOccurrences(pattern.Cycle, pattern.Entries, pattern.Zone),
        };
        return new RecurrenceRule(RecurrenceKind.Pattern, pattern, null, pattern.Zone, occurrences, start, end);
    }

    public static RecurrenceRule FromCron(CronPattern cron, DateTimeOffset start, DateTimeOffset? end = null) =>
        new(RecurrenceKind.Cron, null, cron, cron.Zone, new CronOccurrences(cron.Parsed, cron.Zone), start, end);

    /// <summary>The first occurrence strictly after <paramref name="afterExclusive"/>, not before the start and not after the end; null when none is left.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset afterExclusive)
    {
        var after = afterExclusive < Start ? Start - Tick : afterExclusive.ToUniversalTime();
        if (after.UtcDateTime.Year >= 9999)
        {
            return null; // Leaves room for the day-by-day walks without overflowing DateTime.
        }

        var next = _occurrences is null ? (Start > after ? Start : null) : _occurrences.NextAfter(after);
        return next is { } n && (End is null || n <= End) ? n : null;
    }

    /// <summary>The last occurrence strictly before <paramref name="beforeExclusive"/>, or null when none is.</summary>
    public DateTimeOffset? LastBefore(DateTimeOffset beforeExclusive) => LastBetween(Start - Tick, beforeExclusive);

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/> (fewer when the recurrence ends).</summary>
    public IReadOnlyList<DateTimeOffset> Preview(DateTimeOffset after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new List<DateTimeOffset>(Math.Min(count, 1000));
        var cursor = after;
        while (result.Count < count && NextAfter(cursor) is { } next)
        {
            result.Add(next);
            cursor = next;
        }

        return result;
    }

    /// <summary>
    /// The last occurrence in the open interval (<paramref name="afterExclusive"/>, <paramref name="beforeExclusive"/>).
    /// Found by bisection over <see cref="NextAfter"/> (about 60 calls whatever the distance), so an every-minutes
    /// schedule that started decades ago costs no more than one that started yesterday.
    /// </summary>
    internal DateTimeOffset? LastBetween(DateTimeOffset afterExclusive, DateTimeOffset beforeExclusive)
    {
        if (NextAfter(afterExclusive) is not { } first || first >= beforeExclusive)
        {
            return null;
        }

        // Invariant: an occurrence lies in (lo, before); none lies in (hi, before).
        long lo = afterExclusive.UtcTicks, hi = beforeExclusive.UtcTicks - 1;
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (NextAfter(LocalTimes.Utc(mid)) is { } n && n < beforeExclusive)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return NextAfter(LocalTimes.Utc(lo));
    }
}
