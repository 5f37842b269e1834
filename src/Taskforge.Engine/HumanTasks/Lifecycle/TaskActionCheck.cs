namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>
/// The matrix's answer: allowed with the state the task ends up in (<see cref="ResultState"/> null when the task is
/// removed), or forbidden with IBM's <see cref="ErrorNumber"/> and a sentence for the message.
/// </summary>
public sealed record TaskActionCheck(TaskActionOutcome Outcome, TaskState? ResultState, string? ErrorNumber, string Reason)
{
    public bool IsAllowed => Outcome == TaskActionOutcome.Allowed;

    internal static TaskActionCheck Allowed(TaskState? result) => new(TaskActionOutcome.Allowed, result, null, "allowed");

    internal static TaskActionCheck ByState(string errorNumber, string reason) => new(TaskActionOutcome.ForbiddenByState, null, errorNumber, reason);

    internal static TaskActionCheck ByRole(string reason) => new(TaskActionOutcome.ForbiddenByRole, null, HtmErrorNumbers.NotAuthorizedForTask, reason);
}
