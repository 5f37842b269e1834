namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>
/// Splits a clause into tokens. Anything that is not part of the grammar, including <c>;</c>, <c>--</c> and <c>/*</c>,
/// is an error here, so nothing a client types can reach the SQL text except through the column map.
/// </summary>
internal static class WhereTokenizer
{
    private static readonly string[] Operators = ["<>", "<=", ">=", "=", "<", ">"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", i + 1));
                return tokens;
            }

            var c = text[i];
            var start = i;
            if (c == '\'')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(text, ref i), start + 1));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && !EndsOperand(tokens)))
            {
                i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start + 1));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i].ToUpperInvariant(), start + 1));
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(new Token(c == '(' ? TokenKind.LeftParen : c == ')' ? TokenKind.RightParen : TokenKind.Comma, c.ToString(), start + 1));
                i++;
            }
            else if (c == '=' && i + 1 < text.Length && text[i + 1] == '=')
            {
                throw new QueryException(QueryReason.UnknownOperator, start + 1, "'==' is not an operator; equality is '='.");
            }
            else if (Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0) is { } op)
            {
                tokens.Add(new Token(TokenKind.Operator, op, start + 1));
                i += op.Length;
            }
            else
            {
                var shown = i + 1 < text.Length && text[i + 1] is '-' or '*' or '=' ? text.Substring(i, 2) : c.ToString();
                throw new QueryException(QueryReason.UnknownOperator, start + 1, $"'{shown}' is not an operator; use =, <>, <, >, <=, >=, IN, LIKE, IS NULL, AND, OR, NOT.");
            }
        }
    }

    // '' inside a literal is one quote (D:c6bpel_qrywhr).
    private static string ReadString(string text, ref int i)
    {
        var start = i;
        var value = new System.Text.StringBuilder();
        i++;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i += 2;
                    continue;
                }

                i++;
                return value.ToString();
            }

            value.Append(text[i++]);
        }

        throw new QueryException(QueryReason.BadOperand, start + 1, "the text literal is not closed with a quote.");
    }

    // After an operand a '-' is subtraction, which the grammar does not have; before one it is a sign.
    private static bool EndsOperand(List<Token> tokens) =>
        tokens.Count > 0 && tokens[^1].Kind is TokenKind.Identifier or TokenKind.String or TokenKind.Number or TokenKind.RightParen;
}
