namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>The next fires of a schedule in its zone, and every clock change from now until the last of them.</summary>
public sealed record FirePreview(TimeZoneInfo Zone, IReadOnlyList<PreviewedFire> Fires, IReadOnlyList<ClockChange> Changes);
