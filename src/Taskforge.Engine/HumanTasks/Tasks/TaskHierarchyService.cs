using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Follow-on tasks (ibm-bpm-htm.md §5.1, §5.3): completing with a follow-on FORWARDS this task and starts the next one
/// with this task's output as its input, in one change. The chain behaves as one task: follow-ons keep the chain's
/// originator and administrators, suspend/resume/terminate of a forwarded member act on the chain's current task, only
/// the first task's expiry counts (it expires the current task), and a waiting workflow waits for the last task.
/// </summary>
public sealed partial class HumanTaskService
{
    private static readonly TaskAction[] ChainActions = [TaskAction.Suspend, TaskAction.SuspendAndCancelClaim, TaskAction.Resume, TaskAction.Terminate];

    /// <param name="followOn">A task template id (a new task is made from it) or the id of an INACTIVE task to continue with.</param>
    /// <param name="output">This task's output; without it, the stored output is passed on.</param>
    public async Task<TaskView> CompleteWithFollowOnAsync(Caller caller, string taskId, string followOn, BusinessMessage? output, CancellationToken ct)
    {
        var (template, existing) = await FollowOnTargetAsync(caller, followOn, ct);
        var model = template.Template;
        var followId = existing?.Task.Id ?? HumanTaskIds.NewTaskId();
        return (await ActAsync(caller, taskId, TaskAction.CreateFollowOn, c =>
        {
            var first = c.Task;
            var own = c.Template.Template;
            if (own.Output?.TypeName != model.Input?.TypeName)
            {
                throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.FollowOnTypeMismatch,
                    $"The follow-on task's input type {model.Input?.TypeName ?? "(none)"} is not task {taskId}'s output type {own.Output?.TypeName ?? "(none)"}.",
                    followId, taskId);
            }

            var outputXml = output is null ? first.Output : Canonical(output, own.Output, "output");
            var before = existing?.Task ?? NewTask(followId, model, first.Originator, null, c.Now, null, null);
            var follow = before with
            {
                Position = HierarchyPosition.FollowOnTask, ParentId = first.Id, TopLevelId = first.TopLevelId, Input = outputXml,
                WaitingRunId = first.WaitingRunId, LastModifiedAt = c.Now,
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

            RequireTemplateRole(caller, template.Template, TaskRole.PotentialInstanceCreator, "create");
            RequireTemplateRole(caller, template.Template, TaskRole.PotentialStarter, "start");
        }
        else
        {
            existing = await ReadAsync(caller, followOn, ct);
            RequireAllowed(TaskAction.Start, existing, caller);
            if (existing.Task.Position != HierarchyPosition.TopTask)
            {
                throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.PartOfHierarchy, $"Task {followOn} already belongs to a hierarchy; a follow-on is a stand-alone task.", followOn);
            }

            template = await TemplateOfAsync(existing.Task, ct);
        }

        if (template.Template.Kind is not (TaskKind.Collaboration or TaskKind.Invocation))
        {
            throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.WrongKind,
                $"A follow-on task is a collaboration or invocation task; {template.Template.Name} is a {TaskKinds.ToName(template.Template.Kind)} template.", followOn);
        }

        return (template, existing);
    }

    /// <summary>Suspend, resume and terminate of a forwarded chain member act on the chain's current task (§5.3).</summary>
    private async Task<string> ChainMemberAsync(string id, TaskAction action, CancellationToken ct)
    {
        if (!ChainActions.Contains(action) || !HumanTaskIds.IsTaskId(id) || (await store.FindAsync(id, ct))?.Task is not { State: TaskState.Forwarded } forwarded)
        {
            return id;
        }

        return (await LastOfChainAsync(forwarded, ct))?.Id ?? id;
    }
}
