namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>What is wrong with a where- or order-by clause (<see cref="QueryException"/>).</summary>
public enum QueryReason
{
    /// <summary>A timestamp literal is not a date and time.</summary>
    BadTimestamp,

    /// <summary>An operator, or the clause's structure around it, is not the grammar's.</summary>
    UnknownOperator,

    /// <summary>An operand (a value, a constant, a function argument) is not valid where it stands.</summary>
    BadOperand,

    /// <summary>A view has no such column, or the column cannot be queried here.</summary>
    UnknownProperty,

    /// <summary>There is no view of that name.</summary>
    UnknownView,
}
