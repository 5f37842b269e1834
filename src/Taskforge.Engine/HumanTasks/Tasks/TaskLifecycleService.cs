using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// A human task's life for every face (ibm-bpm-htm.md §5.1): create it, read it, and the actions that move it from
/// state to state — start, claim, cancel the claim, complete, suspend, resume, terminate, restart, delete, call. Each
/// action runs through <see cref="TaskActionRunner"/>: read, check against the matrix, change, commit fenced.
/// </summary>
public sealed partial class TaskLifecycleService(
    TaskActionRunner actions, TaskTemplateService templates, TaskFollowUps followUps, TaskInvocationService invocations, ITaskStore store, TimeProvider time)
{
    /// <summary>
    /// The templates this caller may create tasks from now: the version new tasks are made from, where the caller is a
    /// potential instance creator; for a subtask only kinds that may join a hierarchy. <see cref="CreateAsync"/>'s checks.
    /// </summary>
    public async Task<IReadOnlyList<TemplateView>> CreatableTemplatesAsync(Caller caller, bool asSubTask, CancellationToken ct) =>
        [.. (await templates.ListStartedAsync(caller, ct)).Where(t =>
            TemplateRights.Holds(caller, t.Template, TaskRole.PotentialInstanceCreator) && (!asSubTask || TaskKinds.MayJoinHierarchy(t.Template.Kind)))];

    public async Task<TaskView> CreateAsync(Caller caller, TaskCreation request, CancellationToken ct)
    {
        TaskCreation.CheckRelation(request.Mode, request.Relation, request.ParentTaskId);
        // The version's document never changes and comes from memory; whether it is started is checked by the insert itself
        // (its fence), so a create costs no read of the template and races no stop.
        var template = await templates.FindOfTaskAsync(request.TemplateId, ct) is { IsStarted: true } known
            ? known
            : await templates.FindAsync(request.TemplateId, ct) ?? throw new NotFoundException("Task template", request.TemplateId);
        var model = template.Template;
        if (!template.IsStarted)
        {
            throw Stopped(model);
        }

        var starts = request.Mode != TaskStartMode.CreateOnly;
        TaskPeople.RequireTemplateRole(caller, model, TaskRole.PotentialInstanceCreator, "create");
        if (starts)
        {
            TaskPeople.RequireTemplateRole(caller, model, TaskRole.PotentialStarter, "start");
        }

        if (request.Mode == TaskStartMode.Sync && model.Kind != TaskKind.Invocation)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidParameters,
                $"mode=sync runs an invocation task; {model.Name} is a {TaskKinds.ToName(model.Kind)} template. Use async or createOnly.", "mode");
        }

        var input = request.Input is null ? null : TaskMessages.Canonical(request.Input, model.Input, "input");
        var now = time.GetUtcNow();
        var change = new TaskChange();
        var id = HumanTaskIds.NewTaskId(now);
        StoredTask? parent = null;
        if (request.ParentTaskId is { } parentId)
        {
            parent = await actions.ReadAsync(caller, parentId, ct);
            TaskActionRunner.RequireAllowed(TaskAction.CreateSubTask, parent, caller);
            if (!TaskKinds.MayJoinHierarchy(model.Kind))
            {
                throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.WrongKind,
                    $"A subtask is a collaboration or invocation task; {model.Name} is a {TaskKinds.ToName(model.Kind)} template.", model.Id);
            }
        }

        var task = TaskTransitions.NewTask(id, model, caller.UserName, input, now, parent?.Task, waitingRun: null);
        var inherited = parent is null ? null : TaskPeople.Members(parent.WorkItems, TaskRole.Administrator);
        change.Roles.AddRange(TaskPeople.Materialise(id, model, caller.UserName, inherited));
        var context = new TaskActionContext(caller, new StoredTask(task, []), template, task.State, now, change);
        context.Event(TaskEvents.Created);
        var escalations = TaskEscalations.Create(id, model);
        change.Escalations.AddRange(escalations);
        if (starts)
        {
            task = await invocations.StartAndInvokeAsync(context, task, ct);
        }

        TaskEscalations.Follow(context, task, escalations, model);

        change.Tasks.Add(new TaskWrite(task with { Version = 1 }, null, PropertiesChanged: true, NeedsStartedTemplate: true));
        if (parent is not null)
        {
            await followUps.ParentWaitsAsync(context, parent, id, ct);
        }

        if (!await store.ApplyAsync(change, ct))
        {
            if (await templates.FindAsync(request.TemplateId, ct) is not { IsStarted: true })
            {
                throw Stopped(model);
            }

            // Otherwise the parent's fence failed: it changed meanwhile (claim cancelled, say). Ask again, and the rules answer.
            throw new ConflictException($"Task {request.ParentTaskId ?? id} changed while it was created; try again.");
        }

        actions.Applied(change);

        if (request.Mode == TaskStartMode.Sync)
        {
            return await invocations.AwaitEndAsync(caller, id, ct);
        }

        // The task as written, not read back: principals as the store keeps them (lower case, each once).
        var items = change.Roles.Where(r => r.TaskId == id)
            .SelectMany(r => r.Items.Select(i => i with { Reason = r.Reason, Principal = i.Principal.ToLowerInvariant() })).Distinct().ToList();
        return TaskActionRunner.View(caller, new StoredTask(change.Tasks.First(w => w.Task.Id == id).Task, items), template);
    }

    public Task<TaskView> GetAsync(Caller caller, string id, CancellationToken ct) => actions.ViewAsync(caller, id, ct);

    /// <summary>Several tasks at once (bulk actions, <c>GET /task/actions</c>); unknown or unreadable ids are left out.</summary>
    public async Task<IReadOnlyList<TaskView>> GetManyAsync(Caller caller, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var views = new List<TaskView>();
        foreach (var stored in await store.FindManyAsync(ids, ct))
        {
            var roles = TaskPeople.RolesOf(caller, stored.WorkItems);
            if (TaskActionMatrix.Check(TaskAction.Read, stored.Task.Facts, roles).IsAllowed)
            {
                views.Add(new TaskView(stored.Task, stored.WorkItems, roles, await actions.TemplateOfAsync(stored.Task, ct)));
            }
        }

        return views;
    }

    private static TaskRuleException Stopped(TaskTemplate model) =>
        new(TaskRuleKind.Conflict, TaskRuleReason.TemplateStopped,
            $"Task template {model.Name} ({model.Id}) is stopped; no tasks can be created from it.", model.Id);
}
