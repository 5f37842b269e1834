using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>A task as one caller sees it: the task, who holds which role, the caller's own roles, and its template.</summary>
public sealed record TaskView(HumanTask Task, IReadOnlyList<WorkItem> WorkItems, TaskCaller Caller, TemplateView Template)
{
    /// <summary>Whether the caller may change a property now (the Task JSON's <c>is*Updateable</c> flags).</summary>
    public bool MayUpdate(string property) =>
        TaskActionMatrix.Check(TaskAction.Update, Task.Facts, Caller).IsAllowed && TaskPropertyMatrix.MayUpdate(property, Caller);

    /// <summary>What the caller may do now (<c>GET /task/actions</c>).</summary>
    public IReadOnlyList<TaskAction> Actions => TaskActionMatrix.AllowedActions(Task.Facts, Caller);
}
