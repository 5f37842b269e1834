using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;

namespace Taskforge.Engine.HumanTasks;

/// <summary>How a broken task rule is answered: the IBM dialect uses 401 for <see cref="NotAllowed"/> (ibm-bpm-htm.md §1).</summary>
public enum TaskRuleKind
{
    /// <summary>None of the caller's roles allows it (IBM: 401; native: 403).</summary>
    NotAllowed,

    /// <summary>The task's (or template's) state does not allow it now (409).</summary>
    Conflict,

    /// <summary>The request itself is wrong (400).</summary>
    Invalid,
}

/// <summary>A human-task rule the request broke, with IBM's message id (<see cref="HtmErrorNumbers"/>) and its parameters.</summary>
public sealed class TaskRuleException(TaskRuleKind kind, string errorNumber, string message, params string[] parameters)
    : TaskforgeException(message)
{
    public TaskRuleKind Kind { get; } = kind;

    public string ErrorNumber { get; } = errorNumber;

    public IReadOnlyList<string> Parameters { get; } = parameters;

    /// <summary>For business data that does not fit its message type: each problem by field path, so a form can show it there.</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; init; }

    /// <summary>The matrix's refusal as an exception: by role → not allowed; by state → conflict.</summary>
    public static TaskRuleException From(TaskActionCheck check, string taskId) => new(
        check.Outcome == TaskActionOutcome.ForbiddenByRole ? TaskRuleKind.NotAllowed : TaskRuleKind.Conflict,
        check.ErrorNumber ?? HtmErrorNumbers.StateDoesNotAllowAction, $"Task {taskId}: {check.Reason}", taskId);
}
