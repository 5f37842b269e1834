using Taskforge.Engine.HumanTasks.Messages;

namespace Taskforge.Server.Faces.Console.Forms;

/// <summary>Which HTML input suits a field type, so a browser offers the right keyboard and picker.</summary>
public static class FormInputs
{
    private static readonly string[] LongTextWords = ["comment", "description", "note", "reason", "justification", "remark", "message", "text"];

    public static string TypeOf(FieldType type) => type switch
    {
        FieldType.Int or FieldType.Long or FieldType.Decimal or FieldType.Double => "number",
        FieldType.Date => "date",
        FieldType.DateTime => "datetime-local",
        FieldType.Time => "time",
        _ => "text",
    };

    public static string? StepOf(FieldType type) => type switch
    {
        FieldType.Int or FieldType.Long => "1",
        FieldType.Decimal or FieldType.Double => "any",
        FieldType.DateTime or FieldType.Time => "1",
        _ => null,
    };

    /// <summary>xsd:integer may have more digits than a number input keeps exactly: a text input with a digit keyboard.</summary>
    public static string? InputModeOf(FieldType type) => type == FieldType.Integer ? "numeric" : null;

    /// <summary>Free text a person writes more than a line of gets a text area.</summary>
    public static bool IsLongText(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..].ToLowerInvariant();
        return LongTextWords.Any(w => name.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>The engine's "is required." becomes "This is required." beside the field it names.</summary>
    public static string Sentence(string problem) =>
        problem.StartsWith("is ", StringComparison.Ordinal) || problem.StartsWith("must ", StringComparison.Ordinal)
            ? "This " + problem
            : char.ToUpperInvariant(problem[0]) + problem[1..];
}
