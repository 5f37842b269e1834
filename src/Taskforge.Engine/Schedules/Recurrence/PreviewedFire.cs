namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// One fire a schedule would make: when (<see cref="Utc"/>), what the zone's clock shows then (<see cref="Local"/>, whose
/// offset is the zone's UTC offset at that instant), and how a clock change touches it (<see cref="Mark"/>, told in
/// <see cref="Note"/>). <see cref="Slot"/> is the occurrence it stands for: the same instant, except for a catch-up of a
/// missed slot, which fires at once (<see cref="CatchUp"/>).
/// </summary>
public sealed record PreviewedFire(DateTimeOffset Utc, DateTimeOffset Local, DstMark Mark, string? Note, DateTimeOffset Slot, bool CatchUp)
{
    public TimeSpan Offset => Local.Offset;
}
