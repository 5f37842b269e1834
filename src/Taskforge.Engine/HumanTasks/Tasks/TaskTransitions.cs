using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// The lifecycle's moves as pure steps on an action's change (ibm-bpm-htm.md §5.1; the matrix has already allowed each
/// when it runs): a new task, start, cancel a claim, suspend, resume. Every service whose action makes one of these
/// moves (an action of its own, a parent passing it down to its subtasks, a timer) takes it from here.
/// </summary>
public static class TaskTransitions
{
    public static HumanTask NewTask(string id, TaskTemplate model, string originator, string? input, DateTimeOffset now, HumanTask? parent, string? waitingRun) => new()
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
        TraceParent = Telemetry.EngineTracing.CurrentTraceParent(),
    };

    /// <summary>INACTIVE → READY (invocation: RUNNING); the caller is the starter and the task's clocks start.</summary>
    public static HumanTask Start(TaskActionContext c, HumanTask task)
    {
        var next = task.Kind == TaskKind.Invocation ? TaskState.Running : TaskState.Ready;
        c.Change.Roles.Add(new RoleWrite(task.Id, TaskRole.Starter, [WorkItem.ForUser(TaskRole.Starter, c.Caller.UserName)]));
        c.Event(TaskEvents.Started, to: c.Caller.UserName, reason: TaskRole.Starter);
        task = task with
        {
            State = next,
            Starter = c.Caller.UserName,
            LastStateChangeAt = c.Now,
            StartedAt = next == TaskState.Running ? c.Now : task.StartedAt,
        };
        return TaskClock.Activate(task, c.Now, c.Change);
    }

    /// <summary>CLAIMED → READY; stored output and fault are dropped unless <paramref name="keepTaskData"/>.</summary>
    public static HumanTask CancelClaim(TaskActionContext c, HumanTask task, bool keepTaskData)
    {
        c.Change.Roles.Add(new RoleWrite(task.Id, TaskRole.Owner, []));
        c.EventFor(task, TaskEvents.ClaimCancelled, from: task.Owner, reason: TaskRole.Owner);
        return task with
        {
            State = TaskState.Ready,
            Owner = null,
            ActivatedAt = c.Now,
            Output = keepTaskData ? task.Output : null,
            FaultName = keepTaskData ? task.FaultName : null,
            Fault = keepTaskData ? task.Fault : null,
        };
    }

    /// <summary>Suspended indefinitely, or until <paramref name="until"/> (its resume timer); with <paramref name="cancelsClaim"/> resuming cancels the claim.</summary>
    public static HumanTask Suspend(TaskActionContext c, HumanTask task, DateTimeOffset? until, bool cancelsClaim)
    {
        if (until is { } at && at <= c.Now)
        {
            throw new ValidationException("deadline", $"{at:O} has already passed; a suspension ends in the future.");
        }

        c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Resume, task.Id, until));
        c.EventFor(task, TaskEvents.Suspended, detail: until?.ToString("O"));
        return task with { IsSuspended = true, ResumesAt = until, ResumeCancelsClaim = cancelsClaim };
    }

    /// <summary>The suspension lifts (its resume timer goes); a suspension that cancels the claim cancels it now, keeping the task data.</summary>
    public static HumanTask Resume(TaskActionContext c, HumanTask task)
    {
        c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Resume, task.Id, null));
        c.EventFor(task, TaskEvents.Resumed);
        var resumed = task with { IsSuspended = false, ResumesAt = null, ResumeCancelsClaim = false };
        return task.ResumeCancelsClaim && task.State == TaskState.Claimed ? CancelClaim(c, resumed, keepTaskData: true) : resumed;
    }
}
