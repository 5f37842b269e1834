using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>The state-changing actions of ibm-bpm-htm.md §5.1 (the matrix has already allowed each when its effect runs).</summary>
public sealed partial class TaskLifecycleService
{
    /// <summary><c>PUT action=start</c>: an INACTIVE task becomes READY (invocation: RUNNING, its workflow started); the caller is its starter.</summary>
    public async Task<TaskView> StartAsync(Caller caller, string id, BusinessMessage? input, CancellationToken ct) =>
        (await actions.ActAsync(caller, id, TaskAction.Start, async c =>
        {
            var task = c.Task;
            if (input is not null)
            {
                task = task with { Input = TaskMessages.Canonical(input, c.Template.Template.Input, "input") };
            }

            return await invocations.StartAndInvokeAsync(c, task, ct);
        }, ct)).View!;

    /// <summary>
    /// <c>PUT action=start&amp;mode=sync</c> (IBM's <c>callTask</c>): starts an INACTIVE invocation task and waits for it to
    /// end, as <c>POST /task?mode=sync</c> does for a new one. Only invocation tasks can be called; the kind never changes,
    /// so checking it before the start is as good as checking it inside.
    /// </summary>
    public async Task<TaskView> CallAsync(Caller caller, string id, BusinessMessage? input, CancellationToken ct)
    {
        var stored = await actions.ReadAsync(caller, id, ct);
        if (stored.Task.Kind != TaskKind.Invocation)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidParameters,
                $"mode=sync calls an invocation task; task {id} is a {TaskKinds.ToName(stored.Task.Kind)} task. Use mode=async.", "mode");
        }

        await StartAsync(caller, id, input, ct);
        return await invocations.AwaitEndAsync(caller, id, ct);
    }

    /// <summary><c>PUT action=claim</c>: READY → CLAIMED with the caller as owner; answers the input message (XML, or null).</summary>
    public async Task<(TaskView View, string? Input)> ClaimAsync(Caller caller, string id, CancellationToken ct)
    {
        var outcome = await actions.ActAsync(caller, id, TaskAction.Claim, c =>
        {
            c.Change.Roles.Add(new RoleWrite(c.Task.Id, TaskRole.Owner, [WorkItem.ForUser(TaskRole.Owner, c.Caller.UserName)]));
            c.Event(TaskEvents.Claimed, to: c.Caller.UserName, reason: TaskRole.Owner);
            c.Result = c.Task.Input;
            return ValueTask.FromResult<HumanTask?>(c.Task with { State = TaskState.Claimed, Owner = c.Caller.UserName, StartedAt = c.Now });
        }, ct);
        return (outcome.View!, (string?)outcome.Result);
    }

    /// <summary><c>PUT action=cancel</c>: CLAIMED → READY; stored output and fault are dropped unless <paramref name="keepTaskData"/>. Timers keep running (§4.4).</summary>
    public async Task<TaskView> CancelClaimAsync(Caller caller, string id, bool keepTaskData, CancellationToken ct) =>
        (await actions.ActAsync(caller, id, TaskAction.CancelClaim, c => ValueTask.FromResult<HumanTask?>(TaskTransitions.CancelClaim(c, c.Task, keepTaskData)), ct)).View!;

    /// <summary>
    /// <c>PUT action=complete</c>: with <paramref name="faultName"/> the task FAILS with that fault; otherwise it FINISHES with
    /// the given output, or with what was stored (a stored fault fails it). An output type with required fields needs output.
    /// </summary>
    public async Task<TaskView> CompleteAsync(Caller caller, string id, BusinessMessage? message, string? faultName, CancellationToken ct)
    {
        var action = faultName is not null ? TaskAction.CompleteWithFault : TaskAction.Complete;
        var stored = await actions.ReadAsync(caller, id, ct);
        if (faultName is null && message is null && stored.Task.Fault is not null)
        {
            action = TaskAction.CompleteWithFault;
        }

        return (await actions.ActAsync(caller, id, action, c =>
        {
            var model = c.Template.Template;
            var task = c.Task;
            if (action == TaskAction.CompleteWithFault)
            {
                var name = faultName ?? task.FaultName!;
                var fault = message is null ? task.Fault : TaskMessages.FaultXml(model, name, message);
                c.Event(TaskEvents.Failed, detail: name);
                return ValueTask.FromResult<HumanTask?>(TaskClock.End(task with { FaultName = name, Fault = fault, Output = null }, TaskState.Failed, c.Now, c.Change));
            }

            var output = TaskMessages.Completing(message, task.Output, model.Output);
            if (output is null && model.Output is { } type && type.Fields.Any(f => f.Required))
            {
                throw new ValidationException("output", $"completing needs the output message {type.TypeName} (its required fields: {string.Join(", ", type.Fields.Where(f => f.Required).Select(f => f.Name))}).");
            }

            c.Event(TaskEvents.Completed);
            return ValueTask.FromResult<HumanTask?>(TaskClock.End(task with { Output = output, FaultName = null, Fault = null }, TaskState.Finished, c.Now, c.Change));
        }, ct, stored)).View!;
    }

    /// <summary><c>PUT action=suspend</c>: indefinitely, or until <paramref name="until"/> (from a deadline or a duration).</summary>
    public async Task<TaskView> SuspendAsync(Caller caller, string id, DateTimeOffset? until, CancellationToken ct) =>
        (await actions.ActAsync(caller, id, TaskAction.Suspend, c => ValueTask.FromResult<HumanTask?>(TaskTransitions.Suspend(c, c.Task, until, cancelsClaim: false)), ct)).View!;

    /// <summary>
    /// <c>PUT action=suspendAndCancelClaim</c>: suspended now; when it resumes, the claim is cancelled too. The task data
    /// is always kept then, so <paramref name="keepTaskData"/> false is refused (<see cref="TaskRuleReason.KeepTaskDataRequired"/>).
    /// </summary>
    public async Task<TaskView> SuspendAndCancelClaimAsync(Caller caller, string id, DateTimeOffset? until, bool keepTaskData, CancellationToken ct)
    {
        if (!keepTaskData)
        {
            throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.KeepTaskDataRequired,
                "suspendAndCancelClaim keeps the task data when it cancels the claim; keepTaskData=false is not supported.", "keepTaskData");
        }

        return (await actions.ActAsync(caller, id, TaskAction.SuspendAndCancelClaim,
            c => ValueTask.FromResult<HumanTask?>(TaskTransitions.Suspend(c, c.Task, until, cancelsClaim: true)), ct)).View!;
    }

    public async Task<TaskView> ResumeAsync(Caller caller, string id, CancellationToken ct) =>
        (await actions.ActAsync(caller, id, TaskAction.Resume, c => ValueTask.FromResult<HumanTask?>(TaskTransitions.Resume(c, c.Task)), ct)).View!;

    /// <summary><c>PUT action=terminate</c>: READY, CLAIMED or RUNNING → TERMINATED (subtasks with it).</summary>
    public async Task<TaskView> TerminateAsync(Caller caller, string id, CancellationToken ct) =>
        (await actions.ActAsync(caller, id, TaskAction.Terminate, c =>
        {
            c.Event(TaskEvents.Terminated);
            return ValueTask.FromResult<HumanTask?>(TaskClock.End(c.Task, TaskState.Terminated, c.Now, c.Change));
        }, ct)).View!;

    /// <summary><c>DELETE /task/{id}</c>: an INACTIVE or ended top-level task goes, with its subtasks and follow-ons.</summary>
    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct) =>
        await actions.ActAsync(caller, id, TaskAction.Delete, async c =>
        {
            c.Change.Deleted.Add(new TaskDelete(c.Task.Id, c.Task.Version));
            foreach (var below in await store.ListHierarchyAsync(c.Task.Id, ct))
            {
                if (below.Id != c.Task.Id)
                {
                    c.Change.Deleted.Add(new TaskDelete(below.Id, null));
                }
            }

            return null;
        }, ct);
}
