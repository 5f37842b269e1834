namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>Where a task sits in a hierarchy; values are IBM's (<c>HIERARCHY_POSITION_*</c>, ibm-bpm-htm.md §4.3).</summary>
public enum HierarchyPosition
{
    TopTask = 0,
    SubTask = 1,
    FollowOnTask = 2,
}
