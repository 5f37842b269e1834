namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>
/// The caller's roles on one task (from its work items: owner, potential owner, originator…) and the system roles:
/// TaskSystemAdministrator may do everything, TaskSystemMonitor may read everything (ibm-bpm-htm.md §6.1).
/// <see cref="IsEngine"/> is the engine acting on its own (timers): no role check, but the state rules still apply.
/// </summary>
public sealed record TaskCaller(IReadOnlySet<TaskRole> Roles, bool IsSystemAdministrator = false, bool IsSystemMonitor = false, bool IsEngine = false)
{
    /// <summary>The engine's timers: expiry, auto-resume, auto-deletion, escalations.</summary>
    public static TaskCaller Engine { get; } = new(new HashSet<TaskRole>(), IsEngine: true);

    public static TaskCaller With(params TaskRole[] roles) => new(roles.ToHashSet());
}
