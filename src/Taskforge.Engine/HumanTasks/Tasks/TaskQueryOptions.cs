namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// What a client asks a task query for, as text from the wire: a where-clause (<c>whereClause</c> or a stored query's
/// <c>queryFilter</c>), an order (<c>orderByClause</c> or <c>sortAttributes</c>), a page, IBM's <c>admin</c> flag (system
/// administrators and monitors: ignore work items and see every task), for stored queries an <c>interactionFilter</c>,
/// and which kinds of work items count (IBM's <c>everybody</c>, <c>individual</c>, <c>group</c>); the console adds a text search
/// and a cap on counts. Null means "not given".
/// </summary>
public sealed record TaskQueryOptions(
    string? Where = null,
    string? OrderBy = null,
    int? Offset = null,
    int? Size = null,
    bool Admin = false,
    string? InteractionFilter = null,
    WorkItemKinds? Kinds = null,
    TaskTextSearch? Text = null,
    long? CountAtMost = null)
{
    /// <summary>The most tasks one page holds; a larger <c>size</c> is cut to this (the client pages on with <c>offset</c>).</summary>
    public const int MaxSize = 1000;
}
