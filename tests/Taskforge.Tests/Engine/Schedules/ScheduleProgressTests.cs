using Taskforge.Engine.Schedules;
using Taskforge.Storage.Rows;
using static Taskforge.Engine.Schedules.ScheduleState;

namespace Taskforge.Tests.Engine.Schedules;

/// <summary>When a schedule is finished (<see cref="ScheduleProgress"/>), and the SQL the store writes out from that rule.</summary>
public sealed class ScheduleProgressTests
{
    [Theory]
    [InlineData(Pending, false, Finished)]
    [InlineData(Running, false, Finished)]
    [InlineData(Pending, true, Pending)]
    [InlineData(Running, true, Running)]
    [InlineData(Suspended, false, Suspended)]
    [InlineData(Error, false, Error)]
    public void Settled_FinishesOnlyASchedule_ThatCouldStillFire(ScheduleState state, bool hasNextFire, ScheduleState expected) =>
        Assert.Equal(expected, ScheduleProgress.Settled(state, hasNextFire));

    [Theory]
    [InlineData(Running, true, Pending)]
    [InlineData(Running, false, Finished)]
    [InlineData(Pending, false, Pending)]
    [InlineData(Suspended, true, Suspended)]
    public void AfterRunEnded_OnlyMovesARunningSchedule(ScheduleState state, bool hasNextFire, ScheduleState expected) =>
        Assert.Equal(expected, ScheduleProgress.AfterRunEnded(state, hasNextFire));

    [Fact]
    public void AfterFire_StartedRuns_ErrorFails_OthersSettle()
    {
        Assert.Equal(Running, ScheduleProgress.AfterFire(FireOutcome.Started));
        Assert.Equal(Error, ScheduleProgress.AfterFire(FireOutcome.Refused));
        Assert.Null(ScheduleProgress.AfterFire(FireOutcome.SkippedOverlap));
        Assert.Null(ScheduleProgress.AfterFire(FireOutcome.Dropped));
    }

    [Fact]
    public void AfterPlanning_ReopensAFinishedSchedule_AndFinishesOneWithNoFireLeft_UnlessItsRunGoesOn()
    {
        Assert.Equal(Pending, ScheduleProgress.AfterPlanning(Finished, hasNextFire: true, runGoing: false));
        Assert.Equal(Finished, ScheduleProgress.AfterPlanning(Pending, hasNextFire: false, runGoing: false));
        Assert.Equal(Running, ScheduleProgress.AfterPlanning(Running, hasNextFire: false, runGoing: true));
    }

    [Fact]
    public void TheStore_WritesTheRulesOut_AsSql()
    {
        Assert.Equal("CASE state WHEN 'running' THEN CASE WHEN next_fire_at IS NOT NULL THEN 'pending' ELSE 'finished' END ELSE state END",
            ScheduleStateSql.AfterRunEnded("next_fire_at IS NOT NULL"));
        Assert.Equal("CASE state WHEN 'pending' THEN CASE WHEN x THEN 'pending' ELSE 'finished' END WHEN 'running' THEN CASE WHEN x THEN 'running' ELSE 'finished' END ELSE state END",
            ScheduleStateSql.Settled("x"));
        Assert.Equal("CASE @Outcome WHEN 'started' THEN 'running' WHEN 'refused' THEN 'error' END", ScheduleStateSql.AfterFire("@Outcome"));
    }
}
