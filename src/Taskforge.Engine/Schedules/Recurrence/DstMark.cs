namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>How a clock change touches a previewed fire (<see cref="PreviewedFire"/>).</summary>
public enum DstMark
{
    /// <summary>The fire's local time exists once.</summary>
    None,

    /// <summary>The local time the schedule names does not exist that day (spring forward): the fire is at the end of the gap.</summary>
    Gap,

    /// <summary>The fire's local time happens twice that day (fall back).</summary>
    Overlap,
}

/// <summary>The marks' wire names: <c>none</c>, <c>gap</c>, <c>overlap</c>.</summary>
public static class DstMarks
{
    public static string ToWire(DstMark mark) => mark.ToString().ToLowerInvariant();
}
