namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>IBM's work-item kinds (ibm-bpm-htm.md §4.3): who a work item is for.</summary>
public enum WorkItemKind
{
    Everybody = 1,
    User = 2,
    Group = 3,
}

/// <summary>
/// One role membership of a task, materialised (ibm-bpm-htm.md §4.7): the reason is the role, the principal a user or
/// group name (empty for everybody). "What may I see and do" is a lookup of the caller's user, groups and everybody.
/// </summary>
public sealed record WorkItem(TaskRole Reason, WorkItemKind Kind, string Principal)
{
    public static WorkItem ForUser(TaskRole reason, string user) => new(reason, WorkItemKind.User, user);

    public static WorkItem ForGroup(TaskRole reason, string group) => new(reason, WorkItemKind.Group, group);

    public static WorkItem ForEverybody(TaskRole reason) => new(reason, WorkItemKind.Everybody, "");
}
