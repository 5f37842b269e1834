using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Storage;

namespace Taskforge.Tests.Storage;

/// <summary>
/// A storage suite with one engine node on its database and fake clock: the engine's services as the server wires
/// them, driven by calls and ticks from the test. <see cref="Configure"/> adds or replaces services (a recording
/// notifier, say) before the engine registers its defaults.
/// </summary>
public abstract class EngineNodeTestBase : StoreTestBase
{
    protected ServiceProvider Node { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected T Service<T>()
        where T : notnull => Node.GetRequiredService<T>();

    /// <summary>Saves a task template (JSON) on <see cref="Node"/> as the system and returns its id.</summary>
    protected async Task<string> SaveAsync(string document) =>
        (await Service<TaskTemplateService>().CreateAsync(Caller.System, DefinitionDocuments.Parse(document, yaml: false), Ct)).Template.Id;

    protected virtual void Configure(IServiceCollection services)
    {
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Node = NewNode();
    }

    /// <summary>Another engine node on the same database and clock, with its own memory (caches, wake-ups); the caller disposes it.</summary>
    protected ServiceProvider NewNode()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        Configure(services);
        services.AddTaskforgeEngine();
        services.AddTaskforgeStorage(Options);
        return services.BuildServiceProvider();
    }

    public override async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
