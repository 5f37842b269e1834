namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Everything one action does, written in one transaction by <see cref="ITaskStore.ApplyAsync"/>: tasks inserted or
/// updated (each update fenced by the version it was read at), tasks removed, role memberships replaced, escalations,
/// timers and history events. Either all of it commits or none; a failed fence means someone else acted first.
/// </summary>
public sealed class TaskChange
{
    public List<TaskWrite> Tasks { get; } = [];

    /// <summary>Tasks removed with their work items, properties, escalations, history and timers.</summary>
    public List<TaskDelete> Deleted { get; } = [];

    public List<RoleWrite> Roles { get; } = [];

    /// <summary>Escalations inserted or replaced (by id).</summary>
    public List<TaskEscalation> Escalations { get; } = [];

    public List<TimerWrite> Timers { get; } = [];

    public List<TaskEvent> Events { get; } = [];

    /// <summary>Runs to wake because a task they wait for ended (the workflow <c>task</c> step).</summary>
    public List<string> WakeRuns { get; } = [];

    /// <summary>Runs started with the change (the workflow an invocation task invokes), so a task is never RUNNING without its run.</summary>
    public List<Workflows.Runs.Run> StartRuns { get; } = [];

    public bool IsEmpty => Tasks.Count == 0 && Deleted.Count == 0 && Roles.Count == 0 && Escalations.Count == 0 && Timers.Count == 0 && Events.Count == 0 && StartRuns.Count == 0;
}

/// <summary>A task to insert (<paramref name="ExpectedVersion"/> null) or to update if it still has that version.</summary>
/// <param name="PropertiesChanged">Whether the custom properties must be rewritten (they live in their own table for queries).</param>
/// <param name="NeedsStartedTemplate">An insert that holds only while the task's template version is started (the fence of a create).</param>
public sealed record TaskWrite(HumanTask Task, long? ExpectedVersion, bool PropertiesChanged = false, bool NeedsStartedTemplate = false);

/// <summary>A task to remove if it still has <paramref name="ExpectedVersion"/> (null: whatever its version, for the subtasks that go with it).</summary>
public sealed record TaskDelete(string TaskId, long? ExpectedVersion);

/// <summary>Replaces the work items of one role of one task.</summary>
public sealed record RoleWrite(string TaskId, TaskRole Reason, IReadOnlyList<WorkItem> Items);

/// <summary>Sets the timer (kind, owner) to fire at <paramref name="DueAt"/>, or removes it when null.</summary>
public sealed record TimerWrite(string Kind, string OwnerId, DateTimeOffset? DueAt);
