using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// What an action's effect works with: the task as read, its template, the state the matrix allows next, the clock
/// reading for the whole action, and the change being built. <see cref="Event"/> numbers history entries from the
/// version the task will have, so entries never collide and need no lookup.
/// </summary>
public sealed class TaskActionContext(Caller caller, StoredTask stored, TemplateView template, TaskState? next, DateTimeOffset now, TaskChange change)
{
    private int _events;

    public Caller Caller { get; } = caller;

    public StoredTask Stored { get; } = stored;

    public HumanTask Task => Stored.Task;

    public TemplateView Template { get; } = template;

    /// <summary>The state the matrix says follows (the current one for actions that keep it; null for delete).</summary>
    public TaskState? Next { get; } = next;

    public DateTimeOffset Now { get; } = now;

    public TaskChange Change { get; } = change;

    /// <summary>Set when the effect changed the custom properties, which the store keeps in their own table.</summary>
    public bool PropertiesChanged { get; set; }

    /// <summary>A value the effect hands back to the caller (the input message of a claim, say).</summary>
    public object? Result { get; set; }

    public void Event(string name, string? from = null, string? to = null, TaskRole? reason = null, string? escalationId = null, string? detail = null) =>
        EventFor(Task, name, from, to, reason, escalationId, detail);

    /// <summary>A history entry for another task of the same change (a subtask, a parent), numbered from that task's next version.</summary>
    public void EventFor(HumanTask task, string name, string? from = null, string? to = null, TaskRole? reason = null, string? escalationId = null, string? detail = null) =>
        Change.Events.Add(new TaskEvent(task.Id, ((task.Version + 1) * 64) + _events++, name, Now, Caller.UserName, from, to, reason, escalationId, detail));
}
