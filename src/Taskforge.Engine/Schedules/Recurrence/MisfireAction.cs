namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>What a <see cref="MisfirePolicy"/> does with occurrences that passed without firing.</summary>
public enum MisfireAction
{
    /// <summary>Drop them; the schedule continues with the next future occurrence.</summary>
    Skip,

    /// <summary>Fire once now for all of them together.</summary>
    FireOnce,

    /// <summary>Fire each one that is no older than the policy's window, oldest first.</summary>
    FireAllWithinWindow,
}
