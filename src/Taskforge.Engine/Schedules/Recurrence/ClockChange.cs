namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// A change of the zone's UTC offset (a DST transition) at <see cref="At"/>: the clock read <see cref="LocalBefore"/>
/// just before and <see cref="LocalAfter"/> then. Forward (<see cref="DstMark.Gap"/>): the local times in between do not
/// exist; back (<see cref="DstMark.Overlap"/>): they happen twice. <see cref="Note"/> says so in a sentence.
/// </summary>
public sealed record ClockChange(DateTimeOffset At, DateTime LocalBefore, DateTime LocalAfter, TimeSpan OffsetBefore, TimeSpan OffsetAfter, string Note)
{
    public DstMark Kind => OffsetAfter > OffsetBefore ? DstMark.Gap : DstMark.Overlap;
}
