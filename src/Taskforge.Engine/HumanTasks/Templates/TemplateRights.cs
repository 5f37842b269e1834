using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>Who holds a role of a template itself, before any task exists: who may create tasks from it, and start them.</summary>
public static class TemplateRights
{
    /// <summary>
    /// Whether <paramref name="caller"/> holds <paramref name="role"/> (potential instance creator or potential starter) of
    /// the template. Its symbolic members resolve against the caller, who would be the new task's originator; system
    /// administrators hold every role.
    /// </summary>
    public static bool Holds(Caller caller, TaskTemplate template, TaskRole role)
    {
        if (caller.IsAdministrator)
        {
            return true;
        }

        var administrators = TaskPeople.Resolve(TaskRole.Administrator, template.Roles.GetValueOrDefault(TaskRole.Administrator), caller.UserName, []);
        return TaskPeople.Resolve(role, template.Roles.GetValueOrDefault(role), caller.UserName, administrators).Any(i => TaskPeople.Matches(i, caller));
    }
}
