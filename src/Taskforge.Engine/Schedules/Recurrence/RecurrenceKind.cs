namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>Where a <see cref="RecurrenceRule"/>'s occurrences come from.</summary>
public enum RecurrenceKind
{
    /// <summary>A vRO <c>recurrence-cycle</c> with its <c>recurrence-pattern</c>.</summary>
    Pattern,

    /// <summary>A cron expression in an explicit zone (native API).</summary>
    Cron,
}
