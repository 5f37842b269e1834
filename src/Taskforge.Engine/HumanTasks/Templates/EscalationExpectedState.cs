namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>The state the task must have reached ("at least") when the timer fires, or it escalates; IBM's values.</summary>
public enum EscalationExpectedState
{
    Claimed = 8,
    Ended = 20,
    SubTasksCompleted = 21,
}
