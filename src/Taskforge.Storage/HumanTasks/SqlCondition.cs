namespace Taskforge.Storage.HumanTasks;

/// <summary>
/// Translated SQL: <see cref="Sql"/> holds only column expressions from the caller's map, <c>@p0</c>-style parameters,
/// operators, keywords and parentheses, never a literal. <see cref="Columns"/> are the map keys used, so the caller can
/// add the joins they need (a <c>TASK_CPROP1</c> column needs its own join).
/// </summary>
internal sealed record SqlCondition(string Sql, IReadOnlyList<SqlQueryParameter> Parameters, IReadOnlySet<string> Columns)
{
    /// <summary>No filter: empty SQL, add no WHERE.</summary>
    public static SqlCondition None { get; } = new("", [], new HashSet<string>());
}
