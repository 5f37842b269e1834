using System.Diagnostics;
using Taskforge.Engine.Schedules.Recurrence;
using static Taskforge.Tests.Engine.Schedules.Recurrences;

namespace Taskforge.Tests.Engine.Schedules;

public sealed class FirePlannerTests
{
    private static readonly DateTimeOffset Now = Utc(2026, 3, 1, 12, 20);

    private static readonly RecurrenceRule Hourly = Pattern(RecurrenceCycle.EveryHours, "(UTC) 00:00,", start: Utc(2026, 3, 1, 6));

    [Fact]
    public void Next_Normal_StartInThePast_FirstFireIsTheNextFutureOccurrence()
    {
        var fire = FirePlanner.Next(Hourly, StartMode.Normal, Now, lastFiredSlot: null);

        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 13), Utc(2026, 3, 1, 13), IsCatchUp: false), fire);
    }

    [Fact]
    public void Next_Normal_StartInTheFuture_FirstFireIsTheStartOccurrence()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryHours, "(UTC) 00:00,", start: Utc(2026, 3, 2, 6));

        Assert.Equal(Utc(2026, 3, 2, 6), FirePlanner.Next(recurrence, StartMode.Normal, Now, null)!.Value.Slot);
    }

    [Fact]
    public void Next_Normal_AnOccurrenceExactlyNow_IsDueNow()
    {
        var fire = FirePlanner.Next(Hourly, StartMode.Normal, Utc(2026, 3, 1, 12), null);

        Assert.Equal(Utc(2026, 3, 1, 12), fire!.Value.Slot);
        Assert.False(fire.Value.IsCatchUp);
    }

    [Fact]
    public void Next_Normal_MissedOccurrencesAfterTheLastFire_NeverRun()
    {
        var fire = FirePlanner.Next(Hourly, StartMode.Normal, Now, lastFiredSlot: Utc(2026, 3, 1, 7));

        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 13), Utc(2026, 3, 1, 13), false), fire);
    }

    [Fact]
    public void Next_Normal_OneTimeInThePast_IsFinishedWithoutRunning()
    {
        var recurrence = Pattern(RecurrenceCycle.OneTime, "(Europe/Zurich) ", start: Utc(1985, 1, 6, 5, 2));

        Assert.Null(FirePlanner.Next(recurrence, StartMode.Normal, Now, null));
    }

    [Fact]
    public void Next_Normal_OneTimeInTheFuture_FiresAtItsStart()
    {
        var recurrence = Pattern(RecurrenceCycle.OneTime, "", start: Utc(2050, 1, 6, 5, 2));

        Assert.Equal(new ScheduledFire(Utc(2050, 1, 6, 5, 2), Utc(2050, 1, 6, 5, 2), false), FirePlanner.Next(recurrence, StartMode.Normal, Now, null));
    }

    [Fact]
    public void Next_StartInThePast_CatchesUpOnceNow_NamedAfterTheLatestMissedSlot_ThenContinues()
    {
        var first = FirePlanner.Next(Hourly, StartMode.StartInThePast, Now, lastFiredSlot: null);

        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 12), Now, IsCatchUp: true), first);

        var second = FirePlanner.Next(Hourly, StartMode.StartInThePast, Now, lastFiredSlot: first!.Value.Slot);

        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 13), Utc(2026, 3, 1, 13), false), second);
    }

    [Fact]
    public void Next_StartInThePast_NothingMissed_IsTheNextOccurrence()
    {
        var fire = FirePlanner.Next(Hourly, StartMode.StartInThePast, Now, lastFiredSlot: Utc(2026, 3, 1, 12));

        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 13), Utc(2026, 3, 1, 13), false), fire);
    }

    [Fact]
    public void Next_StartInThePast_AfterDowntime_CatchesUpOnce()
    {
        var fire = FirePlanner.Next(Hourly, StartMode.StartInThePast, Now, lastFiredSlot: Utc(2026, 3, 1, 7));

        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 12), Now, true), fire);
    }

    [Fact]
    public void Next_StartInThePast_OneTimeInThePast_RunsOnceAtOnce_ThenFinishes()
    {
        var recurrence = Pattern(RecurrenceCycle.OneTime, "(Europe/Zurich) ", start: Utc(1985, 1, 6, 5, 2));

        var fire = FirePlanner.Next(recurrence, StartMode.StartInThePast, Now, null);

        Assert.Equal(new ScheduledFire(Utc(1985, 1, 6, 5, 2), Now, true), fire);
        Assert.Null(FirePlanner.Next(recurrence, StartMode.StartInThePast, Now, fire!.Value.Slot));
    }

    [Fact]
    public void Next_StartInThePast_EndPassed_CatchesUpTheLastSlotBeforeTheEnd_ThenFinishes()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(UTC) 10:00,", start: Utc(2026, 1, 1), end: Utc(2026, 2, 1));

        var fire = FirePlanner.Next(recurrence, StartMode.StartInThePast, Now, null);

        Assert.Equal(new ScheduledFire(Utc(2026, 1, 31, 10), Now, true), fire);
        Assert.Null(FirePlanner.Next(recurrence, StartMode.StartInThePast, Now, fire!.Value.Slot));
    }

    [Fact]
    public void Next_StartInThePast_DecadesOfEveryMinutes_IsQuick()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMinutes, "(Europe/Zurich) 30,", start: Utc(1985, 1, 6, 5, 2));
        var watch = Stopwatch.StartNew();

        var fire = FirePlanner.Next(recurrence, StartMode.StartInThePast, Now, null);

        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 12, 19, 30), Now, true), fire);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public void MissedSlotsToFire_Skip_FiresNone()
    {
        Assert.Empty(FirePlanner.MissedSlotsToFire(Hourly, Utc(2026, 3, 1, 7), Now, MisfirePolicy.Skip));
    }

    [Fact]
    public void MissedSlotsToFire_FireOnce_IsTheLatestMissedSlot()
    {
        Assert.Equal([Utc(2026, 3, 1, 12)], FirePlanner.MissedSlotsToFire(Hourly, Utc(2026, 3, 1, 7), Now, MisfirePolicy.FireOnce));
        Assert.Empty(FirePlanner.MissedSlotsToFire(Hourly, Utc(2026, 3, 1, 12), Now, MisfirePolicy.FireOnce));
    }

    [Fact]
    public void MissedSlotsToFire_FireAllWithinWindow_OnlyTheRecentOnes_OldestFirst()
    {
        var slots = FirePlanner.MissedSlotsToFire(Hourly, Utc(2026, 3, 1, 7), Now, MisfirePolicy.FireAllWithinWindow(TimeSpan.FromHours(3)));

        Assert.Equal([Utc(2026, 3, 1, 10), Utc(2026, 3, 1, 11), Utc(2026, 3, 1, 12)], slots);
    }

    [Fact]
    public void MissedSlotsToFire_FireAllWithinWindow_NeverBeforeTheLastFiredSlot_NorAtNow()
    {
        var policy = MisfirePolicy.FireAllWithinWindow(TimeSpan.FromDays(1));

        Assert.Equal([Utc(2026, 3, 1, 11)], FirePlanner.MissedSlotsToFire(Hourly, Utc(2026, 3, 1, 10), Utc(2026, 3, 1, 12), policy));
    }

    [Fact]
    public void MissedSlotsToFire_AnEndlessWindow_ReachesBackToTheStart()
    {
        var slots = FirePlanner.MissedSlotsToFire(Hourly, null, Now, MisfirePolicy.FireAllWithinWindow(TimeSpan.MaxValue));

        Assert.Equal(Enumerable.Range(6, 7).Select(h => Utc(2026, 3, 1, h)), slots);
    }

    [Fact]
    public void MissedSlotsToFire_IsBounded_AndTheNextCallContinues()
    {
        var everyMinute = Pattern(RecurrenceCycle.EveryMinutes, "(UTC) 0,", start: Utc(2026, 1, 1));
        var policy = MisfirePolicy.FireAllWithinWindow(TimeSpan.FromDays(30));

        var first = FirePlanner.MissedSlotsToFire(everyMinute, null, Now, policy);
        var second = FirePlanner.MissedSlotsToFire(everyMinute, first[^1], Now, policy);

        Assert.Equal(FirePlanner.MaxMissedSlots, first.Count);
        Assert.Equal(Now - TimeSpan.FromDays(30), first[0]);
        Assert.Equal(first[^1].AddMinutes(1), second[0]);
        Assert.Equal(5, FirePlanner.MissedSlotsToFire(everyMinute, null, Now, policy, max: 5).Count);
    }

    [Fact]
    public void Next_FireAllWithinWindow_HandsOutOneMissedSlotAtATime()
    {
        var policy = MisfirePolicy.FireAllWithinWindow(TimeSpan.FromHours(2));

        var first = FirePlanner.Next(Hourly, policy, Now, Utc(2026, 3, 1, 7));
        var second = FirePlanner.Next(Hourly, policy, Now, first!.Value.Slot);
        var third = FirePlanner.Next(Hourly, policy, Now, second!.Value.Slot);

        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 11), Now, true), first);
        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 12), Now, true), second);
        Assert.Equal(new ScheduledFire(Utc(2026, 3, 1, 13), Utc(2026, 3, 1, 13), false), third);
    }

    [Fact]
    public void FireAllWithinWindow_NeedsAPositiveWindow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MisfirePolicy.FireAllWithinWindow(TimeSpan.Zero));
    }
}
