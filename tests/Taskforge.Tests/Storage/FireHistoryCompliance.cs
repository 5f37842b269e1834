using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Tests.Storage;

/// <summary>
/// The fire history on each dialect, driven on a fake clock: every slot recorded with its outcome, a reason a person
/// can read and the data behind it (late slots after a node was down, refused slots, overlaps, lags), paged newest
/// first, and pruned to the retention.
/// </summary>
public abstract class FireHistoryCompliance : ScheduleNodeTestBase
{
    [Fact]
    public async Task ANodeDownOverSlots_RecordsOneSkippedMisfire_WithHowLateAndThePolicy()
    {
        var node = await StartNodeAsync("node-a");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "greet", Cycle = "every-hours", Pattern = "10:00,", StartAt = Start, StartMode = StartMode.Normal,
        }, Ct);
        Time.Advance(TimeSpan.FromHours(3)); // down from 09:00 to 12:00: the slots 09:10, 10:10 and 11:10 pass without a tick

        await Timers(node).RunOnceAsync(Ct);

        var fire = Assert.Single(await FiresOfAsync(node, schedule.Id, 10));
        Assert.Equal(FireOutcome.SkippedMisfire, fire.Fire.Outcome);
        Assert.Equal(Start.AddHours(2).AddMinutes(10), fire.Fire.Slot); // one record, under the latest slot missed
        Assert.Equal(Start.AddMinutes(10), fire.Fire.Facts.MissedFrom);
        Assert.Equal("skip", fire.Fire.Facts.Misfire);
        Assert.Null(fire.Fire.RunId);
        Assert.Equal(
            "Not run: found 2 h 50 min late (the slots from 2026-01-05 09:10:00 UTC to 2026-01-05 11:10:00 UTC were missed) (the server was down or busy, "
            + "or the schedule suspended), and misfire policy skip does not run late slots.",
            fire.Reason);
        Assert.Equal(Start.AddHours(3).AddMinutes(10), (await Schedules(node).GetAsync(Alice, schedule.Id, Ct)).NextFireAt);
    }

    [Fact]
    public async Task ANodeDownOverSlots_UnderStartInThePast_CatchesUpOnce_SayingWhatItStandsFor()
    {
        var node = await StartNodeAsync("node-a");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "greet", Cycle = "every-hours", Pattern = "10:00,", StartAt = Start, StartMode = StartMode.StartInThePast,
        }, Ct);
        Time.Advance(TimeSpan.FromHours(3));

        await Timers(node).RunOnceAsync(Ct);

        var fire = Assert.Single(await FiresOfAsync(node, schedule.Id, 10));
        Assert.Equal(FireOutcome.Started, fire.Fire.Outcome);
        Assert.Equal("fire-once", fire.Fire.Facts.Misfire);
        Assert.Equal(Start.AddMinutes(10), fire.Fire.Facts.MissedFrom);
        Assert.NotNull(fire.Run);
        Assert.Equal(TimeSpan.FromMinutes(50), fire.Fire.Lag);
        Assert.StartsWith("Caught up 2 h 50 min late (the slots from 2026-01-05 09:10:00 UTC to 2026-01-05 11:10:00 UTC were missed): misfire policy fire-once started run ",
            fire.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOnTimeFire_RecordsItsLagAndRun()
    {
        var node = await StartNodeAsync("node-a");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest { WorkflowId = "greet", StartAt = Start.AddMinutes(1) }, Ct);
        Time.Advance(TimeSpan.FromMinutes(1).Add(TimeSpan.FromMilliseconds(250)));

        await Timers(node).RunOnceAsync(Ct);

        var fire = Assert.Single(await FiresOfAsync(node, schedule.Id, 10));
        Assert.Equal(FireOutcome.Started, fire.Fire.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(250), fire.Fire.Lag);
        Assert.Equal(FireFacts.None, fire.Fire.Facts);
        Assert.Equal($"Started run {fire.Run!.Id} 250 ms after its slot.", fire.Reason);
    }

    [Fact]
    public async Task ASlotWhoseUserLostTheRight_IsRefused_WithTheError_AndTheScheduleInError()
    {
        var node = await StartNodeAsync("node-a");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "greet", Cycle = "every-hours", Pattern = "00:00,", StartAt = Start,
        }, Ct);
        await node.GetRequiredService<WorkflowService>().SetPermissionsAsync(Caller.System, "greet", [new PermissionRule("alice", "r")], Ct);

        await Timers(node).RunOnceAsync(Ct);

        var fire = Assert.Single(await FiresOfAsync(node, schedule.Id, 10));
        Assert.Equal(FireOutcome.Refused, fire.Fire.Outcome);
        Assert.Equal(FireRefusal.RightLost, fire.Fire.Facts.Refusal);
        Assert.Equal("User 'alice' may no longer run workflow 'greet'.", fire.Fire.Facts.Error);
        Assert.Equal("Refused (right-lost): User 'alice' may no longer run workflow 'greet'. The schedule went into error; resume it once that is fixed.", fire.Reason);
        var after = await Schedules(node).GetAsync(Alice, schedule.Id, Ct);
        Assert.Equal(ScheduleState.Error, after.State);
        Assert.Equal(fire.Fire.Facts.Error, after.Error);
    }

    [Fact]
    public async Task ASlotOfADeletedWorkflow_IsRefused_AsWorkflowGone()
    {
        var node = await StartNodeAsync("node-a");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest { WorkflowId = "greet", StartAt = Start.AddMinutes(1) }, Ct);
        await node.GetRequiredService<WorkflowService>().DeleteAsync(Caller.System, "greet", Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        await Timers(node).RunOnceAsync(Ct);

        var fire = Assert.Single(await FiresOfAsync(node, schedule.Id, 10));
        Assert.Equal(FireOutcome.Refused, fire.Fire.Outcome);
        Assert.Equal(FireRefusal.WorkflowGone, fire.Fire.Facts.Refusal);
    }

    [Fact]
    public async Task ASlotWhileTheLastRunIsGoing_UnderOverlapSkip_NamesThatRun()
    {
        var node = await StartNodeAsync("node-a");
        await SaveWorkflowAsync(node, "slow", """{"name":"Slow","permissions":{"alice":"rx"},"steps":[{"type":"wait","duration":"PT1H"}]}""");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "slow", Cycle = "every-minutes", Pattern = "0,", StartAt = Start, Overlap = "skip",
        }, Ct);
        await Timers(node).RunOnceAsync(Ct); // 09:00 starts a run…
        await Runs(node).RunOnceAsync(Ct); // …which waits an hour
        Time.Advance(TimeSpan.FromMinutes(1));

        await Timers(node).RunOnceAsync(Ct);

        var fires = await FiresOfAsync(node, schedule.Id, 10);
        Assert.Equal([FireOutcome.SkippedOverlap, FireOutcome.Started], fires.Select(f => f.Fire.Outcome));
        var running = fires[1].Fire.RunId!;
        Assert.Equal(running, fires[0].Fire.Facts.ActiveRunId);
        Assert.Equal($"Not run: run {running} was still going, and overlap policy skip starts no second run.", fires[0].Reason);
    }

    [Fact]
    public async Task Fires_ArePagedNewestFirst()
    {
        var node = await StartNodeAsync("node-a");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "greet", Cycle = "every-minutes", Pattern = "0,", StartAt = Start,
        }, Ct);
        for (var minute = 0; minute < 5; minute++)
        {
            await Timers(node).RunOnceAsync(Ct);
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await Schedules(node).FiresAsync(Alice, schedule.Id, 2, Ct);
        var second = await Schedules(node).FiresAsync(Alice, schedule.Id, 2, Ct, first.Next);
        var last = await Schedules(node).FiresAsync(Alice, schedule.Id, 2, Ct, second.Next);

        Assert.Equal([Start.AddMinutes(4), Start.AddMinutes(3)], first.Items.Select(f => f.Fire.Slot));
        Assert.Equal([Start.AddMinutes(2), Start.AddMinutes(1)], second.Items.Select(f => f.Fire.Slot));
        Assert.Equal([Start], last.Items.Select(f => f.Fire.Slot));
        Assert.Null(last.Next);
    }

    [Fact]
    public async Task ThePruneTick_DeletesFiresOlderThanTheRetention_ButKeepsEachScheduleItsNewest()
    {
        var node = await StartNodeAsync("node-a", schedules: o => (o.FireHistoryRetention, o.FireHistoryKeepPerSchedule) = (TimeSpan.FromHours(1), 2));
        var kept = await Schedules(node).CreateAsync(Alice, new ScheduleRequest { WorkflowId = "greet", Cycle = "every-minutes", Pattern = "0,", StartAt = Start }, Ct);
        var deleted = await Schedules(node).CreateAsync(Alice, new ScheduleRequest { WorkflowId = "greet", Cycle = "every-minutes", Pattern = "0,", StartAt = Start }, Ct);
        for (var minute = 0; minute < 5; minute++)
        {
            await Timers(node).RunOnceAsync(Ct);
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        await Schedules(node).UpdateAsync(Alice, kept.Id, new ScheduleRequest { State = ScheduleState.Suspended }, Ct);
        await Schedules(node).DeleteAsync(Alice, deleted.Id, Ct);
        var early = await node.GetRequiredService<FireHistoryTick>().RunOnceAsync(Ct);
        Time.Advance(TimeSpan.FromHours(2));
        var pruned = await node.GetRequiredService<FireHistoryTick>().RunOnceAsync(Ct);

        Assert.Equal(0, early);
        Assert.Equal(8, pruned); // 3 of the suspended schedule's 5, all 5 of the deleted one's
        Assert.Equal([Start.AddMinutes(4), Start.AddMinutes(3)], (await FiresOfAsync(node, kept.Id, 10)).Select(f => f.Fire.Slot));
    }
}
