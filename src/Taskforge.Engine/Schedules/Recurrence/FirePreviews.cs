using System.Globalization;

namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// Previews a schedule's next fires with the clock changes that touch them (pure; "now" is passed in), so a person sees
/// before saving what DESIGN.md's rules do across DST: a local time the spring-forward skips fires at the end of the gap
/// (<see cref="DstMark.Gap"/>); a local time the fall-back repeats fires once, at its first occurrence, or in both passes
/// for the cycles that count elapsed time (<see cref="DstMark.Overlap"/>).
/// </summary>
public static class FirePreviews
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    // Clock changes are looked for day by day between the fires; beyond this span (a yearly schedule previewed for
    // decades) none are listed.
    private const int MaxDaysSearched = 366 * 30;

    /// <summary>
    /// The next <paramref name="count"/> fires after <paramref name="now"/> as the planner would make them (a catch-up of
    /// a missed slot first, where the misfire policy asks for one), given the last slot that fired.
    /// </summary>
    public static FirePreview Of(RecurrenceRule rule, MisfirePolicy misfire, DateTimeOffset now, DateTimeOffset? lastFiredSlot, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var zone = rule.Zone;
        var wall = WallClock(rule);
        var fires = new List<PreviewedFire>(Math.Min(count, 1000));
        var next = count > 0 ? FirePlanner.Next(rule, misfire, now, lastFiredSlot) : null;
        while (next is { } fire && fires.Count < count)
        {
            var local = TimeZoneInfo.ConvertTime(fire.FireAt, zone);
            var (mark, note) = fire.IsCatchUp
                ? (DstMark.None, $"Catch-up of the missed slot {Local(TimeZoneInfo.ConvertTime(fire.Slot, zone))}: fires at once.")
                : Mark(rule, wall, fire.FireAt);
            fires.Add(new PreviewedFire(fire.FireAt.ToUniversalTime(), local, mark, note, fire.Slot.ToUniversalTime(), fire.IsCatchUp));
            next = rule.NextAfter(fire.Slot) is { } after ? new ScheduledFire(after, after, IsCatchUp: false) : null;
        }

        return new FirePreview(zone, fires, fires.Count == 0 ? [] : Changes(zone, now, fires[^1].Utc));
    }

    /// <summary>Every change of the zone's offset in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static IReadOnlyList<ClockChange> Changes(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var changes = new List<ClockChange>();
        var cursor = from;
        for (var day = 0; cursor < to && day < MaxDaysSearched; day++)
        {
            var step = cursor.AddDays(1) < to ? cursor.AddDays(1) : to;
            var offset = zone.GetUtcOffset(cursor);
            if (zone.GetUtcOffset(step) == offset)
            {
                cursor = step;
                continue;
            }

            var at = LocalTimes.FirstOffsetChange(cursor, step, offset, zone);
            changes.Add(ChangeAt(zone, at));
            cursor = at;
        }

        return changes;
    }

    private static (DstMark, string?) Mark(RecurrenceRule rule, IOccurrences? wall, DateTimeOffset instant)
    {
        var zone = rule.Zone;
        var before = zone.GetUtcOffset(instant - Tick);
        var offset = zone.GetUtcOffset(instant);
        if (offset > before && wall is not null)
        {
            // At a forward change: a fire here stands for a local time in the gap when the schedule names one there.
            var gapEnd = LocalTimes.WallTicks(instant, zone);
            var gapStart = gapEnd - (offset - before).Ticks;
            if (wall.NextAfter(LocalTimes.Utc(gapStart) - Tick) is { } named && named.UtcTicks < gapEnd)
            {
                var change = ChangeAt(zone, instant);
                return (DstMark.Gap, $"{Time(named.UtcDateTime)} does not exist on {Day(named.UtcDateTime)}: clocks go forward from "
                    + $"{Time(change.LocalBefore)} to {Time(change.LocalAfter)} ({Offset(before)} → {Offset(offset)}), so it fires at "
                    + $"{Time(change.LocalAfter)}, the end of the gap.");
            }
        }

        if (!zone.IsAmbiguousTime(instant))
        {
            return (DstMark.None, null);
        }

        var offsets = zone.GetAmbiguousTimeOffsets(instant);
        var (first, second) = (offsets.Max(), offsets.Min());
        var wallTime = new DateTime(LocalTimes.WallTicks(instant, zone), DateTimeKind.Unspecified);
        var back = $"{Time(wallTime)} happens twice on {Day(wallTime)} (clocks go back from {Offset(first)} to {Offset(second)})";
        if (offset == second)
        {
            return (DstMark.Overlap, $"{back}: this is the second {Time(wallTime)} ({Offset(second)}); the schedule counts elapsed time, so it fires in both.");
        }

        var again = rule.NextAfter(instant) == instant + (first - second);
        return (DstMark.Overlap, again
            ? $"{back}: this is the first {Time(wallTime)} ({Offset(first)}); the second fires too."
            : $"{back}: it fires once, at the first {Time(wallTime)} ({Offset(first)}).");
    }

    private static ClockChange ChangeAt(TimeZoneInfo zone, DateTimeOffset at)
    {
        var (before, after) = (zone.GetUtcOffset(at - Tick), zone.GetUtcOffset(at));
        var localAfter = new DateTime(LocalTimes.WallTicks(at, zone), DateTimeKind.Unspecified);
        var localBefore = localAfter - (after - before);
        var span = FireReasons.Duration((after - before).Duration());
        var note = after > before
            ? $"Clocks go forward {span} at {Time(localBefore)} on {Day(localBefore)} ({Offset(before)} → {Offset(after)}): local times from {Time(localBefore)} up to {Time(localAfter)} do not exist."
            : $"Clocks go back {span} at {Time(localBefore)} on {Day(localBefore)} ({Offset(before)} → {Offset(after)}): local times from {Time(localAfter)} up to {Time(localBefore)} happen twice.";
        return new ClockChange(at.ToUniversalTime(), localBefore, localAfter, before, after, note);
    }

    /// <summary>
    /// The schedule's occurrences on a clock that never changes (its local times read as UTC), to tell which local time
    /// a fire stands for; null for a one-time schedule, whose instant is absolute.
    /// </summary>
    private static IOccurrences? WallClock(RecurrenceRule rule) => rule.Kind == RecurrenceKind.Cron
        ? new CronOccurrences(rule.Cron!.Parsed, TimeZoneInfo.Utc)
        : rule.Pattern!.Cycle switch
        {
            RecurrenceCycle.OneTime => null,
            RecurrenceCycle.EveryMinutes or RecurrenceCycle.EveryHours => new IntervalOccurrences(rule.Pattern.Cycle, rule.Pattern.Entries, TimeZoneInfo.Utc),
            _ => new WallClockOccurrences(rule.Pattern.Cycle, rule.Pattern.Entries, TimeZoneInfo.Utc),
        };

    private static string Local(DateTimeOffset local) => $"{Day(local.DateTime)} {Time(local.DateTime)} ({Offset(local.Offset)})";

    private static string Day(DateTime local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTime local) => local.ToString(local.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Offset(TimeSpan offset) =>
        "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
