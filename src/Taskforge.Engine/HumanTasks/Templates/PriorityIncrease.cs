namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>How an escalation raises the task's priority; IBM's <c>INCREASE_PRIORITY_*</c> values.</summary>
public enum PriorityIncrease
{
    None = 1,
    Once = 2,
    Repeated = 3,
}
