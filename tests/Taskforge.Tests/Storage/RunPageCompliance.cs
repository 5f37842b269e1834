using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>
/// A run's page on each dialect, driven tick by tick on a fake clock: the step timeline written with the checkpoints
/// (a waiting step counted from when it began), secure values masked, child runs and human tasks, the log read from a
/// line on, cancelling by the run's id alone, and who may see it.
/// </summary>
public abstract class RunPageCompliance : EngineNodeTestBase
{
    private static readonly Caller Alice = new("u-alice", "alice", SystemRoles.None, []);
    private static readonly Caller Bob = new("u-bob", "bob", SystemRoles.None, []);
    private static readonly Caller Monitor = new("u-mo", "mo", SystemRoles.Monitor, []);

    protected override void Configure(IServiceCollection services) => services.AddSingleton<IHttpStepClient, NoHttpStepClient>();

    private RunQueries Queries => Service<RunQueries>();

    private RunTick Tick => Service<RunTick>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await SaveWorkflowAsync("paced", """
            {"name":"Paced","permissions":{"alice":"rx"},
             "input-parameters":[{"name":"who","type":"string"},{"name":"password","type":"SecureString"}],
             "output-parameters":[{"name":"greeting","type":"string"},{"name":"token","type":"SecureString"}],
             "steps":[{"id":"first","name":"Say hello","type":"script","script":"greeting = 'hi ' + who; token = password; System.log(greeting);"},
                      {"id":"pause","type":"wait","duration":"PT1M"},
                      {"id":"last","type":"script","script":"System.log('done');"}]}
            """);
    }

    [Fact]
    public async Task TheTimeline_HasEachStepThatEnded_AWaitFromWhenItBegan_AndTheCurrentStep()
    {
        var t0 = Time.GetUtcNow();
        var run = await Service<RunService>().StartAsync(Alice, "paced", Inputs(("who", "Ada"), ("password", "s3cret")), Ct);
        await Tick.RunOnceAsync(Ct);
        var waiting = await Queries.GetAsync(Alice, run.Id, Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Tick.RunOnceAsync(Ct);

        var done = await Queries.GetAsync(Alice, run.Id, Ct);

        Assert.Equal(
            [(1, "first", "Say hello", StepKind.Script, t0, t0, RunState.Running), (null, "pause", "pause", StepKind.Wait, t0, null, null)],
            waiting.Steps.Select(s => (s.Seq, s.StepId, s.Name, s.Kind, s.StartedAt, s.EndedAt, s.Outcome)));
        Assert.True(waiting.CanCancel);
        Assert.Equal(RunState.Completed, done.Run.State);
        Assert.Equal([1, 3, 4], done.Steps.Select(s => s.Seq!.Value));
        Assert.Equal(TimeSpan.FromMinutes(1), done.Steps[1].Duration);
        Assert.Equal([RunState.Running, RunState.Running, RunState.Completed], done.Steps.Select(s => s.Outcome!.Value));
        Assert.False(done.CanCancel);
    }

    [Fact]
    public async Task ValuesOfSecureStrings_AreMasked()
    {
        var run = await Service<RunService>().StartAsync(Alice, "paced", Inputs(("who", "Ada"), ("password", "s3cret")), Ct);
        await Tick.RunOnceAsync(Ct);

        var detail = await Queries.GetAsync(Alice, run.Id, Ct);

        Assert.Equal([("who", "Ada", false), ("password", null, true)], detail.Inputs.Select(v => (v.Name, v.Value?.GetValue<string>(), v.Masked)));
        Assert.Equal([("greeting", "hi Ada", false), ("token", null, true)], detail.Outputs.Select(v => (v.Name, v.Value?.GetValue<string>(), v.Masked)));
        Assert.DoesNotContain(detail.Inputs.Concat(detail.Outputs), v => v.Value?.ToJsonString().Contains("s3cret", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task TheLog_IsReadFromALineOn_WithTheRunsState()
    {
        var run = await Service<RunService>().StartAsync(Alice, "paced", Inputs(("who", "Ada"), ("password", "x")), Ct);
        await Tick.RunOnceAsync(Ct);

        var all = await Queries.LogsAsync(Alice, run.Id, 0, 100, Ct);
        var rest = await Queries.LogsAsync(Alice, run.Id, 1, 100, Ct);
        var none = await Queries.LogsAsync(Alice, run.Id, all.Next, 100, Ct);

        Assert.Equal(["Workflow 'Paced' has started", "hi Ada"], all.Lines.Select(l => l.Message));
        Assert.Equal([1L, 2L], all.Lines.Select(l => l.Seq));
        Assert.Equal(RunState.Waiting, all.State);
        Assert.Equal(["hi Ada"], rest.Lines.Select(l => l.Message));
        Assert.Empty(none.Lines);
        Assert.Equal(all.Next, none.Next);
    }

    [Fact]
    public async Task ChildRuns_AndTheTasksARunCreated_AreListed()
    {
        await SaveAsync("""
            {"name": "Approve", "namespace": "http://example/approvals", "kind": "to-do",
             "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
             "roles": {"potentialOwners": {"groups": ["managers"]}}}
            """);
        await SaveWorkflowAsync("parent", """
            {"name":"Parent","permissions":{"alice":"rx"},
             "steps":[{"id":"call","type":"workflow","workflow":"paced","inputs":{"who":"'kid'"}},
                      {"id":"ask","type":"task","template":"{http://example/approvals}Approve"}]}
            """);
        var run = await Service<RunService>().StartAsync(Alice, "parent", Inputs(), Ct);
        await Tick.RunOnceAsync(Ct); // the parent starts its child and waits
        await Tick.RunOnceAsync(Ct); // the child runs to its wait
        Time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 3; i++)
        {
            await Tick.RunOnceAsync(Ct); // the child ends, the parent goes on and creates its task
        }

        var detail = await Queries.GetAsync(Alice, run.Id, Ct);

        var child = Assert.Single(detail.Children);
        Assert.Equal(("paced", "Paced", RunState.Completed, run.Id), (child.Run.WorkflowId, child.WorkflowName, child.Run.State, child.Run.ParentRunId));
        var task = Assert.Single(detail.Tasks);
        Assert.Equal((TaskLink.Created, TaskState.Ready, "Approve"), (task.Link, task.State, task.Name));
        Assert.Equal(RunState.WaitingSignal, detail.Run.State);
        Assert.Equal(["call", "ask"], detail.Steps.Select(s => s.StepId));
        Assert.Equal(StepKind.Task, detail.Steps[^1].Kind);
    }

    [Fact]
    public async Task ARun_IsCancelledByItsIdAlone_AndItsLastStepEndsCanceled()
    {
        var run = await Service<RunService>().StartAsync(Alice, "paced", Inputs(("who", "Ada"), ("password", "x")), Ct);
        await Tick.RunOnceAsync(Ct);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Service<RunService>().CancelAsync(Monitor, run.Id, Ct));
        await Service<RunService>().CancelAsync(Alice, run.Id, Ct);
        await Tick.RunOnceAsync(Ct);
        var detail = await Queries.GetAsync(Alice, run.Id, Ct);

        Assert.NotNull(denied);
        Assert.Equal(RunState.Canceled, detail.Run.State);
        Assert.Equal(("pause", RunState.Canceled), (detail.Steps[^1].StepId, detail.Steps[^1].Outcome!.Value));
    }

    [Fact]
    public async Task ARun_IsHidden_FromWhoeverMayNotViewItsWorkflow_ButNotFromMonitors()
    {
        var run = await Service<RunService>().StartAsync(Alice, "paced", Inputs(("who", "Ada"), ("password", "x")), Ct);

        var hidden = await Assert.ThrowsAsync<NotFoundException>(() => Queries.GetAsync(Bob, run.Id, Ct));
        var hiddenLog = await Assert.ThrowsAsync<NotFoundException>(() => Queries.LogsAsync(Bob, run.Id, 0, 10, Ct));
        var seen = await Queries.GetAsync(Monitor, run.Id, Ct);

        Assert.Contains("Run", hidden.Message, StringComparison.Ordinal);
        Assert.NotNull(hiddenLog);
        Assert.False(seen.CanCancel);
    }

    private async Task SaveWorkflowAsync(string id, string json) =>
        await Service<WorkflowService>().SaveAsync(Caller.System, id, DefinitionDocuments.Parse(json, yaml: false), Ct);

    private static Dictionary<string, JsonNode?> Inputs(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => (JsonNode?)JsonValue.Create(v.Value));
}
