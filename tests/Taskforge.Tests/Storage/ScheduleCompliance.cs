using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage;

namespace Taskforge.Tests.Storage;

/// <summary>
/// Schedules end to end below the faces, on each dialect, driven tick by tick on a fake clock: fires at the right
/// instants, each slot exactly once with several nodes, after a node dies mid-batch, and rights checked at fire time.
/// </summary>
public abstract class ScheduleCompliance : ScheduleNodeTestBase
{
    [Fact]
    public async Task OneTimeSchedule_FiresOnceAtItsInstant_AndFinishesWhenItsRunEnds()
    {
        var node = await StartNodeAsync("node-a");
        var due = Time.GetUtcNow().AddMinutes(1);
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            Name = "Greet later", WorkflowId = "greet", Inputs = Inputs(("who", "Ada")), Cycle = "one-time", Pattern = "(Europe/Zurich) ", StartAt = due,
        }, Ct);

        var early = await Timers(node).RunOnceAsync(Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        var fired = await Timers(node).RunOnceAsync(Ct);
        var running = await Schedules(node).GetAsync(Alice, schedule.Id, Ct);
        await Runs(node).RunOnceAsync(Ct);
        var finished = await Schedules(node).GetAsync(Alice, schedule.Id, Ct);
        var fires = await FiresOfAsync(node, schedule.Id, 10);

        Assert.Equal(due, schedule.NextFireAt);
        Assert.Equal(0, early);
        Assert.Equal(1, fired);
        Assert.Equal(ScheduleState.Running, running.State);
        Assert.Equal(ScheduleState.Finished, finished.State);
        var (fire, run, _) = Assert.Single(fires);
        Assert.Equal(due, fire.Slot);
        Assert.Equal(RunState.Completed, run!.State);
        Assert.Equal("alice", run.StartedBy);
        Assert.Equal("Hello, Ada", JsonNode.Parse(run.Variables)!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATimerClaimedAhead_CommitsOnlyOnceItIsDue()
    {
        var node = await StartNodeAsync("node-a");
        var due = Time.GetUtcNow().AddMilliseconds(150); // inside the 200 ms lookahead
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest { WorkflowId = "greet", StartAt = due }, Ct);

        var waiting = Time.Waiting;
        var round = Task.Run(() => Timers(node).RunOnceAsync(Ct), Ct);
        await Time.UntilWaitingAsync(waiting, Ct, () => round.IsCompleted); // claimed ahead, prepared, waiting for its instant
        var before = await FiresOfAsync(node, schedule.Id, 10);
        Time.Advance(TimeSpan.FromMilliseconds(150));
        var claimed = await round;

        Assert.Empty(before);
        Assert.Equal(1, claimed);
        var fire = Assert.Single(await FiresOfAsync(node, schedule.Id, 10));
        Assert.True(fire.Fire.FiredAt >= due, $"fired at {fire.Fire.FiredAt:O}, due {due:O}");
    }

    [Fact]
    public async Task FullBatchesDueAtOneInstant_AreClaimedAheadTogether_AndAllCommitAtThatInstant()
    {
        // Batches of 3, at most 2 in flight: 9 timers due at one instant are claimed as three full batches.
        var node = await StartNodeAsync("node-a", timers => (timers.BatchSize, timers.BatchesInFlight) = (3, 2));
        var due = Time.GetUtcNow().AddMilliseconds(150); // inside the 200 ms lookahead
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            ids.Add((await Schedules(node).CreateAsync(Alice, new ScheduleRequest { WorkflowId = "greet", StartAt = due }, Ct)).Id);
        }

        var waiting = Time.Waiting;
        var round = Task.Run(() => Timers(node).RunOnceAsync(Ct), Ct);
        await WaitUntilAsync(async () => await LeasedTimersAsync("node-a") == 6);
        // Both batches in flight wait for their instant; the third waits for room: two batches in flight at most.
        await Time.UntilWaitingAsync(waiting + 1, Ct, () => round.IsCompleted);
        var leasedBeforeDue = await LeasedTimersAsync("node-a");
        var firedBeforeDue = 0;
        foreach (var id in ids)
        {
            firedBeforeDue += (await FiresOfAsync(node, id, 10)).Count;
        }

        Time.Advance(TimeSpan.FromMilliseconds(150));
        var claimed = await round;

        Assert.Equal(6, leasedBeforeDue);
        Assert.Equal(0, firedBeforeDue);
        Assert.Equal(9, claimed);
        foreach (var id in ids)
        {
            var fire = Assert.Single(await FiresOfAsync(node, id, 10));
            Assert.Equal(due, fire.Fire.FiredAt); // the fake clock stands at the due instant: no batch committed early or late
        }
    }

    [Fact]
    public async Task ThreeNodes_FireEverySlotExactlyOnce()
    {
        var nodes = new[] { await StartNodeAsync("node-a"), await StartNodeAsync("node-b"), await StartNodeAsync("node-c") };
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await Schedules(nodes[0]).CreateAsync(Alice, new ScheduleRequest
            {
                WorkflowId = "greet", Cycle = "every-minutes", Pattern = "(UTC) 0,", StartAt = Time.GetUtcNow(),
            }, Ct)).Id);
        }

        for (var minute = 0; minute < 5; minute++)
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAll(nodes.Select(n => Task.Run(async () =>
            {
                for (var round = 0; round < 3; round++)
                {
                    await Timers(n).RunOnceAsync(Ct);
                }
            }, Ct)));
        }

        foreach (var id in ids)
        {
            var slots = (await FiresOfAsync(nodes[0], id, 100)).Select(f => f.Fire.Slot).Order().ToList();
            // Created at 09:00:00, so 09:00 is the first occurrence (normal start mode: at or after now), then one a minute.
            Assert.Equal(Enumerable.Range(0, 6).Select(m => Start.AddMinutes(m)).ToList(), slots);
        }
    }

    [Fact]
    public async Task ANodeThatDiesAfterClaiming_LosesItsSlotsToAnother_WhichFiresThemOnce()
    {
        var a = await StartNodeAsync("node-a");
        var b = await StartNodeAsync("node-b");
        var schedule = await Schedules(a).CreateAsync(Alice, new ScheduleRequest { WorkflowId = "greet", StartAt = Time.GetUtcNow().AddSeconds(10) }, Ct);
        Time.Advance(TimeSpan.FromSeconds(10));
        var claimedByA = await a.GetRequiredService<ITimerStore>().ClaimDueAsync("node-a", Time.GetUtcNow(), TimeSpan.FromSeconds(30), 10, Ct);

        var whileLeased = await Timers(b).RunOnceAsync(Ct);
        Time.Advance(TimeSpan.FromSeconds(31));
        var afterLease = await Timers(b).RunOnceAsync(Ct);
        var lateApply = await a.GetRequiredService<IScheduleStore>().ApplyFiresAsync("node-a", [new FireCommand(claimedByA[0].SlotAt, Time.GetUtcNow(),
            FireOutcome.Started, null, null, (await Schedules(a).GetAsync(Alice, schedule.Id, Ct)) with { NextFireAt = null })], Ct);

        Assert.Single(claimedByA);
        Assert.Equal(0, whileLeased);
        Assert.Equal(1, afterLease);
        Assert.Empty(lateApply);
        Assert.Single(await FiresOfAsync(a, schedule.Id, 10));
    }

    [Fact]
    public async Task ChangingPermissions_LeavesAClaimedTimerWithItsNode()
    {
        var a = await StartNodeAsync("node-a");
        var b = await StartNodeAsync("node-b");
        var schedule = await Schedules(a).CreateAsync(Alice, new ScheduleRequest { WorkflowId = "greet", StartAt = Time.GetUtcNow().AddSeconds(10) }, Ct);
        Time.Advance(TimeSpan.FromSeconds(10));
        var claimedByA = await a.GetRequiredService<ITimerStore>().ClaimDueAsync("node-a", Time.GetUtcNow(), TimeSpan.FromSeconds(30), 10, Ct);

        var rules = await Schedules(b).AddPermissionsAsync(Alice, schedule.Id, [new PermissionRule("ops", "r"), new PermissionRule("OPS", "c")], Ct);
        var takenByB = await Timers(b).RunOnceAsync(Ct);
        var stored = await Schedules(b).PermissionsAsync(Alice, schedule.Id, Ct);

        Assert.Single(claimedByA);
        Assert.Equal([new PermissionRule("ops", "rc")], rules);
        Assert.Equal(rules, stored);
        Assert.Equal(0, takenByB);
    }

    [Fact]
    public async Task AFireThatCannotStart_PutsTheScheduleInError_WithTheReason()
    {
        var node = await StartNodeAsync("node-a");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "greet", Cycle = "every-hours", Pattern = "00:00,", StartAt = Time.GetUtcNow(),
        }, Ct);
        await node.GetRequiredService<WorkflowService>().SetPermissionsAsync(Caller.System, "greet", [new PermissionRule("alice", "r")], Ct);

        await Timers(node).RunOnceAsync(Ct); // the 09:00 slot is due at once

        var failed = await Schedules(node).GetAsync(Alice, schedule.Id, Ct);
        Assert.Equal(ScheduleState.Error, failed.State);
        Assert.Contains("may no longer run workflow 'greet'", failed.Error, StringComparison.Ordinal);
        Assert.Null(failed.NextFireAt);
    }

    [Fact]
    public async Task Resume_StartInThePast_CatchesUpOnce_ThenFollowsThePattern()
    {
        var node = await StartNodeAsync("node-a");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "greet", Cycle = "every-hours", Pattern = "30:00,", StartAt = Time.GetUtcNow(), StartMode = StartMode.StartInThePast,
        }, Ct);
        await Schedules(node).UpdateAsync(Alice, schedule.Id, new ScheduleRequest { State = ScheduleState.Suspended, PauseReason = "maintenance" }, Ct);
        Time.Advance(TimeSpan.FromHours(3)); // three slots missed while suspended

        var resumed = await Schedules(node).UpdateAsync(Alice, schedule.Id, new ScheduleRequest { State = ScheduleState.Pending }, Ct);
        await Timers(node).RunOnceAsync(Ct);
        await Timers(node).RunOnceAsync(Ct);
        var after = await Schedules(node).GetAsync(Alice, schedule.Id, Ct);

        Assert.Equal(Time.GetUtcNow(), resumed.NextFireAt); // one catch-up, now
        var fire = Assert.Single(await FiresOfAsync(node, schedule.Id, 10));
        Assert.Equal(Start.AddHours(2).AddMinutes(30), fire.Fire.Slot); // identified by the latest missed slot
        Assert.Equal(Start.AddHours(3).AddMinutes(30), after.NextFireAt);
    }

    [Theory]
    [InlineData(StartMode.Normal, 0)]
    [InlineData(StartMode.StartInThePast, 1)]
    public async Task AfterTheServerWasDown_NormalSkipsTheMissedSlots_StartInThePastRunsOnce(StartMode mode, int runs)
    {
        var node = await StartNodeAsync("node-a");
        var schedule = await Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "greet", Cycle = "every-hours", Pattern = "10:00,", StartAt = Time.GetUtcNow(), StartMode = mode,
        }, Ct);
        Time.Advance(TimeSpan.FromHours(3)); // down: no tick ran for three slots

        await Timers(node).RunOnceAsync(Ct);
        await Timers(node).RunOnceAsync(Ct);
        var after = await Schedules(node).GetAsync(Alice, schedule.Id, Ct);
        var fires = await FiresOfAsync(node, schedule.Id, 10);

        Assert.Equal(runs, fires.Count(f => f.Run is not null));
        Assert.Equal(Start.AddHours(3).AddMinutes(10), after.NextFireAt);
    }

    [Fact]
    public async Task Create_ReportsEveryBadField_AndNeedsTheExecuteRight()
    {
        var node = await StartNodeAsync("node-a");
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "greet", Cycle = "every-days", Pattern = "25:00:00,", StartAt = Time.GetUtcNow(), EndAt = Time.GetUtcNow().AddDays(-1),
        }, Ct));
        await node.GetRequiredService<WorkflowService>().SetPermissionsAsync(Caller.System, "greet", [new PermissionRule("alice", "r")], Ct);
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Schedules(node).CreateAsync(Alice, new ScheduleRequest
        {
            WorkflowId = "greet", StartAt = Time.GetUtcNow(),
        }, Ct));

        Assert.Contains("recurrence-pattern", bad.Errors.Keys);
        Assert.Contains("recurrence-end-date", bad.Errors.Keys);
        Assert.NotNull(denied);
    }

    private async Task<long> LeasedTimersAsync(string node)
    {
        await using var connection = await Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM timers WHERE lease_owner = '{node}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); !await condition(); await Task.Delay(10, Ct))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "timed out waiting for the condition");
        }
    }
}
