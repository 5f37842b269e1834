using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Server.Faces.Htm;
using Taskforge.Tests.Engine.HumanTasks;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

// Invocation tasks: starting one runs its workflow; the run's end ends the task, even when it reaches another node.
public abstract partial class WorkflowTaskCompliance
{
    private const string Check = """
        {"name": "Check", "kind": "invocation",
         "input": {"element": "checkRequest", "fields": [{"name": "amount", "type": "decimal", "required": true}]},
         "output": {"element": "checkResponse", "fields": [{"name": "verdict", "type": "string"}]},
         "faults": {"tooHigh": {"element": "tooHigh", "fields": [{"name": "limit", "type": "decimal"}]}},
         "roles": {"potentialStarters": "everybody", "potentialInstanceCreators": "everybody"},
         "invocation": {"workflow": "check", "inputs": {"amount": "amount"}, "outputs": {"verdict": "verdict"}}}
        """;

    private const string CheckWorkflow = """
        {"name": "Check", "permissions": {"everybody": "rx"},
         "input-parameters": [{"name": "amount", "type": "number"}],
         "output-parameters": [{"name": "verdict", "type": "string"}],
         "attributes": [{"name": "limit", "type": "number", "value": 100}],
         "steps": [{"type": "decision", "branches": [{"condition": "amount > 1000", "next": "broken"}, {"condition": "amount > limit", "next": "high"},
                                                       {"condition": "amount < 0", "next": "slow"}], "default": "ok"},
                   {"id": "ok", "type": "script", "script": "verdict = 'fine: ' + amount;", "next": "done"},
                   {"id": "high", "type": "fail", "fault": "tooHigh", "message": "Over the limit"},
                   {"id": "broken", "type": "script", "script": "throw new Error('no such budget');"},
                   {"id": "slow", "type": "wait", "duration": "P1D"},
                   {"id": "done", "type": "end"}]}
        """;

    [Fact]
    public async Task TheSampleSayHello_RunsHello_AndFinishesWithTheGreeting()
    {
        var node = NewNode("node-a");
        await SaveWorkflowAsync(node, "hello", RepoFiles.Read("samples", "workflows", "hello.json"));
        var template = await SaveTemplateAsync(node, RepoFiles.Read("samples", "task-templates", "say-hello.yaml"), yaml: true);

        var created = await Tasks(node).CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Async,
            Input: BusinessMessage.FromJson(new JsonObject { ["person"] = "Ada" })), Ct);
        var run = await RunAsync(node, created.Task.InvokedRunId!);
        await Service<RunTick>(node).RunOnceAsync(Ct);
        await Service<TimerTick>(node).RunOnceAsync(Ct);
        var done = await Tasks(node).GetAsync(Olga, created.Task.Id, Ct);

        Assert.Equal(TaskState.Running, created.Task.State);
        Assert.Equal(("olga", created.Task.Id), (run.StartedBy, run.TaskId));
        Assert.Equal("Ada", JsonNode.Parse(run.Inputs)!["name"]!.GetValue<string>());
        Assert.Equal(TaskState.Finished, done.Task.State);
        Assert.Contains("<greeting>Hello, Ada</greeting>", done.Task.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingWorkflow_FailsItsTask_WithTheNamedFault_OrWithItsReason_AndACancelledOneTerminatesIt()
    {
        var node = NewNode("node-a");
        await SaveWorkflowAsync(node, "check", CheckWorkflow);
        var template = await SaveTemplateAsync(node, Check);
        var high = await CreateCheckAsync(node, template, 500, TaskStartMode.Async);
        var broken = await CreateCheckAsync(node, template, 5000, TaskStartMode.Async);
        var slow = await CreateCheckAsync(node, template, -1, TaskStartMode.CreateOnly);
        var started = await Tasks(node).StartAsync(Olga, slow.Task.Id, null, Ct);

        await Service<RunTick>(node).RunOnceAsync(Ct);
        await Service<RunService>(node).CancelAsync(Caller.System, "check", started.Task.InvokedRunId!, Ct);
        await Service<RunTick>(node).RunOnceAsync(Ct);
        await Service<TimerTick>(node).RunOnceAsync(Ct);

        var faulted = (await Tasks(node).GetAsync(Olga, high.Task.Id, Ct)).Task;
        Assert.Equal((TaskState.Failed, "tooHigh"), (faulted.State, faulted.FaultName));
        Assert.Equal("<tooHigh><limit>100</limit></tooHigh>", faulted.Fault);
        var failed = (await Tasks(node).GetAsync(Olga, broken.Task.Id, Ct)).Task;
        Assert.Equal((TaskState.Failed, null), (failed.State, failed.FaultName));
        Assert.Contains("no such budget", failed.EndReason, StringComparison.Ordinal);
        Assert.Equal(TaskState.Terminated, (await Tasks(node).GetAsync(Olga, slow.Task.Id, Ct)).Task.State);
    }

    [Fact]
    public async Task ARunsEnd_ReachesItsTask_ThroughAnotherNodesTimers()
    {
        var nodeA = NewNode("node-a");
        var nodeB = NewNode("node-b");
        await SaveWorkflowAsync(nodeA, "check", CheckWorkflow);
        var template = await SaveTemplateAsync(nodeA, Check);
        var task = await CreateCheckAsync(nodeA, template, 7, TaskStartMode.Async);

        await Service<RunTick>(nodeA).RunOnceAsync(Ct); // node A ends the run, then dies before its timer loop runs
        var before = (await Tasks(nodeB).GetAsync(Olga, task.Task.Id, Ct)).Task.State;
        var fired = await Service<TimerTick>(nodeB).RunOnceAsync(Ct);
        var again = await Service<TimerTick>(nodeB).RunOnceAsync(Ct);

        Assert.Equal(TaskState.Running, before);
        Assert.Equal((1, 0), (fired, again));
        var done = (await Tasks(nodeB).GetAsync(Olga, task.Task.Id, Ct)).Task;
        Assert.Equal(TaskState.Finished, done.State);
        Assert.Equal("<checkResponse><verdict>fine: 7</verdict></checkResponse>", done.Output);
    }

    [Fact]
    public async Task SyncMode_AnswersWithTheEndedTask_WokenInProcess()
    {
        var node = NewNode("node-a");
        await SaveWorkflowAsync(node, "check", CheckWorkflow);
        var template = await SaveTemplateAsync(node, Check);

        var call = CreateCheckAsync(node, template, 12, TaskStartMode.Sync);
        var fault = CreateCheckAsync(node, template, 200, TaskStartMode.Sync);
        for (var round = 0; round < 50 && !(call.IsCompleted && fault.IsCompleted); round++)
        {
            await Service<RunTick>(node).RunOnceAsync(Ct);
            await Service<TimerTick>(node).RunOnceAsync(Ct);
            await Task.Delay(20, Ct);
        }

        var answer = (await call).Task;
        Assert.Equal(TaskState.Finished, answer.State);
        Assert.Equal("<checkResponse><verdict>fine: 12</verdict></checkResponse>", answer.Output);
        Assert.Equal("tooHigh", (await fault).Task.FaultName);
    }

    [Fact]
    public async Task SyncMode_GivesUpAfterItsTimeout_WithCwtka0040e_AndTheTaskGoesOn()
    {
        var node = NewNode("node-a");
        await SaveWorkflowAsync(node, "check", CheckWorkflow);
        var template = await SaveTemplateAsync(node, Check);

        var waiting = Time.Waiting;
        var call = CreateCheckAsync(node, template, -5, TaskStartMode.Sync);
        await Service<RunTick>(node).RunOnceAsync(Ct); // the run now waits a day
        // A second at a time, each time the caller waits for its next look at the task.
        await Time.StepUntilAsync(() => call.IsCompleted, TimeSpan.FromSeconds(1), waiting, steps: 50, Ct);

        var error = await Assert.ThrowsAsync<TaskInvocationException>(() => call);
        Assert.Equal(HtmErrorNumbers.InvokedServiceFailed, error.ErrorNumber);
        Assert.Contains("30 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(TaskState.Running, (await Tasks(node).GetAsync(Olga, error.TaskId, Ct)).Task.State);
    }

    [Fact]
    public async Task AnInvocationSubtask_WhoseRunEnds_ReleasesItsWaitingParent()
    {
        var node = NewNode("node-a");
        await SaveWorkflowAsync(node, "check", CheckWorkflow);
        var check = await SaveTemplateAsync(node, Check);
        var parentTemplate = await SaveTemplateAsync(node, """
            {"name": "Audit", "kind": "to-do", "supportsSubTasks": true, "roles": {"potentialOwners": {"users": ["mia"]}}}
            """);
        var parent = await Tasks(node).CreateAsync(Olga, new TaskCreation(parentTemplate, TaskStartMode.Async), Ct);
        await Tasks(node).ClaimAsync(Mia, parent.Task.Id, Ct);
        var sub = await Tasks(node).CreateAsync(Mia, new TaskCreation(check, TaskStartMode.Async, "subTask", parent.Task.Id,
            BusinessMessage.FromJson(new JsonObject { ["amount"] = 7 })), Ct);
        var waiting = (await Tasks(node).GetAsync(Mia, parent.Task.Id, Ct)).Task;

        await Service<RunTick>(node).RunOnceAsync(Ct);
        await Service<TimerTick>(node).RunOnceAsync(Ct);
        var done = (await Tasks(node).GetAsync(Mia, sub.Task.Id, Ct)).Task;
        var released = (await Tasks(node).GetAsync(Mia, parent.Task.Id, Ct)).Task;

        Assert.True(waiting.IsWaitingForSubTask);
        Assert.Equal(TaskState.Finished, done.State);
        Assert.False(released.IsWaitingForSubTask);
    }

    private static Task<TaskView> CreateCheckAsync(ServiceProvider node, string template, decimal amount, TaskStartMode mode) =>
        Tasks(node).CreateAsync(Olga, new TaskCreation(template, mode, Input: BusinessMessage.FromJson(new JsonObject { ["amount"] = amount })), Ct);
}
