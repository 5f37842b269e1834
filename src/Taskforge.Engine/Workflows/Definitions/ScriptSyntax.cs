using Acornima;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>Checks JavaScript syntax when a definition arrives, so a typo is a 400 on save, not a failed run later.</summary>
public static class ScriptSyntax
{
    /// <returns>Null when the script parses; otherwise the parser's message with the line and column.</returns>
    public static string? Check(string script)
    {
        try
        {
            new Parser().ParseScript(script);
            return null;
        }
        catch (ParseErrorException error)
        {
            return $"line {error.LineNumber}, column {error.Column + 1}: {error.Description}";
        }
    }
}
