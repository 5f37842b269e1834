using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// What a task carries: its properties (<c>PUT action=update</c>), its business data (<c>/input</c>, <c>/output</c>,
/// <c>/fault</c>) and its history.
/// </summary>
public sealed class TaskDataService(TaskActionRunner actions, ITaskStore store)
{
    public async Task<TaskView> UpdateAsync(Caller caller, string id, TaskUpdate update, CancellationToken ct) =>
        (await actions.ActAsync(caller, id, TaskAction.Update, c =>
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
        var view = await actions.ViewAsync(caller, id, ct);
        return new TaskMessage(view.Task.Input, view.Template.Template.Input);
    }

    public async Task<TaskMessage> GetOutputAsync(Caller caller, string id, CancellationToken ct)
    {
        var view = await actions.ViewAsync(caller, id, ct);
        return new TaskMessage(view.Task.Output, view.Template.Template.Output);
    }

    /// <summary>The stored fault, or (with <paramref name="faultName"/>) the type of that fault with its stored data if it is the one stored.</summary>
    public async Task<TaskMessage> GetFaultAsync(Caller caller, string id, string? faultName, CancellationToken ct)
    {
        var view = await actions.ViewAsync(caller, id, ct);
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
        (await actions.ActAsync(caller, id, TaskAction.SetInput, c =>
        {
            c.Event(TaskEvents.InputSet);
            return ValueTask.FromResult<HumanTask?>(c.Task with { Input = TaskMessages.Canonical(message, c.Template.Template.Input, "input") });
        }, ct)).View!;

    /// <summary><c>PUT /output</c>: saves work in progress on a CLAIMED task; replaces a stored fault.</summary>
    public Task<TaskView> SetOutputAsync(Caller caller, string id, BusinessMessage message, CancellationToken ct) =>
        StoreOutputAsync(caller, id, message, draft: false, ct);

    /// <summary>
    /// Saves work in progress that may leave required fields out (the console's "save draft"); completing checks them all.
    /// IBM's face stores complete messages only (<see cref="SetOutputAsync"/>). The same action and rights as setting the output.
    /// </summary>
    public Task<TaskView> SaveDraftAsync(Caller caller, string id, BusinessMessage message, CancellationToken ct) =>
        StoreOutputAsync(caller, id, message, draft: true, ct);

    private async Task<TaskView> StoreOutputAsync(Caller caller, string id, BusinessMessage message, bool draft, CancellationToken ct) =>
        (await actions.ActAsync(caller, id, TaskAction.SetOutput, c =>
        {
            c.Event(TaskEvents.OutputSet);
            return ValueTask.FromResult<HumanTask?>(c.Task with
            {
                Output = TaskMessages.Canonical(message, c.Template.Template.Output, "output", draft),
                FaultName = null,
                Fault = null,
            });
        }, ct)).View!;

    /// <summary><c>PUT /fault?faultName=</c>: stores a fault on a CLAIMED task; replaces stored output.</summary>
    public async Task<TaskView> SetFaultAsync(Caller caller, string id, string faultName, BusinessMessage message, CancellationToken ct) =>
        (await actions.ActAsync(caller, id, TaskAction.SetFault, c =>
        {
            c.Event(TaskEvents.FaultSet, detail: faultName);
            return ValueTask.FromResult<HumanTask?>(c.Task with { FaultName = faultName, Fault = TaskMessages.FaultXml(c.Template.Template, faultName, message), Output = null });
        }, ct)).View!;

    /// <summary>The task's history (<c>GET /task/{tkiid}/history</c>), oldest first.</summary>
    public async Task<IReadOnlyList<TaskEvent>> GetHistoryAsync(Caller caller, string id, CancellationToken ct)
    {
        await actions.ReadAsync(caller, id, ct);
        return await store.ListEventsAsync(id, ct);
    }
}
