using Taskforge.Engine.HumanTasks.Lifecycle;

namespace Taskforge.Engine.HumanTasks.Inbox;

/// <summary>
/// One page of one inbox list, narrowed by a phrase (in the task's or its template's texts), a template name, and a state
/// or substate (<see cref="InboxStates"/>).
/// </summary>
public sealed record InboxRequest(InboxTab Tab, string? Text = null, string? Template = null, string? State = null, InboxSort Sort = InboxSort.Urgency, int Page = 1)
{
    public const int PageSize = 50;
}

/// <summary>A page of an inbox list; <see cref="HasMore"/> when another page follows.</summary>
public sealed record InboxPage(IReadOnlyList<Tasks.TaskView> Tasks, int Page, bool HasMore);

/// <summary>The states and substates an inbox list can be narrowed to, with the condition each stands for.</summary>
public static class InboxStates
{
    public static IReadOnlyList<(string Name, string Label)> Choices { get; } =
    [
        ("inactive", "Not started"), ("ready", "Ready"), ("claimed", "Claimed"), ("running", "Running"), ("suspended", "Suspended"),
        ("escalated", "Escalated"), ("finished", "Finished"), ("failed", "Failed"), ("terminated", "Terminated"), ("expired", "Expired"),
        ("forwarded", "Forwarded"),
    ];

    /// <summary>The where-clause for a choice, or null for an unknown one.</summary>
    public static string? ConditionOf(string name) => name switch
    {
        "suspended" => "TASK.SUSPENDED = TRUE",
        "escalated" => "TASK.IS_ESCALATED = TRUE",
        _ when Choices.Any(c => c.Name == name) && Enum.TryParse<TaskState>(name, ignoreCase: true, out var state) =>
            $"TASK.STATE = TASK.STATE.STATE_{state.ToString().ToUpperInvariant()}",
        _ => null,
    };
}
