using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Turns a template's role assignments into work items for one task, and a caller plus a task's work items into the
/// caller's roles on it. User names compare without case, like sign-in does.
/// </summary>
public static class TaskPeople
{
    /// <summary>Roles a template assigns; the instance roles (originator, starter, owner) are set by what people do.</summary>
    public static IReadOnlyList<TaskRole> TemplateRoles { get; } =
    [
        TaskRole.PotentialInstanceCreator, TaskRole.PotentialStarter, TaskRole.PotentialOwner, TaskRole.Editor, TaskRole.Reader, TaskRole.Administrator,
    ];

    /// <summary>The work items a new task gets from its template, for every role the template assigns plus its originator.</summary>
    public static List<RoleWrite> Materialise(string taskId, TaskTemplate template, string originator, IReadOnlyList<WorkItem>? inheritedAdministrators = null)
    {
        var administrators = Resolve(TaskRole.Administrator, template.Roles.GetValueOrDefault(TaskRole.Administrator), originator, []);
        if (inheritedAdministrators is not null)
        {
            administrators = [.. administrators.Concat(inheritedAdministrators.Select(w => w with { Reason = TaskRole.Administrator })).Distinct()];
        }

        var writes = new List<RoleWrite> { new(taskId, TaskRole.Originator, [WorkItem.ForUser(TaskRole.Originator, originator)]) };
        foreach (var role in TemplateRoles)
        {
            var items = role == TaskRole.Administrator ? administrators : Resolve(role, template.Roles.GetValueOrDefault(role), originator, administrators);
            if (items.Count > 0)
            {
                writes.Add(new RoleWrite(taskId, role, items));
            }
        }

        return writes;
    }

    /// <summary>Work items for one assignment (escalation receivers use this when an escalation fires).</summary>
    public static List<WorkItem> Resolve(TaskRole role, RoleAssignment? assignment, string originator, IReadOnlyList<WorkItem> administrators)
    {
        var items = new List<WorkItem>();
        if (assignment is null)
        {
            return items;
        }

        if (assignment.Everybody)
        {
            items.Add(WorkItem.ForEverybody(role));
        }

        items.AddRange(assignment.Users.Select(u => WorkItem.ForUser(role, u)));
        items.AddRange(assignment.Groups.Select(g => WorkItem.ForGroup(role, g)));
        if (assignment.Originator)
        {
            items.Add(WorkItem.ForUser(role, originator));
        }

        if (assignment.Administrators)
        {
            items.AddRange(administrators.Select(a => a with { Reason = role }));
        }

        return [.. items.Distinct()];
    }

    public static bool Matches(WorkItem item, Caller caller) => item.Kind switch
    {
        WorkItemKind.Everybody => true,
        WorkItemKind.User => string.Equals(item.Principal, caller.UserName, StringComparison.OrdinalIgnoreCase),
        _ => caller.IsMemberOf(item.Principal),
    };

    /// <summary>The caller's roles on a task, with the system roles: administrators are TaskSystemAdministrator, monitors TaskSystemMonitor.</summary>
    public static TaskCaller RolesOf(Caller caller, IReadOnlyList<WorkItem> items) => new(
        items.Where(i => Matches(i, caller)).Select(i => i.Reason).ToHashSet(),
        IsSystemAdministrator: caller.IsAdministrator,
        IsSystemMonitor: caller.CanReadEverything);

    /// <summary>Members of one role, for <c>GET /task/{id}/role/{role}</c>.</summary>
    public static IReadOnlyList<WorkItem> Members(IReadOnlyList<WorkItem> items, TaskRole role) => [.. items.Where(i => i.Reason == role)];

    /// <summary>The caller must hold <paramref name="role"/> on the template (or be an administrator) to <paramref name="verb"/> tasks from it.</summary>
    public static void RequireTemplateRole(Caller caller, TaskTemplate template, TaskRole role, string verb)
    {
        if (!TemplateRights.Holds(caller, template, role))
        {
            throw new TaskRuleException(TaskRuleKind.NotAllowed, TaskRuleReason.NotAllowedOnTemplate,
                $"User {caller.UserName} may not {verb} tasks from template {template.Name}: not a {(role == TaskRole.PotentialStarter ? "potential starter" : "potential instance creator")}.",
                caller.UserName, verb, template.Id);
        }
    }
}
