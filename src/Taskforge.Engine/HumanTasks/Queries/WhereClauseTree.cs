namespace Taskforge.Engine.HumanTasks.Queries;

// The node types of a parsed where-clause. They are kept in one file because together they are the grammar of
// ibm-bpm-htm.md §3.6.1; each is an immutable record.

/// <summary>A boolean condition.</summary>
public abstract record WhereCondition;

public sealed record AndCondition(WhereCondition Left, WhereCondition Right) : WhereCondition;

public sealed record OrCondition(WhereCondition Left, WhereCondition Right) : WhereCondition;

public sealed record NotCondition(WhereCondition Inner) : WhereCondition;

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
}

public sealed record Comparison(WhereOperand Left, ComparisonOperator Operator, WhereOperand Right) : WhereCondition;

/// <summary><c>x [NOT] IN (a, b)</c>; the items are literals or constants.</summary>
public sealed record InCondition(WhereOperand Value, IReadOnlyList<WhereOperand> Items, bool Negated) : WhereCondition;

/// <summary><c>x [NOT] LIKE 'pattern'</c> with the database's wildcards (<c>%</c>, <c>_</c>).</summary>
public sealed record LikeCondition(WhereOperand Value, WhereOperand Pattern, bool Negated) : WhereCondition;

public sealed record NullCondition(WhereOperand Value, bool Negated) : WhereCondition;

/// <summary>A value in a condition.</summary>
public abstract record WhereOperand;

/// <summary>
/// <c>VIEW.COLUMN</c>, e.g. <c>TASK.PRIORITY</c> or <c>TASK_CPROP1.NAME</c> (numbered correlation names let a query test
/// several custom properties). <see cref="Name"/> is the upper-case key the column map is looked up with.
/// </summary>
public sealed record ColumnOperand(string View, string Column, int Position) : WhereOperand
{
    public string Name => $"{View}.{Column}";
}

public sealed record StringOperand(string Value) : WhereOperand;

public sealed record NumberOperand(decimal Value) : WhereOperand;

public sealed record BooleanOperand(bool Value) : WhereOperand;

/// <summary>
/// <c>TS('…')</c>, UTC. A partial timestamp is completed with the earliest value (<c>TS('2003')</c> is 2003-01-01T00:00:00);
/// a time alone (<c>TS('16:04')</c>) has no <see cref="Date"/> and means today, which the translator gets from its caller.
/// </summary>
public sealed record TimestampOperand(DateOnly? Date, TimeOnly Time) : WhereOperand;

/// <summary><c>ID('_TKI:…')</c>: an object id.</summary>
public sealed record IdOperand(string Value) : WhereOperand;

/// <summary><c>BIN('text')</c>: the UTF-8 bytes of the text.</summary>
public sealed record BinaryOperand(string Text) : WhereOperand;

/// <summary><c>CURRENT_DATE</c>: today at 00:00 UTC, from the translator's caller.</summary>
public sealed record CurrentDateOperand : WhereOperand;

/// <summary>A symbolic constant such as <c>TASK.STATE.STATE_READY</c>, with IBM's number for it.</summary>
public sealed record ConstantOperand(string Column, string Name, int Value) : WhereOperand;
