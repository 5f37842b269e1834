namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>
/// A built-in query of <c>GET /tasks/query/{QUERY}</c>: a where-clause in IBM's grammar, the work-item reasons through
/// which the caller must hold the task (null: any role that may read it), and the sort when the client gives none.
/// </summary>
/// <param name="Name">Upper case, as IBM addresses stored queries.</param>
/// <param name="Description">What it lists, for <c>GET /tasks/queries</c>.</param>
/// <param name="Where">Its condition; null for none.</param>
/// <param name="Reasons">The caller's work items must have one of these reasons; null for any readable role.</param>
/// <param name="DefaultOrder">The order-by clause used when the client gives no <c>sortAttributes</c>.</param>
/// <param name="SystemRolesOnly">Only system administrators and monitors may run it; it then sees every task.</param>
public sealed record StoredTaskQuery(
    string Name,
    string Description,
    string? Where,
    IReadOnlyList<TaskRole>? Reasons,
    string DefaultOrder,
    bool SystemRolesOnly = false);
