using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>
/// A where- or order-by clause that cannot be used: <see cref="Reason"/> says what kind of problem it is (a face answers
/// it with 400), <see cref="Problem"/> describes it and <see cref="Position"/> is the 1-based character it was found at.
/// </summary>
public sealed class QueryException(QueryReason reason, int position, string problem)
    : TaskforgeException($"{problem} (at character {position})")
{
    public QueryReason Reason { get; } = reason;

    public int Position { get; } = position;

    public string Problem { get; } = problem;
}
