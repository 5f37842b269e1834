namespace Taskforge.Engine.Schedules;

/// <summary>What firing one slot of a schedule did; recorded with the slot (<see cref="ScheduleFire"/>).</summary>
public enum FireOutcome
{
    /// <summary>A run started as the scheduling user.</summary>
    Started,

    /// <summary>The slot was found too late and the misfire policy skips late slots: recorded, not run.</summary>
    SkippedMisfire,

    /// <summary>The previous run was still going and the overlap policy is <see cref="OverlapPolicy.Skip"/>.</summary>
    SkippedOverlap,

    /// <summary>
    /// The run could not start (user gone, right lost, workflow gone, inputs no longer fit): the slot is recorded with
    /// why (<see cref="FireRefusal"/> and the error), and the schedule is in error until it is resumed.
    /// </summary>
    Refused,

    /// <summary>Nothing to fire: the schedule was suspended or ended since the timer was claimed, or the slot fired already. Never recorded.</summary>
    Dropped,
}

/// <summary>
/// The outcomes' stored and wire names (<c>started</c>, <c>skipped-misfire</c>, <c>skipped-overlap</c>, <c>refused</c>),
/// the same in the database and on every face. Slots refused before migration 0009 were stored as <c>error</c>; it renames them.
/// </summary>
public static class FireOutcomes
{
    public static string ToWire(FireOutcome outcome) => outcome switch
    {
        FireOutcome.Started => "started",
        FireOutcome.SkippedMisfire => "skipped-misfire",
        FireOutcome.SkippedOverlap => "skipped-overlap",
        FireOutcome.Refused => "refused",
        _ => "dropped",
    };

    public static FireOutcome FromWire(string text)
    {
        foreach (var outcome in Enum.GetValues<FireOutcome>())
        {
            if (ToWire(outcome) == text)
            {
                return outcome;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown fire outcome.");
    }
}
