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
/// by the store, every literal a parameter), sort keys (IBM's column names) and a page. <see cref="Text"/> narrows it to
/// tasks whose texts contain a phrase (the console's search box); a count stops at <see cref="CountAtMost"/> when given,
/// so that "1,000+" costs no more than a thousand rows.
/// </summary>
public sealed record TaskQuery(
    TaskVisibility Visibility,
    WhereCondition? Where,
    IReadOnlyList<OrderByItem> OrderBy,
    int Offset,
    int Size,
    DateTimeOffset Now,
    TaskTextSearch? Text = null,
    long? CountAtMost = null);

/// <summary>
/// Tasks whose name, own display name or description, or custom texts contain <see cref="Phrase"/> (ignoring case), or
/// that were made from one of <see cref="TemplateIds"/> (the template versions whose localised texts contain it: a task
/// shows its template's display name unless it has its own).
/// </summary>
public sealed record TaskTextSearch(string Phrase, IReadOnlyList<string> TemplateIds);
