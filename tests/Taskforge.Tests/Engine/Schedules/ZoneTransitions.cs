using System.Collections.Concurrent;

namespace Taskforge.Tests.Engine.Schedules;

/// <summary>One change of a zone's UTC offset.</summary>
internal readonly record struct Transition(DateTimeOffset At, TimeSpan Before, TimeSpan After)
{
    public bool IsForward => After > Before;
}

/// <summary>
/// The offset changes of a zone from 2019 to 2042, found by scanning day by day and bisecting to the second. It is an
/// oracle for the property tests, computed without any of the calculator's code.
/// </summary>
internal static class ZoneTransitions
{
    private static readonly ConcurrentDictionary<string, Transition[]> Cache = new(StringComparer.Ordinal);

    public static IReadOnlyList<Transition> Of(TimeZoneInfo zone) => Cache.GetOrAdd(zone.Id, _ => Scan(zone));

    /// <summary>The change whose skipped readings [At + Before, At + After) contain <paramref name="local"/>.</summary>
    public static Transition GapAround(TimeZoneInfo zone, DateTime local) =>
        Of(zone).Single(t => t.IsForward && t.At.UtcDateTime + t.Before <= local && local < t.At.UtcDateTime + t.After);

    private static Transition[] Scan(TimeZoneInfo zone)
    {
        var result = new List<Transition>();
        var day = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        while (day.Year < 2042)
        {
            var next = day.AddDays(1);
            var before = zone.GetUtcOffset(day);
            if (zone.GetUtcOffset(next) != before)
            {
                long lo = day.ToUnixTimeSeconds(), hi = next.ToUnixTimeSeconds();
                while (hi - lo > 1)
                {
                    var mid = (lo + hi) / 2;
                    if (zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(mid)) == before)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                var at = DateTimeOffset.FromUnixTimeSeconds(hi);
                result.Add(new Transition(at, before, zone.GetUtcOffset(at)));
            }

            day = next;
        }

        return [.. result];
    }
}
