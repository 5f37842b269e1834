namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>
/// The matrix's answer: allowed with the state the task ends up in (<see cref="ResultState"/> null when the task is
/// removed), or forbidden with its <see cref="Reason"/> and a sentence for the message (<see cref="Explanation"/>).
/// </summary>
public sealed record TaskActionCheck(TaskActionOutcome Outcome, TaskState? ResultState, TaskRuleReason? Reason, string Explanation)
{
    public bool IsAllowed => Outcome == TaskActionOutcome.Allowed;

    internal static TaskActionCheck Allowed(TaskState? result) => new(TaskActionOutcome.Allowed, result, null, "allowed");

    internal static TaskActionCheck ByState(TaskRuleReason reason, string explanation) => new(TaskActionOutcome.ForbiddenByState, null, reason, explanation);

    internal static TaskActionCheck ByRole(string explanation) => new(TaskActionOutcome.ForbiddenByRole, null, TaskRuleReason.NotAllowedOnTask, explanation);
}
