using Taskforge.Engine.HumanTasks.Queries;

namespace Taskforge.Storage.HumanTasks;

/// <summary>
/// The task states a where-clause pins at its top level (<c>TASK.STATE = c</c> or <c>TASK.STATE IN (…)</c> ANDed with
/// the rest), so the visibility test can ask the caller's work items for those states only: work items carry a copy
/// of their task's state, and the inbox then reads the caller's READY items instead of all of them.
/// </summary>
internal static class StatePins
{
    private const string StateColumn = "TASK.STATE";

    /// <summary>The states every selected task must be in; null when the clause allows any (an empty set: none).</summary>
    public static IReadOnlySet<int>? Of(WhereCondition? where) => where switch
    {
        AndCondition and => Intersect(Of(and.Left), Of(and.Right)),
        Comparison { Operator: ComparisonOperator.Equal } c when IsState(c.Left) && Number(c.Right) is { } n => new HashSet<int> { n },
        Comparison { Operator: ComparisonOperator.Equal } c when IsState(c.Right) && Number(c.Left) is { } n => new HashSet<int> { n },
        InCondition { Negated: false } i when IsState(i.Value) && i.Items.Select(Number).ToList() is var items && items.All(x => x is not null) =>
            items.Select(x => x!.Value).ToHashSet(),
        _ => null,
    };

    private static IReadOnlySet<int>? Intersect(IReadOnlySet<int>? left, IReadOnlySet<int>? right) =>
        left is null ? right : right is null ? left : left.Where(right.Contains).ToHashSet();

    private static bool IsState(WhereOperand operand) =>
        operand is ColumnOperand column && string.Equals(column.Name, StateColumn, StringComparison.OrdinalIgnoreCase);

    private static int? Number(WhereOperand operand) => operand switch
    {
        ConstantOperand constant when string.Equals(constant.Column, StateColumn, StringComparison.OrdinalIgnoreCase) => constant.Value,
        NumberOperand number when number.Value == decimal.Truncate(number.Value) && number.Value is >= int.MinValue and <= int.MaxValue => (int)number.Value,
        _ => null,
    };
}
