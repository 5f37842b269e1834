namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>
/// The caller's roles on one task (from its work items: owner, potential owner, originator…) and the system roles:
/// TaskSystemAdministrator may do everything, TaskSystemMonitor may read everything (ibm-bpm-htm.md §6.1).
/// </summary>
public sealed record TaskCaller(IReadOnlySet<TaskRole> Roles, bool IsSystemAdministrator = false, bool IsSystemMonitor = false)
{
    public static TaskCaller With(params TaskRole[] roles) => new(roles.ToHashSet());
}
