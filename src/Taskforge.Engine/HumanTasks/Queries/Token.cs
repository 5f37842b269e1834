namespace Taskforge.Engine.HumanTasks.Queries;

internal enum TokenKind
{
    Identifier,
    String,
    Number,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    End,
}

/// <summary>A token; <see cref="Text"/> is upper case for identifiers, the unescaped value for strings. Position is 1-based.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool Is(string keyword) => Kind == TokenKind.Identifier && Text == keyword;
}
