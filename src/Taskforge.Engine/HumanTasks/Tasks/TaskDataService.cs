using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>A message of a task with its type, so a face can render it as XML or JSON.</summary>
public sealed record TaskMessage(string? Xml, MessageType? Type, string? FaultName = null);

/// <summary>Properties and business data: <c>PUT action=update</c>, <c>/input</c>, <c>/output</c>, <c>/fault</c>, <c>/role/{role}</c>.</summary>
public sealed partial class HumanTaskService
{
    public async Task<TaskView> UpdateAsync(Caller caller, string id, TaskUpdate update, CancellationToken ct) =>
        (await ActAsync(caller, id, TaskAction.Update, c =>
        {
            foreach (var property in update.Given().Where(p => !TaskPropertyMatrix.MayUpdate(p, TaskPeople.RolesOf(caller, c.Stored.WorkItems))))
            {
                throw new TaskRuleException(TaskRuleKind.NotAllowed, TaskRuleReason.NotAllowedOnTask,
                    $"User {caller.UserName} may not update {property} of task {id}.", caller.UserName, "update " + property, id);
            }

            c.PropertiesChanged = update.CustomProperties is not null;
            c.Event(TaskEvents.Updated, detail: string.Join(",", update.Given()));
            return ValueTask.FromResult<HumanTask?>(TaskUpdates.Apply(c, update));
        }, ct)).View!;

    public async Task<TaskMessage> GetInputAsync(Caller caller, string id, CancellationToken ct)
    {
        var view = await GetAsync(caller, id, ct);
        return new TaskMessage(view.Task.Input, view.Template.Template.Input);
    }

    public async Task<TaskMessage> GetOutputAsync(Caller caller, string id, CancellationToken ct)
    {
        var view = await GetAsync(caller, id, ct);
        return new TaskMessage(view.Task.Output, view.Template.Template.Output);
    }

    /// <summary>The stored fault, or (with <paramref name="faultName"/>) the type of that fault with its stored data if it is the one stored.</summary>
    public async Task<TaskMessage> GetFaultAsync(Caller caller, string id, string? faultName, CancellationToken ct)
    {
        var view = await GetAsync(caller, id, ct);
        var name = faultName ?? view.Task.FaultName;
        if (name is null)
        {
            return new TaskMessage(null, null);
        }

        if (!view.Template.Template.Faults.TryGetValue(name, out var type))
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.UnknownFault, $"Task {id} has no fault '{name}'.", name);
        }

        return new TaskMessage(name == view.Task.FaultName ? view.Task.Fault : null, type, name);
    }

    /// <summary><c>PUT /input</c>: only while INACTIVE (originator, potential starter, administrator).</summary>
    public async Task<TaskView> SetInputAsync(Caller caller, string id, BusinessMessage message, CancellationToken ct) =>
        (await ActAsync(caller, id, TaskAction.SetInput, c =>
        {
            c.Event(TaskEvents.InputSet);
            return ValueTask.FromResult<HumanTask?>(c.Task with { Input = Canonical(message, c.Template.Template.Input, "input") });
        }, ct)).View!;

    /// <summary><c>PUT /output</c>: saves work in progress on a CLAIMED task; replaces a stored fault.</summary>
    public async Task<TaskView> SetOutputAsync(Caller caller, string id, BusinessMessage message, CancellationToken ct) =>
        (await ActAsync(caller, id, TaskAction.SetOutput, c =>
        {
            c.Event(TaskEvents.OutputSet);
            return ValueTask.FromResult<HumanTask?>(c.Task with { Output = Canonical(message, c.Template.Template.Output, "output"), FaultName = null, Fault = null });
        }, ct)).View!;

    /// <summary><c>PUT /fault?faultName=</c>: stores a fault on a CLAIMED task; replaces stored output.</summary>
    public async Task<TaskView> SetFaultAsync(Caller caller, string id, string faultName, BusinessMessage message, CancellationToken ct) =>
        (await ActAsync(caller, id, TaskAction.SetFault, c =>
        {
            c.Event(TaskEvents.FaultSet, detail: faultName);
            return ValueTask.FromResult<HumanTask?>(c.Task with { FaultName = faultName, Fault = FaultXml(c.Template.Template, faultName, message), Output = null });
        }, ct)).View!;

    /// <summary>The members of one role of a task (<c>GET /task/{id}/role/{role}</c>).</summary>
    public async Task<IReadOnlyList<WorkItem>> GetRoleAsync(Caller caller, string id, TaskRole role, CancellationToken ct) =>
        TaskPeople.Members((await ReadAsync(caller, id, ct)).WorkItems, role);

    public async Task<IReadOnlyList<TaskEvent>> GetHistoryAsync(Caller caller, string id, CancellationToken ct)
    {
        await ReadAsync(caller, id, ct);
        return await store.ListEventsAsync(id, ct);
    }

    public async Task<IReadOnlyList<TaskView>> GetSubTasksAsync(Caller caller, string id, CancellationToken ct)
    {
        await ReadAsync(caller, id, ct);
        var subs = await store.ListSubTasksAsync(id, ct);
        var views = new List<TaskView>(subs.Count);
        foreach (var stored in await store.FindManyAsync([.. subs.Select(s => s.Id)], ct))
        {
            // Members of any role of a task may read its subtasks (ibm-bpm-htm.md §6.2).
            var roles = TaskPeople.RolesOf(caller, stored.WorkItems);
            var reader = roles.Roles.Count > 0 || roles.IsSystemAdministrator || roles.IsSystemMonitor ? roles : new TaskCaller(new HashSet<TaskRole> { TaskRole.Reader });
            views.Add(new TaskView(stored.Task, stored.WorkItems, reader, await TemplateOfAsync(stored.Task, ct)));
        }

        return [.. views.OrderBy(v => v.Task.CreatedAt).ThenBy(v => v.Task.Id, StringComparer.Ordinal)];
    }
}
