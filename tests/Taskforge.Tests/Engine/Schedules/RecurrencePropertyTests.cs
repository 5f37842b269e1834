using CsCheck;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Tests.Engine.Schedules;

/// <summary>
/// Property tests over Zurich, New York, Lord Howe (30-minute DST), Kolkata, UTC and Chatham (+12:45/+13:45), 2020–2040,
/// with half the instants drawn close to an offset change. The oracles use <see cref="ZoneTransitions"/> and
/// <see cref="Readings"/>, not the calculator.
/// </summary>
public sealed class RecurrencePropertyTests
{
    private const int Iterations = 300;

    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void NextAfter_StrictlyIncreases_AndSkipsNothingBetweenFires()
    {
        PatternCase.Any.Sample(c =>
        {
            var recurrence = c.Rule;
            var after = c.After;
            var fires = recurrence.Preview(after, c.Count);

            Assert.Equal(c.Count, fires.Count);
            Assert.True(fires[0] > after);
            Assert.All(fires, f => Assert.Equal(TimeSpan.Zero, f.Offset));
            for (var i = 1; i < fires.Count; i++)
            {
                Assert.True(fires[i] > fires[i - 1], $"fire {i} {fires[i]:O} is not after {fires[i - 1]:O}");
                var between = fires[i - 1] + ((fires[i] - fires[i - 1]) / 2);
                Assert.Equal(fires[i], recurrence.NextAfter(between));
                Assert.Equal(fires[i], recurrence.NextAfter(fires[i] - Tick));
            }

            Assert.Equal(fires[^2], recurrence.LastBefore(fires[^1]));
        }, iter: Iterations);
    }

    [Fact]
    public void Fires_AreNamedReadings_OrExactlyTheEndOfAGapThatSwallowedOne()
    {
        PatternCase.Any.Sample(c =>
        {
            var zone = c.Zone;
            var pattern = c.Pattern;
            foreach (var fire in c.Rule.Preview(c.After, c.Count))
            {
                var reading = TimeZoneInfo.ConvertTime(fire, zone).DateTime;
                Assert.False(zone.IsInvalidTime(reading));
                if (Readings.Names(pattern, reading) && !IsGapEnd(zone, fire, out _))
                {
                    continue;
                }

                Assert.True(IsGapEnd(zone, fire, out var gap), $"{fire:O} ({reading:s} local) is neither a named reading nor a gap end");
                Assert.True(
                    Readings.Between(pattern, gap.At.UtcDateTime + gap.Before, gap.At.UtcDateTime + gap.After + Tick).Any(),
                    $"{fire:O} is a gap end but the pattern names no reading in that gap or at its end");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void FixedWallTimeCycles_FireEachNamedReadingOnce_AtItsFirstInstantOrGapEnd()
    {
        PatternCase.Any.Where(c => c.Cycle is RecurrenceCycle.EveryDays or RecurrenceCycle.EveryWeeks or RecurrenceCycle.EveryMonths).Sample(c =>
        {
            var zone = c.Zone;
            var after = c.After;
            var fires = c.Rule.Preview(after, c.Count);

            var readings = fires.Select(f => TimeZoneInfo.ConvertTime(f, zone).DateTime).ToList();
            Assert.Equal(readings.Count, readings.Distinct().Count());

            var expected = Readings.Between(c.Pattern, after.UtcDateTime.AddDays(-2), fires[^1].UtcDateTime.AddDays(2))
                .Select(l => FirstInstant(zone, l))
                .Where(u => u > after && u <= fires[^1])
                .Distinct()
                .Order();
            Assert.Equal(expected, fires);
        }, iter: Iterations);
    }

    [Fact]
    public void IntervalCycles_FireEveryRealInstantOfANamedReading_AndGapEnds()
    {
        PatternCase.Any.Where(c => c.Cycle is RecurrenceCycle.EveryMinutes or RecurrenceCycle.EveryHours).Sample(c =>
        {
            var zone = c.Zone;
            var after = c.After;
            var fires = c.Rule.Preview(after, c.Count);
            var last = fires[^1];

            var changes = ZoneTransitions.Of(zone).Where(t => t.At > after.AddDays(-1) && t.At < last.AddDays(1)).ToList();
            var offsets = changes.SelectMany(t => new[] { t.Before, t.After }).Append(zone.GetUtcOffset(after)).Distinct();
            var expected = new SortedSet<DateTimeOffset>();
            foreach (var offset in offsets)
            {
                foreach (var reading in Readings.Between(c.Pattern, after.UtcDateTime + offset, last.UtcDateTime + offset + Tick))
                {
                    var instant = new DateTimeOffset(reading.Ticks - offset.Ticks, TimeSpan.Zero);
                    if (instant > after && instant <= last && zone.GetUtcOffset(instant) == offset)
                    {
                        expected.Add(instant);
                    }
                }
            }

            foreach (var gap in changes.Where(t => t.IsForward && t.At > after && t.At <= last))
            {
                if (Readings.Between(c.Pattern, gap.At.UtcDateTime + gap.Before, gap.At.UtcDateTime + gap.After).Any())
                {
                    expected.Add(gap.At);
                }
            }

            Assert.Equal(expected, fires);
        }, iter: Iterations);
    }

    [Fact]
    public void PatternAndCron_ThatMeanTheSame_Agree()
    {
        PatternCase.CronExpressible.Sample(c =>
        {
            var pattern = c.Rule;
            var cron = RecurrenceRule.FromCron(CronPattern.Parse(c.ToCron(), c.ZoneId), pattern.Start);

            Assert.Equal(pattern.Preview(c.After, c.Count), cron.Preview(c.After, c.Count));
        }, iter: Iterations);
    }

    [Fact]
    public void StartAndEnd_OnlyCutTheUnboundedFires()
    {
        Gen.Select(PatternCase.Any, Gen.Double[0, 1], Gen.Double[0, 1]).Sample((c, startAt, length) =>
        {
            var unbounded = c.Rule.Preview(c.After, c.Count);
            var span = unbounded[^1] - c.After;
            var start = c.After + (span * startAt);
            var end = start + (span * length);
            var bounded = RecurrenceRule.FromPattern(c.Pattern, start, end);

            // The bounded fires may go on past the unbounded window; only that window is compared.
            Assert.Equal(unbounded.Where(f => f >= start && f <= end), bounded.Preview(c.After, c.Count).Where(f => f <= unbounded[^1]));
        }, iter: Iterations);
    }

    private static DateTimeOffset FirstInstant(TimeZoneInfo zone, DateTime reading)
    {
        if (zone.IsInvalidTime(reading))
        {
            return ZoneTransitions.GapAround(zone, reading).At;
        }

        var offset = zone.IsAmbiguousTime(reading) ? zone.GetAmbiguousTimeOffsets(reading).Max() : zone.GetUtcOffset(reading);
        return new DateTimeOffset(reading.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    private static bool IsGapEnd(TimeZoneInfo zone, DateTimeOffset fire, out Transition gap)
    {
        gap = ZoneTransitions.Of(zone).FirstOrDefault(t => t.IsForward && t.At == fire);
        return gap != default;
    }
}
