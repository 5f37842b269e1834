using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;

namespace Taskforge.Engine.HumanTasks;

/// <summary>How a broken task rule is answered; each face picks its status from this.</summary>
public enum TaskRuleKind
{
    /// <summary>None of the caller's roles allows it (403, or the face's own word for it).</summary>
    NotAllowed,

    /// <summary>The task's (or template's) state does not allow it now (409).</summary>
    Conflict,

    /// <summary>The request itself is wrong (400).</summary>
    Invalid,
}

/// <summary>
/// A human-task rule the request broke: how it is answered (<see cref="Kind"/>), why (<see cref="Reason"/>, the engine's
/// code), a sentence for the person (the message) and the values the sentence names (<see cref="Parameters"/>).
/// </summary>
public sealed class TaskRuleException(TaskRuleKind kind, TaskRuleReason reason, string message, params string[] parameters)
    : TaskforgeException(message)
{
    public TaskRuleKind Kind { get; } = kind;

    public TaskRuleReason Reason { get; } = reason;

    public IReadOnlyList<string> Parameters { get; } = parameters;

    /// <summary>For business data that does not fit its message type: each problem by field path, so a form can show it there.</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; init; }

    /// <summary>The matrix's refusal as an exception: by role → not allowed; by state → conflict.</summary>
    public static TaskRuleException From(TaskActionCheck check, string taskId) => new(
        check.Outcome == TaskActionOutcome.ForbiddenByRole ? TaskRuleKind.NotAllowed : TaskRuleKind.Conflict,
        check.Reason ?? TaskRuleReason.TaskStateForbids, $"Task {taskId}: {check.Explanation}", taskId);
}
