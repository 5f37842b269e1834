using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// IBM's <c>startTaskAsSubTask</c> (ibm-bpm-htm.md §5.1, §5.3; <c>PUT /task/{tkiid}?action=start&amp;mode=async&amp;relation=subTask&amp;parentTaskID=</c>):
/// an existing INACTIVE collaboration or invocation task starts as a subtask, under the same rules as
/// <c>createAndStartTaskAsSubTask</c>. The caller must be allowed to start it (potential starter or administrator of the
/// subtask: the matrix's <see cref="TaskAction.StartAsSubTask"/> row) and to add subtasks to the parent (owner or
/// administrator of a CLAIMED, not suspended parent that supports subtasks: <see cref="TaskAction.CreateSubTask"/>).
/// Both tasks change in one commit, each fenced by the version read, so a parent whose claim is cancelled meanwhile
/// makes the start try again and then answer with the rules.
/// </summary>
public sealed partial class HumanTaskService
{
    public async Task<TaskView> StartAsSubTaskAsync(Caller caller, string id, string? relation, string? parentTaskId, BusinessMessage? input, CancellationToken ct)
    {
        CheckRelation(TaskStartMode.Async, relation, parentTaskId);
        var parentId = parentTaskId!;
        return (await ActAsync(caller, id, TaskAction.StartAsSubTask, async c =>
        {
            var parent = await ReadAsync(caller, parentId, ct);
            RequireAllowed(TaskAction.CreateSubTask, parent, caller);
            var task = c.Task with { Position = HierarchyPosition.SubTask, ParentId = parent.Task.Id, TopLevelId = parent.Task.TopLevelId };
            if (input is not null)
            {
                task = task with { Input = Canonical(input, c.Template.Template.Input, "input") };
            }

            // As for a subtask created under the parent: the parent's administrators administer the subtask too (§6.2).
            var administrators = TaskPeople.Members(c.Stored.WorkItems, TaskRole.Administrator)
                .Concat(TaskPeople.Members(parent.WorkItems, TaskRole.Administrator)).Distinct().ToList();
            c.Change.Roles.Add(new RoleWrite(task.Id, TaskRole.Administrator, administrators));
            c.Event(TaskEvents.Updated, detail: $"subtask of {parent.Task.Id}");
            var started = await StartAndInvokeAsync(c, task, ct);
            await ParentWaitsAsync(c, parent, task.Id, ct);
            return started;
        }, ct)).View!;
    }
}
