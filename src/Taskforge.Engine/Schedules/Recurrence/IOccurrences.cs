namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>An unbounded series of fire instants; <see cref="RecurrenceRule"/> adds the start and end dates.</summary>
internal interface IOccurrences
{
    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC, or null when there is none.</summary>
    DateTimeOffset? NextAfter(DateTimeOffset after);
}
