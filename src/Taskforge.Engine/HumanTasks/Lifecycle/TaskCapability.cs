namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>A <c>supports*</c> flag an action needs.</summary>
public enum TaskCapability
{
    None,
    Delegation,
    SubTasks,
    FollowOnTasks,
}
