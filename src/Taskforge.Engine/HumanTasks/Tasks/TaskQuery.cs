using Taskforge.Engine.HumanTasks.Queries;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Which tasks a caller sees: those where the user, one of the groups, or everybody holds a work item with one of
/// <see cref="Reasons"/> (all reasons when null) and of one of the <see cref="Kinds"/> (all when null), or every task
/// when <see cref="Everything"/> (system administrators and monitors asking for all).
/// </summary>
public sealed record TaskVisibility(
    string User, IReadOnlyList<string> Groups, bool Everything = false, IReadOnlyList<TaskRole>? Reasons = null, WorkItemKinds? Kinds = null);

/// <summary>
/// A task query: the caller's <see cref="Visibility"/>, an optional parsed where-clause over IBM's views (translated to SQL
/// by the store, every literal a parameter), sort keys (IBM's column names) and a page.
/// </summary>
public sealed record TaskQuery(
    TaskVisibility Visibility,
    WhereCondition? Where,
    IReadOnlyList<OrderByItem> OrderBy,
    int Offset,
    int Size,
    DateTimeOffset Now);
