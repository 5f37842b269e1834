namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// Who holds a role: named users, groups, everybody, and the symbolic members IBM's defaults use (the task's
/// originator; the task's administrators). <see cref="IsDefault"/> marks an assignment the template did not state,
/// filled in from ibm-bpm-htm.md §6.2.
/// </summary>
public sealed record RoleAssignment(
    IReadOnlyList<string> Users,
    IReadOnlyList<string> Groups,
    bool Everybody = false,
    bool Originator = false,
    bool Administrators = false,
    bool IsDefault = false)
{
    public static RoleAssignment Nobody { get; } = new([], [], IsDefault: true);

    public static RoleAssignment AllUsers { get; } = new([], [], Everybody: true, IsDefault: true);

    public static RoleAssignment TheOriginator { get; } = new([], [], Originator: true, IsDefault: true);

    public static RoleAssignment TheAdministrators { get; } = new([], [], Administrators: true, IsDefault: true);

    public bool IsEmpty => Users.Count == 0 && Groups.Count == 0 && !Everybody && !Originator && !Administrators;
}
