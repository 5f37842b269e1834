using System.Globalization;
using Microsoft.AspNetCore.Html;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Server.Faces.Console.Schedules;

/// <summary>
/// How the console words a schedule: its recurrence in a phrase ("Every day at 02:30"), its state as a badge, its
/// policies in plain words. The recurrence is read by the engine (<see cref="ScheduleTiming"/>); this only says it.
/// </summary>
public static class ScheduleText
{
    /// <summary>The recurrence as people say it; the cron expression itself for cron (no phrase says cron better).</summary>
    public static string Recurrence(Schedule schedule, ScheduleTiming? timing)
    {
        if (timing?.Rule is not { } rule)
        {
            return schedule.Cron ?? schedule.Pattern ?? schedule.Cycle;
        }

        if (rule.Cron is { } cron)
        {
            return "Cron " + cron.Expression;
        }

        var entries = rule.Pattern!.Entries;
        return rule.Pattern.Cycle switch
        {
            RecurrenceCycle.OneTime => "Once, at the start",
            RecurrenceCycle.EveryMinutes => "Every minute at second " + List(entries.Select(e => e.Time.Second.ToString("00", CultureInfo.InvariantCulture))),
            RecurrenceCycle.EveryHours => "Every hour at " + List(entries.Select(e => e.Time.ToString("mm:ss", CultureInfo.InvariantCulture))) + " past",
            RecurrenceCycle.EveryDays => "Every day at " + List(entries.Select(e => Clock(e.Time))),
            RecurrenceCycle.EveryWeeks => "Every " + List(entries.Select(e => $"{e.Weekday} at {Clock(e.Time)}")),
            _ => "Every month on " + List(entries.Select(e => $"day {e.DayOfMonth} at {Clock(e.Time)}")),
        };
    }

    public static string StateLabel(ScheduleState state) => state switch
    {
        ScheduleState.Pending => "Active",
        ScheduleState.Running => "Running",
        ScheduleState.Suspended => "Paused",
        ScheduleState.Finished => "Finished",
        ScheduleState.Canceled => "Canceled",
        _ => "Error",
    };

    public static IHtmlContent StateBadge(ScheduleState state) =>
        new HtmlString($"<span class=\"badge badge-sched-{ScheduleStates.ToWire(state)}\">{StateLabel(state)}</span>");

    public static string Overlap(OverlapPolicy policy) =>
        policy == OverlapPolicy.Skip ? "Skip a slot while the last run is still going" : "Start another run even if the last is still going";

    /// <summary>The stored misfire policy (<c>skip</c>, <c>fire-once</c>, <c>fire-all:PT1H</c>) in words.</summary>
    public static string Misfire(string misfire) => misfire switch
    {
        "skip" => "Skip slots found late",
        "fire-once" => "Run once to catch up on late slots",
        _ when misfire.StartsWith(ScheduleForm.FireAll + ":", StringComparison.Ordinal) => $"Run every late slot within {misfire[(ScheduleForm.FireAll.Length + 1)..]}",
        _ => misfire,
    };

    /// <summary>A time of day without seconds when they are zero: 02:30, 19:30:15.</summary>
    public static string Clock(TimeOnly time) => time.ToString(time.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A UTC offset as <c>UTC−05:00</c>.</summary>
    public static string Offset(TimeSpan offset) =>
        "UTC" + (offset < TimeSpan.Zero ? "−" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>A wall-clock time in the schedule's zone: <c>Sun 2027-03-14 03:00</c>.</summary>
    public static string Wall(DateTimeOffset local) => local.ToString(local.Second == 0 ? "ddd yyyy-MM-dd HH:mm" : "ddd yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count <= 1 ? string.Concat(all) : string.Join(", ", all[..^1]) + " and " + all[^1];
    }
}
