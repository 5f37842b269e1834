namespace Taskforge.Engine.Schedules;

/// <summary>Settings under <c>Taskforge:Schedules</c>.</summary>
public sealed class ScheduleOptions
{
    /// <summary>The zone of a vRO recurrence pattern that names none (DESIGN.md: UTC unless configured).</summary>
    public string DefaultTimeZone { get; set; } = "UTC";
}
