using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Restart (ibm-bpm-htm.md §5.1, §4.4): any state but INACTIVE goes back to READY (invocation: RUNNING), as if just
/// started: the people assignments are resolved again, the owner and escalation receivers go, subtasks and follow-ons
/// are deleted, every timer is reset, the priority is the template's again (escalations may have raised it, and they
/// start over), and the escalations go back to INACTIVE and start again from the new activation. The output and fault stay only with
/// <c>keepResultMessages</c>. The escalated substate is cleared with the escalations it came from. A new input replaces
/// the old one (Java's <c>restart(tkiid, input, keepResultMessages)</c>); a restarted invocation task invokes its
/// workflow again, as a new run, so that it does not stay RUNNING for a run that has already ended.
/// </summary>
public sealed partial class TaskLifecycleService
{
    public async Task<TaskView> RestartAsync(Caller caller, string id, bool keepResultMessages, BusinessMessage? input, CancellationToken ct) =>
        (await actions.ActAsync(caller, id, TaskAction.Restart, async c =>
        {
            var task = c.Task;
            var hierarchy = await store.ListHierarchyAsync(task.TopLevelId, ct);
            foreach (var below in TaskChains.Below(task.Id, hierarchy))
            {
                c.Change.Deleted.Add(new TaskDelete(below.Id, null));
            }

            foreach (var escalation in await store.ListEscalationsAsync(task.Id, ct))
            {
                c.Change.Escalations.Add(escalation with { State = EscalationState.Inactive, ActivatedAt = null, EscalatesAt = null, Fired = 0 });
                c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Escalation, escalation.Id, null));
            }

            c.Change.Roles.Add(new RoleWrite(task.Id, TaskRole.Owner, []));
            c.Change.Roles.Add(new RoleWrite(task.Id, TaskRole.EscalationReceiver, []));
            await ResolvePeopleAgainAsync(c, task, ct);
            c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Resume, task.Id, null));
            c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Deletion, task.Id, null));
            var next = c.Next ?? TaskState.Ready;
            if (task.Kind == TaskKind.Invocation)
            {
                // §5.2: the caller of a restarted invocation task becomes its starter.
                c.Change.Roles.Add(new RoleWrite(task.Id, TaskRole.Starter, [WorkItem.ForUser(TaskRole.Starter, c.Caller.UserName)]));
            }

            c.Event(TaskEvents.Restarted, detail: keepResultMessages ? "keepResultMessages" : null);
            var restarted = task with
            {
                State = next,
                Owner = null,
                FollowOnId = null,
                Priority = c.Template.Template.Priority,
                IsSuspended = false,
                ResumesAt = null,
                ResumeCancelsClaim = false,
                IsWaitingForSubTask = false,
                IsEscalated = false,
                CompletedAt = null,
                DeletionAt = null,
                EndReason = null,
                StartedAt = next == TaskState.Running ? c.Now : null,
                Starter = task.Kind == TaskKind.Invocation ? c.Caller.UserName : task.Starter,
                Input = input is null ? task.Input : TaskMessages.Canonical(input, c.Template.Template.Input, "input"),
                InvokedRunId = null,
                Output = keepResultMessages ? task.Output : null,
                FaultName = keepResultMessages ? task.FaultName : null,
                Fault = keepResultMessages ? task.Fault : null,
            };
            restarted = TaskClock.Activate(restarted, c.Now, c.Change);
            return next == TaskState.Running ? await invocations.InvokeAsync(c, restarted, ct) : restarted;
        }, ct)).View!;

    /// <summary>
    /// §6.6: people assignments are evaluated again on restart. Every role the template assigns gets the work items its
    /// assignment yields now, and a role it leaves empty loses what was added since, so a transfer, a created work item
    /// or a changed group membership in the template does not outlive the restart. The task's own template version is
    /// read, not the newest: the task keeps its messages and escalations, so it keeps its people rules too. Originator
    /// and starter are people who acted, not assignments, and stay; the owner and escalation receivers go with the
    /// claim and the escalations. A subtask or follow-on keeps the administrators it inherits from the task above it.
    /// </summary>
    private async Task ResolvePeopleAgainAsync(TaskActionContext c, HumanTask task, CancellationToken ct)
    {
        var inherited = task.Position != HierarchyPosition.TopTask && task.ParentId is { } above && await store.FindAsync(above, ct) is { } parent
            ? TaskPeople.Members(parent.WorkItems, TaskRole.Administrator)
            : null;
        var resolved = TaskPeople.Materialise(task.Id, c.Template.Template, task.Originator, inherited);
        foreach (var role in TaskPeople.TemplateRoles)
        {
            c.Change.Roles.Add(resolved.FirstOrDefault(w => w.Reason == role) ?? new RoleWrite(task.Id, role, []));
        }
    }
}
