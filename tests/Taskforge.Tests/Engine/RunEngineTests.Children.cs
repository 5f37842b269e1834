using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Taskforge.Engine;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Tests.Engine;

// Workflow steps (child runs), leases kept alive through long steps, and runs handed to the node that started them.
public sealed partial class RunEngineTests
{
    private const string Doubler = """
        {"name":"Double","input-parameters":[{"name":"n","type":"number","required":true}],"output-parameters":[{"name":"result","type":"number"}],
         "steps":[{"type":"script","script":"if (n < 0) throw new Error('negative: ' + n); result = n * 2;"}]}
        """;

    private const string Caller_ = """
        {"name":"Call double","input-parameters":[{"name":"x","type":"number"}],"output-parameters":[{"name":"y","type":"number"}],
         "steps":[{"id":"call","type":"workflow","workflow":"double","inputs":{"n":"x + 1"},"outputs":{"y":"result"}},
                  {"type":"script","script":"y = y + 1;"}]}
        """;

    [Fact]
    public async Task WorkflowStep_WaitsForTheChild_AndTakesItsOutputs()
    {
        await DefineAsync("double", Doubler);
        await DefineAsync("caller", Caller_);
        var parent = await _runs.StartAsync(Caller.System, "caller", Inputs(("x", 4)), Ct);

        await _tick.RunOnceAsync(Ct);
        var waiting = await _store.FindAsync(parent.Id, Ct);
        await DriveUntilFinalAsync(parent.Id);

        Assert.Equal(RunState.WaitingSignal, waiting!.State);
        var done = await _store.FindAsync(parent.Id, Ct);
        Assert.Equal(RunState.Completed, done!.State);
        Assert.Equal(11, JsonNode.Parse(done.Variables)!["y"]!.GetValue<double>());
        var child = Assert.Single(await _store.ListForWorkflowAsync("double", 0, 10, Ct));
        Assert.Equal(parent.Id, child.ParentRunId);
        Assert.Equal(RunState.Completed, child.State);
        Assert.Equal(5, JsonNode.Parse(child.Inputs)!["n"]!.GetValue<double>());
    }

    [Fact]
    public async Task WorkflowStep_FailsTheParent_WhenTheChildFails()
    {
        await DefineAsync("double", Doubler);
        await DefineAsync("caller", Caller_);
        var parent = await _runs.StartAsync(Caller.System, "caller", Inputs(("x", -3)), Ct);

        await DriveUntilFinalAsync(parent.Id);

        var failed = await _store.FindAsync(parent.Id, Ct);
        Assert.Equal(RunState.Failed, failed!.State);
        Assert.Contains("Workflow 'double'", failed.Error, StringComparison.Ordinal);
        Assert.Contains("negative: -2", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowStep_FailsTheParent_WhenTheChildCannotStart()
    {
        await DefineAsync("double", Doubler);
        await DefineAsync("bad", """{"name":"Bad","steps":[{"type":"workflow","workflow":"double","inputs":{"n":"'many'"}}]}""");
        await DefineAsync("ghost", """{"name":"Ghost","steps":[{"type":"workflow","workflow":"nowhere"}]}""");
        var bad = await _runs.StartAsync(Caller.System, "bad", Inputs(), Ct);
        var ghost = await _runs.StartAsync(Caller.System, "ghost", Inputs(), Ct);

        await DriveUntilFinalAsync(bad.Id);
        await DriveUntilFinalAsync(ghost.Id);

        Assert.Contains("n ", (await _store.FindAsync(bad.Id, Ct))!.Error, StringComparison.Ordinal);
        Assert.Contains("'nowhere', which does not exist", (await _store.FindAsync(ghost.Id, Ct))!.Error, StringComparison.Ordinal);
        Assert.Empty(await _store.ListForWorkflowAsync("double", 0, 10, Ct));
    }

    [Fact]
    public async Task Cancel_OfAParentWaitingForItsChild_CancelsTheChild()
    {
        await DefineAsync("sleepy", """{"name":"Sleepy","steps":[{"type":"wait","duration":"P1D"}]}""");
        await DefineAsync("outer", """{"name":"Outer","steps":[{"type":"workflow","workflow":"sleepy"}]}""");
        var parent = await _runs.StartAsync(Caller.System, "outer", Inputs(), Ct);
        await _tick.RunOnceAsync(Ct);
        await _tick.RunOnceAsync(Ct);
        var child = Assert.Single(await _store.ListForWorkflowAsync("sleepy", 0, 10, Ct));
        Assert.Equal(RunState.Waiting, child.State);

        await _runs.CancelAsync(Caller.System, "outer", parent.Id, Ct);
        await DriveUntilFinalAsync(parent.Id);
        await DriveUntilFinalAsync(child.Id);

        Assert.Equal(RunState.Canceled, (await _store.FindAsync(parent.Id, Ct))!.State);
        Assert.Equal(RunState.Canceled, (await _store.FindAsync(child.Id, Ct))!.State);
    }

    [Fact]
    public async Task LongStep_KeepsItsLease_SoNoOtherNodeTakesTheRunOver()
    {
        await DefineAsync("slow", """{"name":"Slow","steps":[{"type":"http","url":"https://api.example.test/v1/slow","timeout":"PT5M"}]}""");
        var run = await _runs.StartAsync(Caller.System, "slow", Inputs(), Ct);
        _http.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var other = NewTick("other-node");

        var round = Task.Run(() => _tick.RunOnceAsync(Ct), Ct);
        await WaitForAsync(() => _http.Requests.Count == 1);
        var renewals = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(11)); // 66 s in all, more than twice the 30 s lease
            renewals.Add(await _tick.RenewLeasesAsync(Ct));
            Assert.Equal(0, await other.RunOnceAsync(Ct));
        }

        _http.Gate.SetResult();
        await round;

        Assert.Equal([1, 1, 1, 1, 1, 1], renewals);
        Assert.Equal(RunState.Completed, (await _store.FindAsync(run.Id, Ct))!.State);
    }

    [Fact]
    public async Task Cancel_ReceivedByAnotherNode_InterruptsALongStep_AtTheNextLeaseRenewal()
    {
        await DefineAsync("slow", """{"name":"Slow","steps":[{"type":"http","url":"https://api.example.test/v1/slow","timeout":"PT5M"},{"type":"end"}]}""");
        var run = await _runs.StartAsync(Caller.System, "slow", Inputs(), Ct);
        _http.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var elsewhere = new RunService(_workflows, _store, new RunWakeSignal(_time), new RunCancellations(), _time);

        var round = Task.Run(() => _tick.RunOnceAsync(Ct), Ct);
        await WaitForAsync(() => _http.Requests.Count == 1);
        await elsewhere.CancelAsync(Caller.System, "slow", run.Id, Ct);
        _time.Advance(TimeSpan.FromSeconds(11));
        await _tick.RenewLeasesAsync(Ct);
        await round;

        Assert.Equal(RunState.Canceled, (await _store.FindAsync(run.Id, Ct))!.State);
    }

    [Fact]
    public async Task Start_HandsTheRunToThisNode_LeasedSoNoOtherNodeClaimsIt()
    {
        await DefineAsync("hello", """{"name":"Hi","steps":[{"type":"script","script":"System.log('hi');"}]}""");
        var options = Options.Create(new RunOptions { MaxActiveRuns = 1 });
        var handoff = new RunHandoff(options, Options.Create(new NodeOptions { Id = "test-node" }));
        var service = new RunService(_workflows, _store, _wake, _running, _time, handoff);
        var tick = NewTick("test-node", handoff);

        var local = await service.StartAsync(Caller.System, "hello", Inputs(), Ct);
        var overflow = await service.StartAsync(Caller.System, "hello", Inputs(), Ct); // no room left: stored for any node
        var stored = await _store.FindAsync(local.Id, Ct);
        var claimedElsewhere = await NewTick("other-node").RunOnceAsync(Ct);
        var drivenHere = await tick.RunOnceAsync(Ct);

        Assert.Equal("test-node", stored!.LeaseOwner);
        Assert.Equal(RunState.Completed, (await _store.FindAsync(overflow.Id, Ct))!.State);
        Assert.Equal(1, claimedElsewhere);
        Assert.Equal(1, drivenHere);
        Assert.Equal(RunState.Completed, (await _store.FindAsync(local.Id, Ct))!.State);
        Assert.True(handoff.TryReserve(), "the room taken by the driven run is given back");
    }

    [Fact]
    public async Task ASecureStringAScriptLogs_IsMaskedInTheRunLog()
    {
        await DefineAsync("leaky", """
            {"name":"Leaky","input-parameters":[{"name":"password","type":"SecureString"}],
             "steps":[{"type":"script","script":"System.log('connecting with ' + password + ' now'); System.warn(password);"}]}
            """);
        var run = await _runs.StartAsync(Caller.System, "leaky", Inputs(("password", "hunter2")), Ct);

        await _tick.RunOnceAsync(Ct);

        var logs = await _store.ListLogsAsync(run.Id, 100, Ct);
        Assert.Contains(logs, l => l.Message == "connecting with ******** now");
        Assert.DoesNotContain(logs, l => l.Message.Contains("hunter2", StringComparison.Ordinal));
    }

    private RunTick NewTick(string node, RunHandoff? handoff = null) =>
        new(_store, _definitions, new ScriptRunner(_time, new ScriptLimits()), _http, new RunCancellations(), _time,
            Options.Create(new RunOptions()), Options.Create(new NodeOptions { Id = node }), Options.Create(_allowed), _wake, handoff);

    private async Task DriveUntilFinalAsync(string runId)
    {
        for (var round = 0; round < 10; round++)
        {
            if (RunStates.IsFinal((await _store.FindAsync(runId, Ct))!.State))
            {
                return;
            }

            await _tick.RunOnceAsync(Ct);
        }

        Assert.Fail($"Run {runId} did not end in 10 rounds.");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(condition(), "timed out waiting");
    }
}
