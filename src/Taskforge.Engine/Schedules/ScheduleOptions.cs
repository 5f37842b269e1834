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
}
