using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Scripting;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>
/// Workflows and human tasks together, on each dialect, driven tick by tick on a fake clock: a run's <c>task</c> step
/// waits for a person, and an invocation task runs a workflow (ibm-bpm-htm.md §5.2).
/// </summary>
public abstract partial class WorkflowTaskCompliance : StoreTestBase
{
    private const string Approval = """
        {"name": "Approve", "namespace": "http://example/approvals", "kind": "to-do",
         "input": {"element": "request", "fields": [{"name": "amount", "type": "decimal", "required": true}]},
         "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
         "faults": {"rejected": {"element": "rejection", "fields": [{"name": "reason", "type": "string", "required": true}]}},
         "roles": {"potentialOwners": {"groups": ["managers"]}}}
        """;

    private const string AskForApproval = """
        {"name": "Ask for approval", "permissions": {"everybody": "rx"},
         "input-parameters": [{"name": "amount", "type": "number"}],
         "output-parameters": [{"name": "approved", "type": "boolean"}, {"name": "said", "type": "string"}],
         "steps": [{"id": "ask", "type": "task", "template": "{http://example/approvals}Approve", "inputs": {"amount": "amount * 2"}, "outputs": {"approved": "approved"}},
                   {"type": "script", "script": "said = approved ? 'yes' : 'no';"}]}
        """;

    private static readonly Caller Olga = new("1", "olga", SystemRoles.None, []);
    private static readonly Caller Mia = new("2", "mia", SystemRoles.None, ["managers"]);

    private readonly List<ServiceProvider> _nodes = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public override async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task ATaskStep_WaitsForItsTask_AndTheRunGoesOnWithTheOutput()
    {
        var node = NewNode("node-a");
        await SaveTemplateAsync(node, Approval);
        await SaveWorkflowAsync(node, "ask", AskForApproval);
        var run = await Service<RunService>(node).StartAsync(Olga, "ask", Inputs(("amount", 21)), Ct);

        await Service<RunTick>(node).RunOnceAsync(Ct);
        var waiting = await RunAsync(node, run.Id);
        var taskId = StepExecutor.StepTaskId(run.Id, 0);
        var task = await Tasks(node).GetAsync(Mia, taskId, Ct);
        await Service<RunTick>(node).RunOnceAsync(Ct);
        var stillWaiting = await RunAsync(node, run.Id);
        var (_, input) = await Tasks(node).ClaimAsync(Mia, taskId, Ct);
        await Tasks(node).CompleteAsync(Mia, taskId, BusinessMessage.FromJson(new JsonObject { ["approved"] = true }), null, Ct);
        await Service<RunTick>(node).RunOnceAsync(Ct);
        var done = await RunAsync(node, run.Id);

        Assert.Equal(RunState.WaitingSignal, waiting.State);
        Assert.Equal(TaskState.Ready, task.Task.State);
        Assert.Equal(("olga", "olga", run.Id), (task.Task.Originator, task.Task.Starter, task.Task.WaitingRunId));
        Assert.Equal("<request><amount>42</amount></request>", input);
        Assert.Equal(RunState.WaitingSignal, stillWaiting.State);
        Assert.Equal(RunState.Completed, done.State);
        var variables = JsonNode.Parse(done.Variables)!;
        Assert.True(variables["approved"]!.GetValue<bool>());
        Assert.Equal("yes", variables["said"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATaskStepsTask_HasItsTemplatesEscalations_AndAnInvocationTemplateFailsTheStep()
    {
        var node = NewNode("node-a");
        await SaveTemplateAsync(node, Approval.Replace(
            "\"roles\"", "\"escalationChains\": [{\"escalations\": [{\"name\": \"notClaimed\", \"activationState\": \"ready\", \"durationUntilEscalated\": \"PT1H\", \"expectedState\": \"claimed\", \"action\": \"event\"}]}], \"roles\"",
            StringComparison.Ordinal));
        await SaveWorkflowAsync(node, "ask", AskForApproval);
        await SaveTemplateAsync(node, """
            {"name": "Run", "namespace": "http://example/approvals", "kind": "invocation",
             "input": {"element": "request", "fields": [{"name": "amount", "type": "decimal", "required": true}]},
             "invocation": {"workflow": "ask", "inputs": {"amount": "amount"}}}
            """);
        await SaveWorkflowAsync(node, "invoke", AskForApproval.Replace("{http://example/approvals}Approve", "{http://example/approvals}Run", StringComparison.Ordinal));
        var asking = await Service<RunService>(node).StartAsync(Olga, "ask", Inputs(("amount", 3)), Ct);
        var invoking = await Service<RunService>(node).StartAsync(Olga, "invoke", Inputs(("amount", 3)), Ct);

        await Service<RunTick>(node).RunOnceAsync(Ct);

        var escalations = await Service<TaskEscalationService>(node).GetEscalationsAsync(Mia, StepExecutor.StepTaskId(asking.Id, 0), Ct);
        var waiting = Assert.Single(escalations).Escalation;
        Assert.Equal(EscalationState.Waiting, waiting.State);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromHours(1), waiting.EscalatesAt);
        var failed = await RunAsync(node, invoking.Id);
        Assert.Equal(RunState.Failed, failed.State);
        Assert.Contains("invocation template", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATerminatedTask_FailsTheRun_AndAFaultedOneNamesItsFault()
    {
        var node = NewNode("node-a");
        await SaveTemplateAsync(node, Approval);
        await SaveWorkflowAsync(node, "ask", AskForApproval);
        var terminated = await Service<RunService>(node).StartAsync(Olga, "ask", Inputs(("amount", 1)), Ct);
        var faulted = await Service<RunService>(node).StartAsync(Olga, "ask", Inputs(("amount", 2)), Ct);
        await Service<RunTick>(node).RunOnceAsync(Ct);

        await Tasks(node).TerminateAsync(Caller.System, StepExecutor.StepTaskId(terminated.Id, 0), Ct);
        await Tasks(node).ClaimAsync(Mia, StepExecutor.StepTaskId(faulted.Id, 0), Ct);
        await Tasks(node).CompleteAsync(Mia, StepExecutor.StepTaskId(faulted.Id, 0), BusinessMessage.FromJson(new JsonObject { ["reason"] = "too much" }), "rejected", Ct);
        await Service<RunTick>(node).RunOnceAsync(Ct);

        var first = await RunAsync(node, terminated.Id);
        var second = await RunAsync(node, faulted.Id);
        Assert.Equal(RunState.Failed, first.State);
        Assert.Contains("ended STATE_TERMINATED", first.Error, StringComparison.Ordinal);
        Assert.Equal(RunState.Failed, second.State);
        Assert.Contains("failed with fault rejected", second.Error, StringComparison.Ordinal);
        Assert.Contains("too much", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALostNodesLateCheckpoint_CreatesNoTask_AndTheStepRunAgainCreatesExactlyOne()
    {
        var nodeA = NewNode("node-a");
        var nodeB = NewNode("node-b");
        await SaveTemplateAsync(nodeA, Approval);
        await SaveWorkflowAsync(nodeA, "ask", AskForApproval);
        var started = await Service<RunService>(nodeA).StartAsync(Olga, "ask", Inputs(("amount", 5)), Ct);
        var asA = await RunAsync(nodeA, started.Id); // leased to node A, which ran the step and then stalled before its checkpoint
        var template = await Service<TaskStepService>(nodeA).FindTemplateForRunAsync("Approve", Ct);
        var taskId = StepExecutor.StepTaskId(started.Id, 0);
        var staleTask = TaskStepService.PlanTaskForRun(template!, taskId, started.Id, "olga",
            BusinessMessage.FromJson(new JsonObject { ["amount"] = 10 }), Time.GetUtcNow());

        Time.Advance(TimeSpan.FromSeconds(31)); // node A's lease runs out
        await Service<RunTick>(nodeB).RunOnceAsync(Ct);
        var late = await Service<IRunStore>(nodeA).CheckpointAsync(started.Id, "node-a", asA.Version,
            new RunCheckpoint(RunState.WaitingSignal, asA.Variables, "ask", 1, null, null, [], Time.GetUtcNow(), Task: staleTask), Ct);
        var again = await Service<RunTick>(nodeB).RunOnceAsync(Ct);

        Assert.Null(late);
        Assert.Equal(0, again);
        Assert.Equal(RunState.WaitingSignal, (await RunAsync(nodeB, started.Id)).State);
        var tasks = await Service<ITaskStore>(nodeB).FindManyAsync([taskId], Ct);
        Assert.Equal(started.Id, Assert.Single(tasks).Task.WaitingRunId);
        Assert.Equal(2, (await Service<ITaskStore>(nodeB).ListEventsAsync(taskId, Ct)).Count); // created and started, once
    }

    [Fact]
    public async Task CancellingAWaitingRun_TerminatesItsOpenTask()
    {
        var node = NewNode("node-a");
        await SaveTemplateAsync(node, Approval);
        await SaveWorkflowAsync(node, "ask", AskForApproval);
        var run = await Service<RunService>(node).StartAsync(Olga, "ask", Inputs(("amount", 3)), Ct);
        await Service<RunTick>(node).RunOnceAsync(Ct);

        await Service<RunService>(node).CancelAsync(Olga, "ask", run.Id, Ct);
        await Service<RunTick>(node).RunOnceAsync(Ct);

        Assert.Equal(RunState.Canceled, (await RunAsync(node, run.Id)).State);
        var task = await Tasks(node).GetAsync(Caller.System, StepExecutor.StepTaskId(run.Id, 0), Ct);
        Assert.Equal(TaskState.Terminated, task.Task.State);
        Assert.Contains("cancelled", task.Task.EndReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATaskStep_WhoseInputDoesNotFit_FailsTheRunWithoutATask()
    {
        var node = NewNode("node-a");
        await SaveTemplateAsync(node, Approval);
        await SaveWorkflowAsync(node, "ask", AskForApproval.Replace("\"amount * 2\"", "\"'lots'\"", StringComparison.Ordinal));
        await SaveWorkflowAsync(node, "ghost", """{"name": "Ghost", "permissions": {"everybody": "rx"}, "steps": [{"type": "task", "template": "Nobody"}]}""");
        var bad = await Service<RunService>(node).StartAsync(Olga, "ask", Inputs(("amount", 3)), Ct);
        var ghost = await Service<RunService>(node).StartAsync(Olga, "ghost", Inputs(), Ct);

        await Service<RunTick>(node).RunOnceAsync(Ct);

        var failed = await RunAsync(node, bad.Id);
        Assert.Equal(RunState.Failed, failed.State);
        Assert.Contains("amount", failed.Error, StringComparison.Ordinal);
        Assert.Empty(await Service<ITaskStore>(node).FindManyAsync([StepExecutor.StepTaskId(bad.Id, 0)], Ct));
        Assert.Contains("'Nobody', which does not exist", (await RunAsync(node, ghost.Id)).Error, StringComparison.Ordinal);
    }

    private ServiceProvider NewNode(string nodeId)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(new ScriptLimits { Timeout = TimeSpan.FromSeconds(60), MaxStatements = int.MaxValue });
        services.AddTaskforgeEngine();
        services.AddTaskforgeStorage(Options);
        services.Configure<NodeOptions>(o => o.Id = nodeId);
        services.Configure<HumanTaskOptions>(o => o.SyncPollInterval = TimeSpan.FromMinutes(10)); // in-process wake-ups only
        services.AddSingleton<IHttpStepClient, NoHttpStepClient>();
        var node = services.BuildServiceProvider();
        _nodes.Add(node);
        return node;
    }

    private static T Service<T>(ServiceProvider node)
        where T : notnull => node.GetRequiredService<T>();

    private static TaskLifecycleService Tasks(ServiceProvider node) => node.GetRequiredService<TaskLifecycleService>();

    private static async Task<Run> RunAsync(ServiceProvider node, string id) => (await Service<IRunStore>(node).FindAsync(id, Ct))!;

    private static async Task<string> SaveTemplateAsync(ServiceProvider node, string document, bool yaml = false) =>
        (await Service<TaskTemplateService>(node).CreateAsync(Caller.System, DefinitionDocuments.Parse(document, yaml), Ct)).Template.Id;

    private static async Task SaveWorkflowAsync(ServiceProvider node, string id, string document, bool yaml = false) =>
        await Service<WorkflowService>(node).SaveAsync(Caller.System, id, DefinitionDocuments.Parse(document, yaml), Ct);

    private static Dictionary<string, JsonNode?> Inputs(params (string Name, object Value)[] values) =>
        values.ToDictionary(v => v.Name, v => JsonValue.Create(v.Value) as JsonNode);
}
