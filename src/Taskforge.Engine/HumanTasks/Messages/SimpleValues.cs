using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;

namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>
/// Checks and converts simple values between their XML Schema lexical form (XML text) and JSON: numbers and booleans
/// become JSON numbers and booleans; dates and times stay strings in their XSD form.
/// </summary>
internal static partial class SimpleValues
{
    [GeneratedRegex(@"^[+-]?\d+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex TimePattern();

    /// <summary>XML text → JSON value, or an error saying what the text should look like.</summary>
    public static JsonNode? FromXml(FieldType type, string raw, out string? error)
    {
        // XSD collapses whitespace for every type but string.
        var text = type == FieldType.String ? raw : raw.Trim();
        error = null;
        try
        {
            switch (type)
            {
                case FieldType.String:
                    return JsonValue.Create(text);
                case FieldType.Int:
                    return JsonValue.Create(XmlConvert.ToInt32(text));
                case FieldType.Long:
                    return JsonValue.Create(XmlConvert.ToInt64(text));
                case FieldType.Integer when IntegerPattern().IsMatch(text):
                    return JsonNode.Parse(BigInteger.Parse(text, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                case FieldType.Decimal:
                    return JsonValue.Create(XmlConvert.ToDecimal(text));
                case FieldType.Double:
                    var number = XmlConvert.ToDouble(text);
                    // JSON has no INF or NaN; keep XSD's spelling as a string.
                    return double.IsFinite(number) ? JsonValue.Create(number) : JsonValue.Create(text);
                case FieldType.Boolean:
                    return JsonValue.Create(XmlConvert.ToBoolean(text));
                case FieldType.Date or FieldType.DateTime or FieldType.Time when IsTemporal(type, text):
                    return JsonValue.Create(text);
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            // Falls through to the message below.
        }

        error = $"'{text}' is not {Expected(type)}.";
        return null;
    }

    /// <summary>JSON value → XML text. Numeric types also take numeric strings, so clients can keep decimals exact.</summary>
    public static string? ToXml(FieldType type, JsonNode? node, out string? error)
    {
        error = null;
        if (node is JsonValue value)
        {
            var kind = value.GetValueKind();
            var text = kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            switch (type)
            {
                case FieldType.String when kind == JsonValueKind.String:
                    return text;
                case FieldType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                    return kind == JsonValueKind.True ? "true" : "false";
                case FieldType.Date or FieldType.DateTime or FieldType.Time when kind == JsonValueKind.String && IsTemporal(type, text):
                    return text;
                case FieldType.Int or FieldType.Long or FieldType.Integer or FieldType.Decimal or FieldType.Double
                    when kind is JsonValueKind.Number or JsonValueKind.String && Number(type, text) is { } canonical:
                    return canonical;
            }
        }

        error = $"must be {Expected(type)}.";
        return null;
    }

    private static string? Number(FieldType type, string text)
    {
        const NumberStyles Styles = NumberStyles.Float;
        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            FieldType.Int when int.TryParse(text, NumberStyles.AllowLeadingSign, c, out var i) => XmlConvert.ToString(i),
            FieldType.Long when long.TryParse(text, NumberStyles.AllowLeadingSign, c, out var l) => XmlConvert.ToString(l),
            FieldType.Integer when IntegerPattern().IsMatch(text) => BigInteger.Parse(text, c).ToString(c),
            FieldType.Decimal when decimal.TryParse(text, Styles, c, out var d) => XmlConvert.ToString(d),
            FieldType.Double when text is "INF" or "-INF" or "NaN" => text,
            FieldType.Double when double.TryParse(text, Styles, c, out var f) && double.IsFinite(f) => XmlConvert.ToString(f),
            _ => null,
        };
    }

    private static bool IsTemporal(FieldType type, string text)
    {
        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            FieldType.Date => DatePattern().IsMatch(text) && DateOnly.TryParseExact(text.TrimStart('-')[..10], "yyyy-MM-dd", c, DateTimeStyles.None, out _),
            FieldType.DateTime => DateTimePattern().IsMatch(text) && DateTimeOffset.TryParse(text, c, DateTimeStyles.AssumeUniversal, out _),
            FieldType.Time => TimePattern().IsMatch(text) && TimeOnly.TryParseExact(text[..8], "HH:mm:ss", c, DateTimeStyles.None, out _),
            _ => false,
        };
    }

    private static string Expected(FieldType type) => type switch
    {
        FieldType.String => "text",
        FieldType.Int => "a whole number (32 bits)",
        FieldType.Long => "a whole number (64 bits)",
        FieldType.Integer => "a whole number",
        FieldType.Decimal => "a decimal number",
        FieldType.Double => "a number",
        FieldType.Boolean => "true or false",
        FieldType.Date => "a date such as 2026-01-31",
        FieldType.DateTime => "a date and time such as 2026-01-31T10:00:00Z",
        FieldType.Time => "a time such as 10:00:00",
        _ => "a simple value",
    };
}
