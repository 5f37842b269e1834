using System.Globalization;
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

    /// <summary>
    /// A <c>datetime-local</c> input's value as ISO-8601 UTC (<c>2026-12-07T09:30:00Z</c>): the console's script sends
    /// such inputs in UTC (class <c>utc-time</c>). Null when the text is no such value.
    /// </summary>
    public static string? UtcFromLocalInput(string text) =>
        DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var utc)
            ? utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "Z"
            : null;

    /// <summary>An instant as a <c>datetime-local</c> input of class <c>utc-time</c> takes it (UTC, to the second); null when the text is no instant.</summary>
    public static string? LocalInputFromUtc(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)
            : null;

    /// <summary>The highest row index any input named <c>{name}[i]…</c> carries in the post (-1 for none; at most 999).</summary>
    public static int LastRow(IFormCollection form, string name)
    {
        var start = name + "[";
        var last = -1;
        foreach (var key in form.Keys.Where(k => k.StartsWith(start, StringComparison.Ordinal)))
        {
            var end = key.IndexOf(']', start.Length);
            if (end > start.Length && int.TryParse(key.AsSpan(start.Length, end - start.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < 1000)
            {
                last = Math.Max(last, i);
            }
        }

        return last;
    }
}
