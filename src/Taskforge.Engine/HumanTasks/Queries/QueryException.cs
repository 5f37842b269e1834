using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>
/// A where- or order-by clause that cannot be used: <see cref="ErrorNumber"/> is IBM's id for the kind of problem
/// (<c>CWTKA0035E</c>–<c>CWTKA0039E</c>, answered with 400) and <see cref="Position"/> the 1-based character it was found at.
/// </summary>
public sealed class QueryException(string errorNumber, int position, string problem)
    : TaskforgeException($"{problem} (at character {position})")
{
    public string ErrorNumber { get; } = errorNumber;

    public int Position { get; } = position;

    public string Problem { get; } = problem;
}
