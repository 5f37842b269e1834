using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers the engine's services. The store (ports in <c>*/I*Store</c>) is registered by the storage layer.</summary>
    public static IServiceCollection AddTaskforgeEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NodeOptions>();
        // Metrics: the host's meter factory when it has one; the gauges of counts only where a store can count (ICountsStore).
        services.AddOptions<Telemetry.TelemetryOptions>();
        services.AddSingleton<Telemetry.CountsSnapshot>();
        services.AddSingleton(sp => new Telemetry.EngineMetrics(sp.GetService<IMeterFactory>(), sp.GetRequiredService<IOptions<NodeOptions>>(),
            sp.GetService<Telemetry.ICountsStore>() is null ? null : sp.GetRequiredService<Telemetry.CountsSnapshot>()));
        services.AddOptions<IdentityOptions>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<CredentialCache>();
        services.AddSingleton<DirectoryUsers>();
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
        services.AddSingleton<InvocationEnds>();
        services.TryAddSingleton<ITaskNotifier, LoggingTaskNotifier>();
        // Beneath every task service: the one way a task changes (read, check, change, commit fenced) and what a change
        // means for the tasks around it.
        services.AddSingleton<TaskChains>();
        services.AddSingleton<TaskFollowUps>();
        services.AddSingleton<TaskActionRunner>();
        // The task services, one per seam.
        services.AddSingleton<TaskInvocationService>();
        services.AddSingleton<TaskLifecycleService>();
        services.AddSingleton<TaskHierarchyService>();
        services.AddSingleton<TaskPeopleService>();
        services.AddSingleton<TaskDataService>();
        services.AddSingleton<TaskEscalationService>();
        services.AddSingleton<TaskQueryService>();
        services.AddSingleton<TaskTimerService>();
        services.AddSingleton<TaskStepService>();
        // What the console's inbox and live pages need: the lists in a person's words, and word of every task change.
        services.AddSingleton<HumanTasks.Inbox.InboxService>();
        services.AddSingleton<TaskChangeFeed>();
        foreach (var kind in new[] { TaskTimerKinds.Expiry, TaskTimerKinds.Due, TaskTimerKinds.Resume, TaskTimerKinds.Deletion, TaskTimerKinds.Escalation })
        {
            services.AddSingleton<Timers.ITimerHandler>(sp => new TaskTimerHandler(kind, sp.GetRequiredService<TaskTimerService>(), sp.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<Timers.ITimerHandler, TaskInvocationEnding>();
        services.AddSingleton<Timers.TimerTick>();
        services.AddHostedService<Timers.TimerWorker>();
        return services;
    }
}
