using System.Globalization;
using System.Xml;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// When a schedule fires: its recurrence rule and what it does about missed occurrences, read from the stored fields.
/// <c>misfire</c> is <c>skip</c>, <c>fire-once</c> or <c>fire-all:&lt;ISO 8601 window&gt;</c>; vRO's start-mode maps onto
/// the first two.
/// </summary>
public sealed record ScheduleTiming(RecurrenceRule Rule, MisfirePolicy Misfire)
{
    public const string Cron = "cron";

    /// <summary>The timing of a schedule as stored; every problem goes to <paramref name="errors"/> under the wire field names.</summary>
    public static ScheduleTiming? Read(
        string cycle, string? pattern, string? cron, string? timeZone, DateTimeOffset start, DateTimeOffset? end, string misfire,
        TimeZoneInfo defaultZone, ValidationErrors errors)
    {
        RecurrenceRule? rule = null;
        try
        {
            if (cycle == Cron)
            {
                rule = RecurrenceRule.FromCron(CronPattern.Parse(cron, timeZone), start, end);
            }
            else
            {
                var zone = defaultZone;
                if (timeZone is not null && !TimeZones.TryFind(timeZone, out zone))
                {
                    errors.Add("time-zone", $"'{timeZone}' is not an IANA time zone.");
                    return null;
                }

                rule = RecurrenceRule.FromPattern(RecurrencePatternReader.Read(pattern ?? "", RecurrenceCycles.FromWire(cycle), zone), start, end);
            }
        }
        catch (ValidationException ex)
        {
            foreach (var (field, problems) in ex.Errors)
            {
                foreach (var problem in problems)
                {
                    errors.Add(field, problem);
                }
            }
        }

        if (end is { } last && last < start)
        {
            errors.Add("recurrence-end-date", "is before recurrence-start-date.");
        }

        var policy = ReadMisfire(misfire, errors);
        return rule is null || policy is null || errors.Any ? null : new ScheduleTiming(rule, policy);
    }

    public static ScheduleTiming For(Schedule schedule, TimeZoneInfo defaultZone)
    {
        var errors = new ValidationErrors();
        return Read(schedule.Cycle, schedule.Pattern, schedule.Cron, schedule.TimeZone, schedule.StartAt, schedule.EndAt, schedule.Misfire, defaultZone, errors)
            ?? throw new InvalidOperationException($"Schedule '{schedule.Id}' holds a timing that no longer reads: {string.Join("; ", errors.Lines)}");
    }

    public static string MisfireFor(StartMode mode) => mode == StartMode.Normal ? "skip" : "fire-once";

    private static MisfirePolicy? ReadMisfire(string text, ValidationErrors errors)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "skip":
                return MisfirePolicy.Skip;
            case "fire-once":
                return MisfirePolicy.FireOnce;
            case var all when all.StartsWith("fire-all:", StringComparison.Ordinal):
                try
                {
                    var window = XmlConvert.ToTimeSpan(all["fire-all:".Length..].ToUpperInvariant());
                    if (window > TimeSpan.Zero)
                    {
                        return MisfirePolicy.FireAllWithinWindow(window);
                    }
                }
                catch (FormatException)
                {
                    // Reported below.
                }

                break;
        }

        errors.Add("misfire", string.Create(CultureInfo.InvariantCulture,
            $"'{text}' is not a misfire policy; use skip, fire-once or fire-all:<ISO 8601 window> such as fire-all:PT1H."));
        return null;
    }
}
