namespace Taskforge.Engine.Schedules;

/// <summary>Settings under <c>Taskforge:Schedules</c>.</summary>
public sealed class ScheduleOptions
{
    /// <summary>The zone of a vRO recurrence pattern that names none (DESIGN.md: UTC unless configured).</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>
    /// How late a slot may fire and still count as on time. A slot found later than this (the server was down, say)
    /// is a misfire: with start-mode <c>normal</c> (misfire <c>skip</c>) it is recorded as skipped and starts nothing.
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long fired slots are kept (<c>GET …/fires</c>, the vRO task's executions): older ones are deleted by
    /// <see cref="FireHistoryTick"/>, except each schedule's newest <see cref="FireHistoryKeepPerSchedule"/>.
    /// </summary>
    public TimeSpan FireHistoryRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many of its newest fired slots a schedule keeps whatever their age, so a yearly schedule still shows its last fires.</summary>
    public int FireHistoryKeepPerSchedule { get; set; } = 10;

    /// <summary>How often each node prunes the fire history.</summary>
    public TimeSpan FireHistoryPruneInterval { get; set; } = TimeSpan.FromHours(1);
}
