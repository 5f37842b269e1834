namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>Turns a zone's wall-clock times into instants under DESIGN.md's time-zone rules.</summary>
internal static class LocalTimes
{
    /// <summary>
    /// The first instant at which the zone's clock shows <paramref name="local"/> or later. That single rule gives
    /// DESIGN.md's three cases: an ordinary time maps to its instant; a time that exists twice (fall back) maps to its
    /// first occurrence; a time that does not exist (spring forward) maps to the end of the gap, so 02:30 on a
    /// 02:00→03:00 day fires at 03:00.
    /// </summary>
    public static DateTimeOffset Resolve(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return GapEnd(local, zone);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The zone's clock reading at <paramref name="instant"/>, as ticks of a local <see cref="DateTime"/>.</summary>
    public static long WallTicks(DateTimeOffset instant, TimeZoneInfo zone) =>
        instant.UtcTicks + zone.GetUtcOffset(instant).Ticks;

    /// <summary>The first instant in (<paramref name="from"/>, <paramref name="to"/>] whose offset is not <paramref name="offset"/>.</summary>
    public static DateTimeOffset FirstOffsetChange(DateTimeOffset from, DateTimeOffset to, TimeSpan offset, TimeZoneInfo zone)
    {
        long lo = from.UtcTicks, hi = to.UtcTicks;
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (zone.GetUtcOffset(Utc(mid)) == offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Utc(hi);
    }

    public static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);

    // The gap's end is the transition instant, which .NET does not expose directly: search for the first instant whose
    // clock reads at least `local`. Every UTC offset lies within -12h..+14h, so the answer is inside the bracket, and no
    // zone moves its clock back within a day of moving it forward, so the clock reading rises through the bracket.
    private static DateTimeOffset GapEnd(DateTime local, TimeZoneInfo zone)
    {
        long lo = local.Ticks - TimeSpan.FromHours(15).Ticks, hi = local.Ticks + TimeSpan.FromHours(13).Ticks;
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (WallTicks(Utc(mid), zone) >= local.Ticks)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return Utc(hi);
    }
}
