using CsCheck;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Tests.Engine.Schedules;

/// <summary>
/// A generated recurrence: a zone, a cycle, pattern text, and where to look, either anywhere in 2020–2040 or close
/// to one of the zone's offset changes (<see cref="NearChange"/>), where the interesting cases are.
/// </summary>
internal sealed record PatternCase(string ZoneId, RecurrenceCycle Cycle, string Text, bool NearChange, double Where, double Jitter)
{
    public static readonly string[] ZoneIds = ["Europe/Zurich", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC", "Pacific/Chatham"];

    private static readonly DateTimeOffset First = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Last = new(2040, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<int> Second = Gen.OneOf<int>(Gen.Int[0, 59], Gen.Const(0));
    private static readonly Gen<int> Minute = Gen.OneOf<int>(Gen.Int[0, 59], Gen.OneOf(0, 15, 30, 45));

    // The zones above change their clocks between 00:00 and 04:00 local, so early hours are drawn more often.
    private static readonly Gen<int> Hour = Gen.OneOf<int>(Gen.Int[0, 23], Gen.Int[0, 4]);
    private static readonly Gen<string> TimeOfDay = Gen.Select(Hour, Minute, Second, (h, m, s) => $"{h:00}:{m:00}:{s:00}");

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public RecurrencePattern Pattern => RecurrencePatternReader.Read(Text, Cycle);

    /// <summary>Started long before any instant looked at, with no end, so only the pattern shapes the fires.</summary>
    public RecurrenceRule Rule => RecurrenceRule.FromPattern(Pattern, new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>How many fires to look at: enough to reach across a change from <see cref="After"/>.</summary>
    public int Count => Cycle switch
    {
        RecurrenceCycle.EveryMinutes => 100,
        RecurrenceCycle.EveryHours => 30,
        RecurrenceCycle.EveryDays => 10,
        RecurrenceCycle.EveryWeeks => 8,
        _ => 6,
    };

    public DateTimeOffset After
    {
        get
        {
            var changes = ZoneTransitions.Of(Zone).Where(t => t.At >= First && t.At <= Last).ToList();
            if (!NearChange || changes.Count == 0)
            {
                return First + ((Last - First) * Where);
            }

            var span = Cycle switch
            {
                RecurrenceCycle.EveryMinutes => TimeSpan.FromMinutes(40),
                RecurrenceCycle.EveryHours => TimeSpan.FromHours(12),
                RecurrenceCycle.EveryDays => TimeSpan.FromDays(4),
                RecurrenceCycle.EveryWeeks => TimeSpan.FromDays(14),
                _ => TimeSpan.FromDays(60),
            };
            return changes[(int)(Where * (changes.Count - 1))].At + (span * Jitter);
        }
    }

    /// <summary>Any pattern of any repeating cycle, with one to three entries.</summary>
    public static Gen<PatternCase> Any { get; } = Gen.OneOf<PatternCase>(
        For(RecurrenceCycle.EveryMinutes, Second.Select(s => $"{s}"), 3),
        For(RecurrenceCycle.EveryHours, Gen.Select(Minute, Second, (m, s) => $"{m:00}:{s:00}"), 3),
        For(RecurrenceCycle.EveryDays, TimeOfDay, 3),
        For(RecurrenceCycle.EveryWeeks, Gen.Select(Gen.OneOf("Monday", "tue", "WED", "Thursday", "fri", "Saturday", "sun"), TimeOfDay, (d, t) => $"{d} {t}"), 3),
        For(RecurrenceCycle.EveryMonths, Gen.Select(Gen.OneOf<int>(Gen.Int[1, 31], Gen.Int[27, 31]), TimeOfDay, (d, t) => $"{d:00} {t}"), 3));

    /// <summary>Patterns a single cron expression can say too: one entry, or several seconds for every-minutes.</summary>
    public static Gen<PatternCase> CronExpressible { get; } = Gen.OneOf<PatternCase>(
        For(RecurrenceCycle.EveryMinutes, Second.Select(s => $"{s}"), 3),
        For(RecurrenceCycle.EveryHours, Gen.Select(Minute, Second, (m, s) => $"{m:00}:{s:00}"), 1),
        For(RecurrenceCycle.EveryDays, TimeOfDay, 1),
        For(RecurrenceCycle.EveryWeeks, Gen.Select(Gen.OneOf("Monday", "tue", "WED", "Thursday", "fri", "Saturday", "sun"), TimeOfDay, (d, t) => $"{d} {t}"), 1),
        For(RecurrenceCycle.EveryMonths, Gen.Select(Gen.OneOf<int>(Gen.Int[1, 31], Gen.Int[27, 31]), TimeOfDay, (d, t) => $"{d:00} {t}"), 1));

    /// <summary>The same schedule as a cron expression in the same zone; five fields when the seconds are zero.</summary>
    public string ToCron()
    {
        var entries = Pattern.Entries;
        var e = entries[0];
        var (s, m, h) = (e.Time.Second, e.Time.Minute, e.Time.Hour);
        return Cycle switch
        {
            RecurrenceCycle.EveryMinutes => $"{string.Join(',', entries.Select(x => x.Time.Second))} * * * * *",
            RecurrenceCycle.EveryHours => $"{s} {m} * * * *",
            RecurrenceCycle.EveryDays when s == 0 => $"{m} {h} * * *",
            RecurrenceCycle.EveryDays => $"{s} {m} {h} * * *",
            RecurrenceCycle.EveryWeeks => $"{s} {m} {h} * * {(int)e.Weekday!.Value}",
            _ => $"{s} {m} {h} {e.DayOfMonth} * *",
        };
    }

    private static Gen<PatternCase> For(RecurrenceCycle cycle, Gen<string> entry, int maxEntries) =>
        Gen.Select(Gen.Int[0, ZoneIds.Length - 1], entry.Array[1, maxEntries], Gen.Bool, Gen.Double[0, 1], Gen.Double[-1, 1],
            (zone, entries, nearChange, where, jitter) =>
                new PatternCase(ZoneIds[zone], cycle, $"({ZoneIds[zone]}) {string.Join(',', entries)},", nearChange, where, jitter));
}
