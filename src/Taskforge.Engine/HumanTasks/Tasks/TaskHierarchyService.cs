using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Hierarchies of tasks (ibm-bpm-htm.md §5.1, §5.3). Subtasks: an INACTIVE task starts as a subtask of a CLAIMED parent,
/// which then waits for it, and anyone with a role on a task may read its subtasks. Follow-on tasks: completing with a
/// follow-on FORWARDS this task and starts the next one with this task's output as its input, in one change. The chain
/// behaves as one task: follow-ons keep the chain's originator and administrators, suspend/resume/terminate of a
/// forwarded member act on the chain's current task (<see cref="TaskChains"/>), only the first task's expiry counts (it
/// expires the current task), and a waiting workflow waits for the last task.
/// </summary>
public sealed class TaskHierarchyService(
    TaskActionRunner actions, TaskTemplateService templates, TaskFollowUps followUps, TaskInvocationService invocations, ITaskStore store, TimeProvider time)
{
    /// <summary>
    /// IBM's <c>startTaskAsSubTask</c> (ibm-bpm-htm.md §5.1, §5.3; <c>PUT /task/{tkiid}?action=start&amp;mode=async&amp;relation=subTask&amp;parentTaskID=</c>):
    /// an existing INACTIVE collaboration or invocation task starts as a subtask, under the same rules as
    /// <c>createAndStartTaskAsSubTask</c>. The caller must be allowed to start it (potential starter or administrator of the
    /// subtask: the matrix's <see cref="TaskAction.StartAsSubTask"/> row) and to add subtasks to the parent (owner or
    /// administrator of a CLAIMED, not suspended parent that supports subtasks: <see cref="TaskAction.CreateSubTask"/>).
    /// Both tasks change in one commit, each fenced by the version read, so a parent whose claim is cancelled meanwhile
    /// makes the start try again and then answer with the rules.
    /// </summary>
    public async Task<TaskView> StartAsSubTaskAsync(Caller caller, string id, string? relation, string? parentTaskId, BusinessMessage? input, CancellationToken ct)
    {
        TaskCreation.CheckRelation(TaskStartMode.Async, relation, parentTaskId);
        var parentId = parentTaskId!;
        return (await actions.ActAsync(caller, id, TaskAction.StartAsSubTask, async c =>
        {
            var parent = await actions.ReadAsync(caller, parentId, ct);
            TaskActionRunner.RequireAllowed(TaskAction.CreateSubTask, parent, caller);
            var task = c.Task with { Position = HierarchyPosition.SubTask, ParentId = parent.Task.Id, TopLevelId = parent.Task.TopLevelId };
            if (input is not null)
            {
                task = task with { Input = TaskMessages.Canonical(input, c.Template.Template.Input, "input") };
            }

            // As for a subtask created under the parent: the parent's administrators administer the subtask too (§6.2).
            var administrators = TaskPeople.Members(c.Stored.WorkItems, TaskRole.Administrator)
                .Concat(TaskPeople.Members(parent.WorkItems, TaskRole.Administrator)).Distinct().ToList();
            c.Change.Roles.Add(new RoleWrite(task.Id, TaskRole.Administrator, administrators));
            c.Event(TaskEvents.Updated, detail: $"subtask of {parent.Task.Id}");
            var started = await invocations.StartAndInvokeAsync(c, task, ct);
            await followUps.ParentWaitsAsync(c, parent, task.Id, ct);
            return started;
        }, ct)).View!;
    }

    /// <summary>The subtasks of a task (<c>GET /task/{tkiid}/subtasks</c>), oldest first.</summary>
    public async Task<IReadOnlyList<TaskView>> GetSubTasksAsync(Caller caller, string id, CancellationToken ct)
    {
        await actions.ReadAsync(caller, id, ct);
        var subs = await store.ListSubTasksAsync(id, ct);
        var views = new List<TaskView>(subs.Count);
        foreach (var stored in await store.FindManyAsync([.. subs.Select(s => s.Id)], ct))
        {
            // Members of any role of a task may read its subtasks (ibm-bpm-htm.md §6.2).
            var roles = TaskPeople.RolesOf(caller, stored.WorkItems);
            var reader = roles.Roles.Count > 0 || roles.IsSystemAdministrator || roles.IsSystemMonitor ? roles : new TaskCaller(new HashSet<TaskRole> { TaskRole.Reader });
            views.Add(new TaskView(stored.Task, stored.WorkItems, reader, await actions.TemplateOfAsync(stored.Task, ct)));
        }

        return [.. views.OrderBy(v => v.Task.CreatedAt).ThenBy(v => v.Task.Id, StringComparer.Ordinal)];
    }

    /// <param name="followOn">A task template id (a new task is made from it) or the id of an INACTIVE task to continue with.</param>
    /// <param name="output">This task's output; without it, the stored output is passed on.</param>
    public async Task<TaskView> CompleteWithFollowOnAsync(Caller caller, string taskId, string followOn, BusinessMessage? output, CancellationToken ct)
    {
        var (template, existing) = await FollowOnTargetAsync(caller, followOn, ct);
        var model = template.Template;
        var followId = existing?.Task.Id ?? HumanTaskIds.NewTaskId(time.GetUtcNow());
        return (await actions.ActAsync(caller, taskId, TaskAction.CreateFollowOn, c =>
        {
            var first = c.Task;
            var own = c.Template.Template;
            if (own.Output?.TypeName != model.Input?.TypeName)
            {
                throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.FollowOnTypeMismatch,
                    $"The follow-on task's input type {model.Input?.TypeName ?? "(none)"} is not task {taskId}'s output type {own.Output?.TypeName ?? "(none)"}.",
                    followId, taskId);
            }

            var outputXml = TaskMessages.Completing(output, first.Output, own.Output);
            var before = existing?.Task ?? TaskTransitions.NewTask(followId, model, first.Originator, null, c.Now, null, null);
            var follow = before with
            {
                Position = HierarchyPosition.FollowOnTask,
                ParentId = first.Id,
                TopLevelId = first.TopLevelId,
                Input = outputXml,
                WaitingRunId = first.WaitingRunId,
                LastModifiedAt = c.Now,
                // The chain is one task (§4.4): once escalated, what follows in it is escalated too.
                IsEscalated = before.IsEscalated || first.IsEscalated,
            };
            if (existing is null)
            {
                c.Change.Roles.AddRange(TaskPeople.Materialise(followId, model, first.Originator, TaskPeople.Members(c.Stored.WorkItems, TaskRole.Administrator)));
                c.EventFor(before, TaskEvents.Created, detail: $"follow-on of {first.Id}");
            }

            var escalations = existing is null ? TaskEscalations.Create(followId, model) : [];
            c.Change.Escalations.AddRange(escalations);
            follow = StartFollowOn(c, follow, before);
            TaskEscalations.Follow(c, follow, escalations, model, before);
            c.Change.Tasks.Add(existing is null
                ? new TaskWrite(follow with { Version = 1 }, null, PropertiesChanged: true)
                : new TaskWrite(follow with { Version = existing.Task.Version + 1 }, existing.Task.Version));

            c.Event(TaskEvents.Forwarded, detail: followId);
            var forwarded = TaskClock.End(first with { Output = outputXml, FaultName = null, Fault = null, FollowOnId = followId, WaitingRunId = null }, TaskState.Forwarded, c.Now, c.Change);
            // The first task's expiry stays: it expires the chain (§5.3). Its deletion waits for the chain, which it goes with.
            c.Change.Timers.RemoveAll(t => t.OwnerId == first.Id && t.Kind is TaskTimerKinds.Expiry or TaskTimerKinds.Deletion);
            c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Deletion, first.Id, null));
            return ValueTask.FromResult<HumanTask?>(forwarded with { DeletionAt = null });
        }, ct)).View!;
    }

    private static HumanTask StartFollowOn(TaskActionContext c, HumanTask follow, HumanTask before)
    {
        var next = follow.Kind == TaskKind.Invocation ? TaskState.Running : TaskState.Ready;
        c.Change.Roles.Add(new RoleWrite(follow.Id, TaskRole.Starter, [WorkItem.ForUser(TaskRole.Starter, c.Caller.UserName)]));
        c.EventFor(before, TaskEvents.Started, to: c.Caller.UserName, reason: TaskRole.Starter);
        follow = follow with { State = next, Starter = c.Caller.UserName, LastStateChangeAt = c.Now, StartedAt = next == TaskState.Running ? c.Now : follow.StartedAt };
        return TaskClock.Activate(follow, c.Now, c.Change);
    }

    /// <summary>
    /// The templates a follow-on of <paramref name="task"/> could be made from by this caller: started, of a kind that may
    /// follow on, taking this task's output as input, and ones the caller may create and start tasks from. Empty when the
    /// caller may not complete the task with a follow-on now. The same checks <see cref="CompleteWithFollowOnAsync"/> makes.
    /// </summary>
    public async Task<IReadOnlyList<TemplateView>> FollowOnTemplatesAsync(Caller caller, TaskView task, CancellationToken ct)
    {
        if (!task.Actions.Contains(TaskAction.CreateFollowOn) || task.Template.Template.Output is not { } output)
        {
            return [];
        }

        return [.. (await templates.ListStartedAsync(caller, ct)).Where(t =>
            TaskKinds.MayJoinHierarchy(t.Template.Kind) && t.Template.Input?.TypeName == output.TypeName
            && TemplateRights.Holds(caller, t.Template, TaskRole.PotentialInstanceCreator) && TemplateRights.Holds(caller, t.Template, TaskRole.PotentialStarter))];
    }

    private async Task<(TemplateView Template, StoredTask? Existing)> FollowOnTargetAsync(Caller caller, string followOn, CancellationToken ct)
    {
        TemplateView template;
        StoredTask? existing = null;
        if (HumanTaskIds.IsTemplateId(followOn))
        {
            template = await templates.FindAsync(followOn, ct) ?? throw new NotFoundException("Task template", followOn);
            if (!template.IsStarted)
            {
                throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.TemplateStopped, $"Task template {template.Template.Name} is stopped.", followOn);
            }

            TaskPeople.RequireTemplateRole(caller, template.Template, TaskRole.PotentialInstanceCreator, "create");
            TaskPeople.RequireTemplateRole(caller, template.Template, TaskRole.PotentialStarter, "start");
        }
        else
        {
            existing = await actions.ReadAsync(caller, followOn, ct);
            TaskActionRunner.RequireAllowed(TaskAction.Start, existing, caller);
            if (existing.Task.Position != HierarchyPosition.TopTask)
            {
                throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.PartOfHierarchy, $"Task {followOn} already belongs to a hierarchy; a follow-on is a stand-alone task.", followOn);
            }

            template = await actions.TemplateOfAsync(existing.Task, ct);
        }

        if (!TaskKinds.MayJoinHierarchy(template.Template.Kind))
        {
            throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.WrongKind,
                $"A follow-on task is a collaboration or invocation task; {template.Template.Name} is a {TaskKinds.ToName(template.Template.Kind)} template.", followOn);
        }

        return (template, existing);
    }
}
