using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Taskforge.Engine.HumanTasks.Queries;

namespace Taskforge.Storage.HumanTasks;

/// <summary>
/// Translates a parsed where- or order-by clause into SQL against a column map (<c>TASK.PRIORITY</c> → <c>t.priority</c>;
/// keys are case-insensitive). A numbered custom-property column such as <c>TASK_CPROP2.NAME</c> is looked up as written,
/// then as <c>TASK_CPROP{n}.NAME</c> with <c>{n}</c> in the expression replaced by the number. Every literal becomes a
/// parameter, so the SQL text is built only from the map, the grammar's keywords and parameter names.
/// </summary>
internal static partial class WhereClauseSql
{
    [GeneratedRegex(@"^(?<view>[A-Z_]*?)(?<n>\d+)$")]
    private static partial Regex Numbered();

    /// <param name="condition">The parsed clause; null gives <see cref="SqlCondition.None"/>.</param>
    /// <param name="columns">Where-clause column → SQL expression.</param>
    /// <param name="now">The instant <c>CURRENT_DATE</c> and time-only <c>TS('16:04')</c> are taken from (the query carries it: the store never reads the clock).</param>
    /// <param name="parameterPrefix">Parameter names are this plus a counter: <c>p0</c>, <c>p1</c>…</param>
    public static SqlCondition Translate(WhereCondition? condition, IReadOnlyDictionary<string, string> columns, DateTimeOffset now, string parameterPrefix = "p")
    {
        if (condition is null)
        {
            return SqlCondition.None;
        }

        var writer = new Writer(Normalize(columns), now, parameterPrefix);
        writer.Condition(condition);
        return new SqlCondition(writer.Sql.ToString(), writer.Parameters, writer.Used);
    }

    /// <summary>The ORDER BY list (without the keywords), e.g. <c>t.priority DESC, t.name</c>; empty for no keys.</summary>
    public static string TranslateOrderBy(IReadOnlyList<OrderByItem> items, IReadOnlyDictionary<string, string> columns)
    {
        var map = Normalize(columns);
        return string.Join(", ", items.Select(i => Column(i.Column, map) + (i.Descending ? " DESC" : "")));
    }

    private static Dictionary<string, string> Normalize(IReadOnlyDictionary<string, string> columns) =>
        columns.ToDictionary(c => c.Key.ToUpperInvariant(), c => c.Value, StringComparer.Ordinal);

    private static string Column(ColumnOperand column, Dictionary<string, string> map)
    {
        if (map.TryGetValue(column.Name, out var sql))
        {
            return sql;
        }

        var numbered = Numbered().Match(column.View);
        if (numbered.Success && map.TryGetValue($"{numbered.Groups["view"].Value}{{N}}.{column.Column}", out var template))
        {
            return template.Replace("{n}", numbered.Groups["n"].Value, StringComparison.OrdinalIgnoreCase);
        }

        throw new QueryException(QueryReason.UnknownProperty, column.Position, $"{column.Name} cannot be queried here.");
    }

    private sealed class Writer(Dictionary<string, string> map, DateTimeOffset now, string prefix)
    {
        public StringBuilder Sql { get; } = new();

        public List<SqlQueryParameter> Parameters { get; } = [];

        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

        public void Condition(WhereCondition condition)
        {
            switch (condition)
            {
                case AndCondition and:
                    Binary(and.Left, " AND ", and.Right);
                    break;
                case OrCondition or:
                    Binary(or.Left, " OR ", or.Right);
                    break;
                case NotCondition not:
                    Sql.Append("NOT (");
                    Condition(not.Inner);
                    Sql.Append(')');
                    break;
                case Comparison comparison:
                    Operand(comparison.Left);
                    Sql.Append(comparison.Operator switch
                    {
                        ComparisonOperator.Equal => " = ",
                        ComparisonOperator.NotEqual => " <> ",
                        ComparisonOperator.Less => " < ",
                        ComparisonOperator.Greater => " > ",
                        ComparisonOperator.LessOrEqual => " <= ",
                        _ => " >= ",
                    });
                    Operand(comparison.Right);
                    break;
                case InCondition @in:
                    Operand(@in.Value);
                    Sql.Append(@in.Negated ? " NOT IN (" : " IN (");
                    for (var i = 0; i < @in.Items.Count; i++)
                    {
                        Sql.Append(i == 0 ? "" : ", ");
                        Operand(@in.Items[i]);
                    }

                    Sql.Append(')');
                    break;
                case LikeCondition like:
                    Operand(like.Value);
                    Sql.Append(like.Negated ? " NOT LIKE " : " LIKE ");
                    Operand(like.Pattern);
                    break;
                case NullCondition isNull:
                    Operand(isNull.Value);
                    Sql.Append(isNull.Negated ? " IS NOT NULL" : " IS NULL");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(condition), condition, null);
            }
        }

        private void Binary(WhereCondition left, string op, WhereCondition right)
        {
            Sql.Append('(');
            Condition(left);
            Sql.Append(op);
            Condition(right);
            Sql.Append(')');
        }

        private void Operand(WhereOperand operand)
        {
            if (operand is ColumnOperand column)
            {
                Sql.Append(Column(column, map));
                Used.Add(column.Name);
                return;
            }

            var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            object value = operand switch
            {
                StringOperand s => s.Value,
                NumberOperand { Value: var n } when n == decimal.Truncate(n) && n is >= long.MinValue and <= long.MaxValue => (long)n,
                NumberOperand n => n.Value,
                BooleanOperand b => b.Value,
                IdOperand id => id.Value,
                BinaryOperand bin => Encoding.UTF8.GetBytes(bin.Text),
                ConstantOperand constant => constant.Value,
                CurrentDateOperand => today,
                TimestampOperand { Date: { } date } ts => new DateTimeOffset(date.ToDateTime(ts.Time), TimeSpan.Zero),
                TimestampOperand ts => today + ts.Time.ToTimeSpan(),
                _ => throw new ArgumentOutOfRangeException(nameof(operand), operand, null),
            };
            var name = prefix + Parameters.Count.ToString(CultureInfo.InvariantCulture);
            Parameters.Add(new SqlQueryParameter(name, value));
            Sql.Append('@').Append(name);
        }
    }
}
