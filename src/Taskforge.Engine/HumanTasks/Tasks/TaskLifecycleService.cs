using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Human tasks for every face: create, read, and every action of IBM's lifecycle. Each action reads the task, asks
/// <see cref="TaskActionMatrix"/> whether the caller's roles and the task's state allow it, builds one
/// <see cref="TaskChange"/> and commits it against the version it read. When two callers act at once, the second
/// commit fails its fence, the action is tried again on the fresh task, and the matrix then answers the loser with the
/// ordinary 409 (a lost claim race is a result, not an error).
/// </summary>
public sealed partial class HumanTaskService(
    ITaskStore store, TaskTemplateService templates, TimerWakeSignal timers, TimeProvider time, ITaskNotifier notifier, IIdentityStore identities,
    IRunStore runs, WorkflowDefinitions workflows, RunWakeSignal runWake, InvocationEnds invocations, IOptions<HumanTaskOptions> options,
    IOptions<TimerOptions> timerOptions)
{
    /// <summary>How often an action is retried after losing a race before it gives up with a conflict.</summary>
    private const int Attempts = 5;

    public async Task<TaskView> CreateAsync(Caller caller, TaskCreation request, CancellationToken ct)
    {
        CheckRelation(request.Mode, request.Relation, request.ParentTaskId);
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
        RequireTemplateRole(caller, model, TaskRole.PotentialInstanceCreator, "create");
        if (starts)
        {
            RequireTemplateRole(caller, model, TaskRole.PotentialStarter, "start");
        }

        if (request.Mode == TaskStartMode.Sync && model.Kind != TaskKind.Invocation)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidParameters,
                $"mode=sync runs an invocation task; {model.Name} is a {TaskKinds.ToName(model.Kind)} template. Use async or createOnly.", "mode");
        }

        var input = request.Input is null ? null : Canonical(request.Input, model.Input, "input");
        var now = time.GetUtcNow();
        var change = new TaskChange();
        var id = HumanTaskIds.NewTaskId();
        StoredTask? parent = null;
        if (request.ParentTaskId is { } parentId)
        {
            parent = await ReadAsync(caller, parentId, ct);
            RequireAllowed(TaskAction.CreateSubTask, parent, caller);
            if (model.Kind is not (TaskKind.Collaboration or TaskKind.Invocation))
            {
                throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.WrongKind,
                    $"A subtask is a collaboration or invocation task; {model.Name} is a {TaskKinds.ToName(model.Kind)} template.", model.Id);
            }
        }

        var task = NewTask(id, model, caller.UserName, input, now, parent?.Task, waitingRun: null);
        var inherited = parent is null ? null : TaskPeople.Members(parent.WorkItems, TaskRole.Administrator);
        change.Roles.AddRange(TaskPeople.Materialise(id, model, caller.UserName, inherited));
        var context = new TaskActionContext(caller, new StoredTask(task, []), template, task.State, now, change);
        context.Event(TaskEvents.Created);
        var escalations = TaskEscalations.Create(id, model);
        change.Escalations.AddRange(escalations);
        if (starts)
        {
            task = await StartAndInvokeAsync(context, task, ct);
        }

        TaskEscalations.Follow(context, task, escalations, model);

        change.Tasks.Add(new TaskWrite(task with { Version = 1 }, null, PropertiesChanged: true, NeedsStartedTemplate: true));
        if (parent is not null)
        {
            await ParentWaitsAsync(context, parent, id, ct);
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

        Applied(change);
        if (request.Mode == TaskStartMode.Sync)
        {
            return await AwaitEndAsync(caller, id, ct);
        }

        // The task as written, not read back: principals as the store keeps them (lower case, each once).
        var items = change.Roles.Where(r => r.TaskId == id)
            .SelectMany(r => r.Items.Select(i => i with { Reason = r.Reason, Principal = i.Principal.ToLowerInvariant() })).Distinct().ToList();
        return View(caller, new StoredTask(change.Tasks.First(w => w.Task.Id == id).Task, items), template);
    }

    private static TaskRuleException Stopped(TaskTemplate model) =>
        new(TaskRuleKind.Conflict, TaskRuleReason.TemplateStopped,
            $"Task template {model.Name} ({model.Id}) is stopped; no tasks can be created from it.", model.Id);

    /// <summary>
    /// After a change committed (by this service, or with a run's checkpoint): the run loop may have a new run, and the
    /// timer loop a timer due before its next poll would see it. A later timer needs no wake-up (the loop finds it in
    /// time and sleeps until it is due), and each wake-up costs a claim round, one more write transaction.
    /// </summary>
    public void Applied(TaskChange change)
    {
        var soon = time.GetUtcNow() + timerOptions.Value.PollInterval + timerOptions.Value.Lookahead;
        if (change.Timers.Any(t => t.DueAt is { } due && due <= soon))
        {
            timers.Wake();
        }

        if (change.StartRuns.Count > 0)
        {
            runWake.Wake();
        }
    }

    public async Task<TaskView> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var stored = await ReadAsync(caller, id, ct);
        return View(caller, stored, await TemplateOfAsync(stored.Task, ct));
    }

    /// <summary>Several tasks at once (bulk actions, <c>GET /task/actions</c>); unknown or unreadable ids are left out.</summary>
    public async Task<IReadOnlyList<TaskView>> GetManyAsync(Caller caller, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var views = new List<TaskView>();
        foreach (var stored in await store.FindManyAsync(ids, ct))
        {
            var roles = TaskPeople.RolesOf(caller, stored.WorkItems);
            if (TaskActionMatrix.Check(TaskAction.Read, stored.Task.Facts, roles).IsAllowed)
            {
                views.Add(new TaskView(stored.Task, stored.WorkItems, roles, await TemplateOfAsync(stored.Task, ct)));
            }
        }

        return views;
    }

    /// <summary>The task, if it exists and the caller holds a role that may read it: not found when unknown, <see cref="TaskRuleReason.NotAllowedOnTask"/> when not allowed.</summary>
    private async Task<StoredTask> ReadAsync(Caller caller, string id, CancellationToken ct)
    {
        var stored = (HumanTaskIds.IsTaskId(id) ? await store.FindAsync(id, ct) : null) ?? throw new NotFoundException("Task", id);
        RequireAllowed(TaskAction.Read, stored, caller);
        return stored;
    }

    private async Task<TemplateView> TemplateOfAsync(HumanTask task, CancellationToken ct) =>
        await templates.FindOfTaskAsync(task.TemplateId, ct) ?? throw new InvalidOperationException($"Task {task.Id} names template {task.TemplateId}, which is gone.");

    private static TaskView View(Caller caller, StoredTask stored, TemplateView template) =>
        new(stored.Task, stored.WorkItems, TaskPeople.RolesOf(caller, stored.WorkItems), template);

    private static TaskActionCheck RequireAllowed(TaskAction action, StoredTask stored, Caller caller)
    {
        var check = TaskActionMatrix.Check(action, stored.Task.Facts, TaskPeople.RolesOf(caller, stored.WorkItems));
        return check.IsAllowed ? check : throw TaskRuleException.From(check, stored.Task.Id);
    }

    private static void RequireTemplateRole(Caller caller, TaskTemplate template, TaskRole role, string verb)
    {
        // The template's symbolic members resolve against the caller: at creation the caller is the originator.
        var assignment = template.Roles.GetValueOrDefault(role);
        var items = TaskPeople.Resolve(role, assignment, caller.UserName, TaskPeople.Resolve(TaskRole.Administrator, template.Roles.GetValueOrDefault(TaskRole.Administrator), caller.UserName, []));
        if (!caller.IsAdministrator && !items.Any(i => TaskPeople.Matches(i, caller)))
        {
            throw new TaskRuleException(TaskRuleKind.NotAllowed, TaskRuleReason.NotAllowedOnTemplate,
                $"User {caller.UserName} may not {verb} tasks from template {template.Name}: not a {(role == TaskRole.PotentialStarter ? "potential starter" : "potential instance creator")}.",
                caller.UserName, verb, template.Id);
        }
    }

    /// <summary>IBM's rules for <c>relation</c> and <c>parentTaskID</c> (ibm-bpm-htm.md §3.1, §3.3): both or neither, <c>subTask</c> only, and only with <c>mode=async</c>.</summary>
    private static void CheckRelation(TaskStartMode mode, string? relation, string? parentTaskId)
    {
        if ((relation is null) != (parentTaskId is null))
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.ParameterMissing,
                "relation and parentTaskID are given together (relation=subTask&parentTaskID=…).", relation is null ? "relation" : "parentTaskID");
        }

        if (relation is not null && relation != "subTask")
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidParameters, $"relation '{relation}' is not known; the only relation is subTask.", "relation");
        }

        if (relation is not null && mode != TaskStartMode.Async)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidParameters,
                "A subtask is created with mode=async; createOnly and sync cannot be combined with relation and parentTaskID.", "mode");
        }
    }

    /// <summary>
    /// The canonical XML of a message for its type. A message that does not fit (or a template without such a message)
    /// is <see cref="TaskRuleReason.InvalidMessage"/>, naming the fields at fault.
    /// </summary>
    private static string Canonical(BusinessMessage message, MessageType? type, string what)
    {
        if (type is null)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidMessage, $"The template defines no {what} message.", what);
        }

        try
        {
            return message.ToCanonicalXml(type);
        }
        catch (ValidationException ex)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidMessage,
                $"The {what} message is not a valid {type.TypeName}: {ex.Message}", [.. ex.Errors.Keys]);
        }
    }

    private static HumanTask NewTask(string id, TaskTemplate model, string originator, string? input, DateTimeOffset now, HumanTask? parent, string? waitingRun) => new()
    {
        Id = id,
        TemplateId = model.Id,
        Name = model.Name,
        Namespace = model.Namespace,
        Kind = model.Kind,
        State = TaskState.Inactive,
        Priority = model.Priority,
        Originator = originator,
        Position = parent is null ? HierarchyPosition.TopTask : HierarchyPosition.SubTask,
        ParentId = parent?.Id,
        TopLevelId = parent?.TopLevelId ?? id,
        Supports = model.Supports,
        AutoDeletion = model.AutoDeletionMode,
        DurationUntilDue = model.DurationUntilDue?.Text,
        DurationUntilExpires = model.DurationUntilExpires?.Text,
        DurationUntilDeleted = model.DurationUntilDeleted?.Text,
        CustomTexts = [.. Enumerable.Range(1, 8).Select(n => model.CustomTexts.GetValueOrDefault($"customText{n}"))],
        CustomProperties = model.CustomProperties,
        Input = input,
        WaitingRunId = waitingRun,
        CreatedAt = now,
        LastModifiedAt = now,
        LastStateChangeAt = now,
    };
}
