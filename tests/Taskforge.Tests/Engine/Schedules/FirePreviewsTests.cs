using Taskforge.Engine.Schedules.Recurrence;
using static Taskforge.Tests.Engine.Schedules.Recurrences;

namespace Taskforge.Tests.Engine.Schedules;

/// <summary>
/// The preview of a schedule's next fires with DST changes marked. New York 2027: clocks go forward at 02:00 on
/// 14 March (EST −05:00 → EDT −04:00) and back at 02:00 on 7 November.
/// </summary>
public sealed class FirePreviewsTests
{
    [Fact]
    public void EveryDayAt0230_AcrossSpringForward_MarksTheGap()
    {
        var rule = Pattern(RecurrenceCycle.EveryDays, "(America/New_York) 02:30:00,");

        var preview = FirePreviews.Of(rule, MisfirePolicy.Skip, Utc(2027, 3, 12), null, 4);

        Assert.Equal([At(2027, 3, 12, 2, 30, 0, -5), At(2027, 3, 13, 2, 30, 0, -5), At(2027, 3, 14, 3, 0, 0, -4), At(2027, 3, 15, 2, 30, 0, -4)],
            preview.Fires.Select(f => f.Local));
        Assert.Equal([DstMark.None, DstMark.None, DstMark.Gap, DstMark.None], preview.Fires.Select(f => f.Mark));
        Assert.Equal(
            "02:30 does not exist on 2027-03-14: clocks go forward from 02:00 to 03:00 (UTC-05:00 → UTC-04:00), so it fires at 03:00, the end of the gap.",
            preview.Fires[2].Note);
        Assert.Equal(TimeSpan.FromHours(-4), preview.Fires[2].Offset);
        Assert.Equal(Utc(2027, 3, 14, 7), preview.Fires[2].Utc);
        var change = Assert.Single(preview.Changes);
        Assert.Equal(DstMark.Gap, change.Kind);
        Assert.Equal(Utc(2027, 3, 14, 7), change.At);
        Assert.Equal(
            "Clocks go forward 1 h at 02:00 on 2027-03-14 (UTC-05:00 → UTC-04:00): local times from 02:00 up to 03:00 do not exist.", change.Note);
    }

    [Fact]
    public void EveryDayAt0130_AcrossFallBack_MarksTheOverlap_AndFiresOnce()
    {
        var rule = Pattern(RecurrenceCycle.EveryDays, "(America/New_York) 01:30:00,");

        var preview = FirePreviews.Of(rule, MisfirePolicy.Skip, Utc(2027, 11, 5, 12), null, 3);

        Assert.Equal([At(2027, 11, 6, 1, 30, 0, -4), At(2027, 11, 7, 1, 30, 0, -4), At(2027, 11, 8, 1, 30, 0, -5)], preview.Fires.Select(f => f.Local));
        Assert.Equal([DstMark.None, DstMark.Overlap, DstMark.None], preview.Fires.Select(f => f.Mark));
        Assert.Equal(
            "01:30 happens twice on 2027-11-07 (clocks go back from UTC-04:00 to UTC-05:00): it fires once, at the first 01:30 (UTC-04:00).",
            preview.Fires[1].Note);
        var change = Assert.Single(preview.Changes);
        Assert.Equal(DstMark.Overlap, change.Kind);
        Assert.Equal("Clocks go back 1 h at 02:00 on 2027-11-07 (UTC-04:00 → UTC-05:00): local times from 01:00 up to 02:00 happen twice.", change.Note);
    }

    [Fact]
    public void EveryHour_AcrossFallBack_FiresInBothPasses_AndSaysWhich()
    {
        var rule = Pattern(RecurrenceCycle.EveryHours, "(America/New_York) 30:00,");

        var preview = FirePreviews.Of(rule, MisfirePolicy.Skip, Utc(2027, 11, 7, 4), null, 4);

        Assert.Equal([At(2027, 11, 7, 0, 30, 0, -4), At(2027, 11, 7, 1, 30, 0, -4), At(2027, 11, 7, 1, 30, 0, -5), At(2027, 11, 7, 2, 30, 0, -5)],
            preview.Fires.Select(f => f.Local));
        Assert.Equal([DstMark.None, DstMark.Overlap, DstMark.Overlap, DstMark.None], preview.Fires.Select(f => f.Mark));
        Assert.EndsWith("this is the first 01:30 (UTC-04:00); the second fires too.", preview.Fires[1].Note, StringComparison.Ordinal);
        Assert.EndsWith("this is the second 01:30 (UTC-05:00); the schedule counts elapsed time, so it fires in both.", preview.Fires[2].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void AFireAtTheGapEnd_ThatTheScheduleNamesItself_IsNoGap()
    {
        var rule = Pattern(RecurrenceCycle.EveryDays, "(America/New_York) 03:00:00,");

        var preview = FirePreviews.Of(rule, MisfirePolicy.Skip, Utc(2027, 3, 13, 12), null, 1);

        var fire = Assert.Single(preview.Fires);
        Assert.Equal(At(2027, 3, 14, 3, 0, 0, -4), fire.Local);
        Assert.Equal(DstMark.None, fire.Mark);
        Assert.Null(fire.Note);
        Assert.Single(preview.Changes);
    }

    [Fact]
    public void ACronScheduleInTheGap_IsMarkedToo()
    {
        var rule = Cron("30 2 * * *", "America/New_York");

        var preview = FirePreviews.Of(rule, MisfirePolicy.Skip, Utc(2027, 3, 13, 12), null, 2);

        Assert.Equal([DstMark.Gap, DstMark.None], preview.Fires.Select(f => f.Mark));
    }

    [Fact]
    public void AMissedSlotUnderFireOnce_IsCaughtUpFirst()
    {
        var rule = Pattern(RecurrenceCycle.EveryDays, "(America/New_York) 02:30:00,", start: Utc(2027, 1, 1));
        var now = Utc(2027, 1, 3, 12);

        var preview = FirePreviews.Of(rule, MisfirePolicy.FireOnce, now, null, 2);

        Assert.True(preview.Fires[0].CatchUp);
        Assert.Equal(now, preview.Fires[0].Utc);
        Assert.Equal(At(2027, 1, 3, 2, 30, 0, -5), preview.Fires[0].Slot);
        Assert.Equal("Catch-up of the missed slot 2027-01-03 02:30 (UTC-05:00): fires at once.", preview.Fires[0].Note);
        Assert.Equal(At(2027, 1, 4, 2, 30, 0, -5), preview.Fires[1].Local);
        Assert.Empty(preview.Changes);
    }
}
