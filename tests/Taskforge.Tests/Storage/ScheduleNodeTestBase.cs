using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>
/// The base of the schedule suites: engine nodes on the suite's database and fake clock (started at <see cref="Start"/>,
/// a Monday 09:00 UTC), the user alice and the workflow <c>greet</c> she may run, and shortcuts to the services a test drives.
/// </summary>
public abstract class ScheduleNodeTestBase : StoreTestBase
{
    private readonly List<ServiceProvider> _nodes = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static DateTimeOffset Start { get; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    protected static Caller Alice { get; } = new("u-alice", "alice", SystemRoles.None, []);

    public override async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static ScheduleService Schedules(ServiceProvider node) => node.GetRequiredService<ScheduleService>();

    protected static async Task<IReadOnlyList<FireView>> FiresOfAsync(ServiceProvider node, string scheduleId, int max) =>
        (await Schedules(node).FiresAsync(Alice, scheduleId, max, Ct)).Items;

    protected static TimerTick Timers(ServiceProvider node) => node.GetRequiredService<TimerTick>();

    protected static RunTick Runs(ServiceProvider node) => node.GetRequiredService<RunTick>();

    /// <summary>Saves a workflow (JSON) as the system.</summary>
    protected static Task SaveWorkflowAsync(ServiceProvider node, string id, string json) =>
        node.GetRequiredService<WorkflowService>().SaveAsync(Caller.System, id, DefinitionDocuments.Parse(json, yaml: false), Ct);

    /// <summary>One engine node: its own database object and node id, the suite's clock, the user alice and the greet workflow.</summary>
    protected async Task<ServiceProvider> StartNodeAsync(string nodeId, Action<TimerOptions>? timers = null, Action<ScheduleOptions>? schedules = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddTaskforgeEngine();
        services.AddTaskforgeStorage(Options);
        services.Configure<NodeOptions>(o => o.Id = nodeId);
        services.Configure(timers ?? (_ => { }));
        services.Configure(schedules ?? (_ => { }));
        services.Configure<IdentityOptions>(o => o.PasswordIterations = 1000);
        services.AddSingleton<IHttpStepClient, NoHttpStepClient>();
        var node = services.BuildServiceProvider();
        _nodes.Add(node);
        if (_nodes.Count == 1)
        {
            await node.GetRequiredService<IdentityService>().CreateUserAsync(Caller.System, new NewUser("alice", "alice-password-1", null, null, SystemRoles.None), Ct);
            await SaveWorkflowAsync(node, "greet", """
                {"name":"Greet","input-parameters":[{"name":"who","type":"string","default":"world"}],"output-parameters":[{"name":"greeting","type":"string"}],
                 "permissions":{"alice":"rx"},"steps":[{"type":"script","script":"greeting = 'Hello, ' + who;"}]}
                """);
        }

        return node;
    }

    protected static Dictionary<string, JsonNode?> Inputs(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => (JsonNode?)JsonValue.Create(v.Value));
}
