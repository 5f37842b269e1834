using System.Globalization;

namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>
/// A recursive-descent parser for IBM's where-clause (ibm-bpm-htm.md §3.6.1) and order-by clause:
/// <code>
/// condition := and (OR and)*          and := unary (AND unary)*          unary := NOT unary | '(' condition ')' | predicate
/// predicate := operand ( op operand | [NOT] IN '(' value (',' value)* ')' | [NOT] LIKE operand | IS [NOT] NULL )
/// operand   := VIEW.COLUMN | VIEW.COLUMN.CONSTANT | 'text' | number | TRUE | FALSE | TS('…') | ID('…') | BIN('…') | CURRENT_DATE
/// orderBy   := VIEW.COLUMN [ASC|DESC] (',' VIEW.COLUMN [ASC|DESC])*
/// </code>
/// Errors are <see cref="QueryException"/>s with IBM's number: bad timestamp 0035E, an operator or keyword expected 0036E,
/// an operand expected or malformed 0037E, unknown column 0038E, unknown view 0039E.
/// </summary>
public sealed class WhereClauseParser
{
    // Bounds on what one clause may hold: the parser and the SQL made from the condition recurse once per level and
    // per AND or OR, so a clause of 100,000 '(' or ANDs would overflow the stack and end the server (no catch can
    // stop that). IBM's own clauses are a handful of predicates.
    internal const int MaxNesting = 32;
    internal const int MaxConditions = 256;

    private readonly List<Token> _tokens;
    private int _next;
    private int _nesting;
    private int _conditions;

    private WhereClauseParser(string text)
    {
        _tokens = WhereTokenizer.Tokenize(text);
    }

    /// <summary>Parses a where-clause; null or blank means no filter and gives null.</summary>
    public static WhereCondition? Parse(string? whereClause)
    {
        if (string.IsNullOrWhiteSpace(whereClause))
        {
            return null;
        }

        var parser = new WhereClauseParser(whereClause);
        var condition = parser.Or();
        parser.ExpectEnd();
        return condition;
    }

    /// <summary>Parses an order-by clause; null or blank gives no sort keys.</summary>
    public static IReadOnlyList<OrderByItem> ParseOrderBy(string? orderByClause)
    {
        if (string.IsNullOrWhiteSpace(orderByClause))
        {
            return [];
        }

        var parser = new WhereClauseParser(orderByClause);
        var items = new List<OrderByItem>();
        do
        {
            var token = parser.Take();
            if (token.Kind != TokenKind.Identifier || parser.Operand(token) is not ColumnOperand column)
            {
                throw new QueryException(QueryReason.BadOperand, token.Position, "an order-by clause lists columns such as TASK.PRIORITY DESC.");
            }

            var descending = parser.Peek.Is("DESC");
            if (descending || parser.Peek.Is("ASC"))
            {
                parser._next++;
            }

            items.Add(new OrderByItem(column, descending));
        }
        while (parser.TakeIf(TokenKind.Comma));

        parser.ExpectEnd();
        return items;
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[Math.Min(_next++, _tokens.Count - 1)];

    private bool TakeIf(TokenKind kind)
    {
        if (Peek.Kind != kind)
        {
            return false;
        }

        _next++;
        return true;
    }

    private bool TakeKeyword(string keyword)
    {
        if (!Peek.Is(keyword))
        {
            return false;
        }

        _next++;
        return true;
    }

    private void ExpectEnd()
    {
        if (Peek.Kind != TokenKind.End)
        {
            throw Unexpected("AND, OR or the end of the clause");
        }
    }

    private WhereCondition Or()
    {
        var left = And();
        while (TakeKeyword("OR"))
        {
            left = new OrCondition(left, And());
        }

        return left;
    }

    private WhereCondition And()
    {
        var left = Unary();
        while (TakeKeyword("AND"))
        {
            left = new AndCondition(left, Unary());
        }

        return left;
    }

    private WhereCondition Unary()
    {
        if (++_conditions > MaxConditions)
        {
            throw new QueryException(QueryReason.UnknownOperator, Peek.Position, $"a where-clause may hold at most {MaxConditions} conditions.");
        }

        if (Peek.Is("NOT") || Peek.Kind == TokenKind.LeftParen)
        {
            if (++_nesting > MaxNesting)
            {
                throw new QueryException(QueryReason.UnknownOperator, Peek.Position, $"a where-clause may nest NOT and parentheses at most {MaxNesting} deep.");
            }

            try
            {
                return Nested();
            }
            finally
            {
                _nesting--;
            }
        }

        return Predicate();
    }

    private WhereCondition Nested()
    {
        if (TakeKeyword("NOT"))
        {
            return new NotCondition(Unary());
        }

        if (TakeIf(TokenKind.LeftParen))
        {
            var inner = Or();
            if (!TakeIf(TokenKind.RightParen))
            {
                throw Unexpected("')'");
            }

            return inner;
        }

        return Predicate();
    }

    private WhereCondition Predicate()
    {
        var left = OperandOrFail();
        var token = Peek;
        if (token.Kind == TokenKind.Operator)
        {
            _next++;
            return new Comparison(left, Operator(token.Text), OperandOrFail());
        }

        if (TakeKeyword("IS"))
        {
            var negated = TakeKeyword("NOT");
            return TakeKeyword("NULL") ? new NullCondition(left, negated) : throw Unexpected("NULL");
        }

        var not = TakeKeyword("NOT");
        if (TakeKeyword("LIKE"))
        {
            return new LikeCondition(left, OperandOrFail(), not);
        }

        if (TakeKeyword("IN"))
        {
            return new InCondition(left, InItems(), not);
        }

        throw Unexpected(not ? "IN or LIKE" : "an operator (=, <>, <, >, <=, >=, IN, LIKE, IS NULL)");
    }

    private List<WhereOperand> InItems()
    {
        if (!TakeIf(TokenKind.LeftParen))
        {
            throw Unexpected("'(' and a list of values");
        }

        var items = new List<WhereOperand>();
        do
        {
            var position = Peek.Position;
            var item = OperandOrFail();
            items.Add(item is ColumnOperand ? throw new QueryException(QueryReason.BadOperand, position, "an IN list holds values, not columns.") : item);
        }
        while (TakeIf(TokenKind.Comma));

        return TakeIf(TokenKind.RightParen) ? items : throw Unexpected("',' or ')'");
    }

    private WhereOperand OperandOrFail()
    {
        var token = Take();
        return token.Kind switch
        {
            TokenKind.String => new StringOperand(token.Text),
            TokenKind.Number => decimal.TryParse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                ? new NumberOperand(number)
                : throw new QueryException(QueryReason.BadOperand, token.Position, $"'{token.Text}' is not a number."),
            TokenKind.Identifier => Operand(token),
            _ => throw new QueryException(QueryReason.BadOperand, token.Position,
                token.Kind == TokenKind.End ? "the clause ends where a value or column is expected." : $"expected a value or column, found '{token.Text}'."),
        };
    }

    private WhereOperand Operand(Token token)
    {
        switch (token.Text)
        {
            case "TRUE" or "FALSE":
                return new BooleanOperand(token.Text == "TRUE");
            case "CURRENT_DATE":
                return new CurrentDateOperand();
            case "TS" or "ID" or "BIN" when Peek.Kind == TokenKind.LeftParen:
                return Function(token);
            case "AND" or "OR" or "NOT" or "IN" or "LIKE" or "IS" or "NULL":
                throw new QueryException(QueryReason.BadOperand, token.Position, $"expected a value or column, found the keyword {token.Text}.");
        }

        return ColumnNames.Column(token);
    }

    private WhereOperand Function(Token name)
    {
        _next++;
        var argument = Take();
        if (argument.Kind != TokenKind.String || !TakeIf(TokenKind.RightParen))
        {
            throw new QueryException(QueryReason.BadOperand, argument.Position, $"{name.Text}(…) takes one quoted text, e.g. {name.Text}('…').");
        }

        return name.Text switch
        {
            "TS" => Timestamps.Parse(argument),
            "ID" when argument.Text.Length > 0 => new IdOperand(argument.Text),
            "BIN" => new BinaryOperand(argument.Text),
            _ => throw new QueryException(QueryReason.BadOperand, argument.Position, "ID('') names no object."),
        };
    }

    private static ComparisonOperator Operator(string text) => text switch
    {
        "=" => ComparisonOperator.Equal,
        "<>" => ComparisonOperator.NotEqual,
        "<" => ComparisonOperator.Less,
        ">" => ComparisonOperator.Greater,
        "<=" => ComparisonOperator.LessOrEqual,
        _ => ComparisonOperator.GreaterOrEqual,
    };

    private QueryException Unexpected(string expected)
    {
        var token = Peek;
        var found = token.Kind == TokenKind.End ? "the end of the clause" : $"'{token.Text}'";
        return new QueryException(QueryReason.UnknownOperator, token.Position, $"expected {expected}, found {found}.");
    }

    /// <summary>Column and constant names: <c>VIEW.COLUMN</c> and <c>VIEW.COLUMN.CONSTANT</c>.</summary>
    private static class ColumnNames
    {
        public static WhereOperand Column(Token token)
        {
            var parts = token.Text.Split('.');
            if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
            {
                throw new QueryException(QueryReason.UnknownProperty, token.Position,
                    $"'{token.Text}' is not a column; name columns with their view, e.g. TASK.NAME, and constants with their column, e.g. TASK.STATE.STATE_READY.");
            }

            var view = QueryCatalog.ViewOf(parts[0])
                ?? throw new QueryException(QueryReason.UnknownView, token.Position, $"'{parts[0]}' is not a view; use TASK, WORK_ITEM, TASK_CPROP, ESCALATION….");
            if (!QueryCatalog.HasColumn(view, parts[1]))
            {
                throw new QueryException(QueryReason.UnknownProperty, token.Position, $"view {view} has no column '{parts[1]}'.");
            }

            // WI is WORK_ITEM; a numbered correlation name (TASK_CPROP2) stays, so two custom-property tests stay two joins.
            var prefix = view == "WORK_ITEM" ? view : parts[0];
            if (parts.Length == 2)
            {
                return new ColumnOperand(prefix, parts[1], token.Position);
            }

            if (QueryCatalog.TryConstant(view, parts[1], parts[2], out var value, out var enumerated))
            {
                return new ConstantOperand($"{view}.{parts[1]}", parts[2], value);
            }

            throw new QueryException(QueryReason.BadOperand, token.Position, enumerated
                ? $"'{parts[2]}' is not a constant of {view}.{parts[1]}."
                : $"{view}.{parts[1]} has no symbolic constants.");
        }
    }
}
