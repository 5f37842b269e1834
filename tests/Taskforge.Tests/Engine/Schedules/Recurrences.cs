using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Tests.Engine.Schedules;

/// <summary>Shorthands for the recurrence tests.</summary>
internal static class Recurrences
{
    public static readonly DateTimeOffset LongAgo = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static RecurrenceRule Pattern(RecurrenceCycle cycle, string text, DateTimeOffset? start = null, DateTimeOffset? end = null, TimeZoneInfo? defaultZone = null) =>
        RecurrenceRule.FromPattern(RecurrencePatternReader.Read(text, cycle, defaultZone), start ?? LongAgo, end);

    public static RecurrenceRule Cron(string expression, string zone, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        RecurrenceRule.FromCron(CronPattern.Parse(expression, zone), start ?? LongAgo, end);

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>A local reading with its offset written out, so each expectation states which pass of the clock it means.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour, int minute, int second, double offsetHours) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(offsetHours));

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
