namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>One sort key of an order-by clause (<c>TASK.PRIORITY DESC</c>).</summary>
public sealed record OrderByItem(ColumnOperand Column, bool Descending);
