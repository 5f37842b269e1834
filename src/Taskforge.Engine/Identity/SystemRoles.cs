namespace Taskforge.Engine.Identity;

/// <summary>Server-wide roles. Everything else is granted per object (workflow permissions, task roles).</summary>
[Flags]
public enum SystemRoles
{
    None = 0,

    /// <summary>May read everything (runs, schedules, tasks, users, metrics) but change nothing it does not own.</summary>
    Monitor = 1,

    /// <summary>May do everything, including managing users, groups and tokens.</summary>
    Administrator = 2,
}
