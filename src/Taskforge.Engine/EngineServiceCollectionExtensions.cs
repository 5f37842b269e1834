using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers the engine's services. The store (ports in <c>*/I*Store</c>) is registered by the storage layer.</summary>
    public static IServiceCollection AddTaskforgeEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NodeOptions>();
        services.AddOptions<IdentityOptions>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<CredentialCache>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<IdentityService>();
        services.AddSingleton<AdministratorBootstrap>();
        services.AddSingleton<Workflows.Definitions.WorkflowDefinitions>();
        services.AddSingleton<Workflows.Definitions.WorkflowService>();
        services.AddOptions<Workflows.Runs.RunOptions>();
        services.AddOptions<Workflows.Runs.HttpStepOptions>();
        services.TryAddSingleton(new Workflows.Scripting.ScriptLimits());
        services.AddSingleton(sp => new Workflows.Scripting.ScriptRunner(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Workflows.Scripting.ScriptLimits>()));
        services.AddSingleton<Workflows.Runs.RunWakeSignal>();
        services.AddSingleton<Workflows.Runs.RunCancellations>();
        services.AddSingleton<Workflows.Runs.RunHandoff>();
        services.AddSingleton<Workflows.Runs.RunService>();
        services.AddSingleton<Workflows.Runs.RunTick>();
        services.AddSingleton<Workflows.Runs.Queries.RunQueries>();
        services.AddSingleton<Operations.OverviewService>();
        services.AddHostedService<Workflows.Runs.RunWorker>();
        services.AddOptions<Schedules.ScheduleOptions>();
        services.AddOptions<Timers.TimerOptions>();
        services.AddSingleton<Timers.TimerWakeSignal>();
        services.AddSingleton<Schedules.ScheduleService>();
        services.AddSingleton<Timers.ITimerHandler, Schedules.ScheduleFiring>();
        services.AddSingleton<Schedules.FireHistoryTick>();
        services.AddHostedService<Schedules.FireHistoryWorker>();
        services.AddSingleton<HumanTasks.Templates.TaskTemplateService>();
        services.AddOptions<HumanTasks.HumanTaskOptions>();
        services.AddSingleton<HumanTasks.Tasks.InvocationEnds>();
        services.AddSingleton<HumanTasks.Tasks.HumanTaskService>();
        services.TryAddSingleton<HumanTasks.Tasks.ITaskNotifier, HumanTasks.Tasks.LoggingTaskNotifier>();
        foreach (var kind in new[] { HumanTasks.Tasks.TaskTimerKinds.Expiry, HumanTasks.Tasks.TaskTimerKinds.Due, HumanTasks.Tasks.TaskTimerKinds.Resume,
                     HumanTasks.Tasks.TaskTimerKinds.Deletion, HumanTasks.Tasks.TaskTimerKinds.Escalation })
        {
            services.AddSingleton<Timers.ITimerHandler>(sp => new HumanTasks.Tasks.TaskTimerHandler(kind, sp.GetRequiredService<HumanTasks.Tasks.HumanTaskService>(), sp.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<Timers.ITimerHandler, HumanTasks.Tasks.TaskInvocationEnding>();
        services.AddSingleton<Timers.TimerTick>();
        services.AddHostedService<Timers.TimerWorker>();
        return services;
    }
}
