namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Which kinds of the caller's work items make a task count in a query or in <c>claimNext</c>: IBM's <c>everybody</c>,
/// <c>individual</c> (the caller's own user work items) and <c>group</c> (their groups') booleans (ibm-bpm-htm.md §3.4,
/// §3.6). IBM's Java <c>AuthorizationOptions</c> uses every kind unless told otherwise, so each defaults to true and
/// only an explicit false leaves a kind out: a client sending none of them gets what it always got.
/// </summary>
public sealed record WorkItemKinds(bool Everybody = true, bool Individual = true, bool Group = true)
{
    public static WorkItemKinds All { get; } = new();
}
