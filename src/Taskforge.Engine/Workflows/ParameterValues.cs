using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Taskforge.Engine.Workflows;

/// <summary>
/// Turns loosely typed JSON (from the native API, a vRO client or a script) into the engine's canonical value for a
/// <see cref="ParameterType"/>: string → JSON string, number → JSON number, boolean → JSON bool, Date → ISO-8601 UTC
/// string (<see cref="DateFormat"/>), Array/T → array of canonical T, Properties → object, SecureString → the clear
/// string, Any → any JSON, plug-in type → <c>{"type","id","href"?,"displayValue"?}</c>. Null means unset.
/// </summary>
public static partial class ParameterValues
{
    /// <summary>The one spelling of a canonical Date: UTC, milliseconds, <c>Z</c>.</summary>
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly long MinUnixMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    // An offset (or Z) is required: a date without one means a different instant on every server.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d{1,7})?)?([Zz]|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"^-?\d{1,18}$")]
    private static partial Regex WholeNumber();

    public static bool TryCoerce(ParameterType type, JsonNode? value, out JsonNode? canonical, [NotNullWhen(false)] out string? error)
    {
        canonical = null;
        error = null;
        if (IsNull(value))
        {
            return true;
        }

        canonical = type.Kind switch
        {
            ParameterKind.String or ParameterKind.SecureString => ToText(value, out error),
            ParameterKind.Number => ToNumber(value, out error),
            ParameterKind.Boolean => ToBoolean(value, out error),
            ParameterKind.Date => ToDate(value, out error),
            ParameterKind.Array => ToArray(type.Element ?? ParameterType.Any, value, out error),
            ParameterKind.Properties => ToProperties(value, out error),
            ParameterKind.SdkObject => ToSdkObject(type, value, out error),
            _ => value.DeepClone(),
        };
        return error is null;
    }

    /// <summary>Formats an instant as a canonical Date.</summary>
    public static string FormatDate(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString(DateFormat, CultureInfo.InvariantCulture);

    private static bool IsNull([NotNullWhen(false)] JsonNode? value) =>
        value is null || value.GetValueKind() == JsonValueKind.Null;

    private static JsonValue? ToText(JsonNode value, out string? error)
    {
        error = null;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return JsonValue.Create(StringOf(value));
            case JsonValueKind.Number:
                return JsonValue.Create(value.ToJsonString());
            case JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(value.GetValueKind() == JsonValueKind.True ? "true" : "false");
            default:
                error = Expected("a string", value);
                return null;
        }
    }

    private static JsonValue? ToNumber(JsonNode value, out string? error)
    {
        error = null;
        var text = value.GetValueKind() switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String => StringOf(value).Trim(),
            _ => null,
        };
        if (text is not null
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        error = Expected("a number", value);
        return null;
    }

    private static JsonValue? ToBoolean(JsonNode value, out string? error)
    {
        error = null;
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.String when bool.TryParse(StringOf(value).Trim(), out var flag):
                return JsonValue.Create(flag);
            default:
                error = Expected("true or false", value);
                return null;
        }
    }

    private static JsonValue? ToDate(JsonNode value, out string? error)
    {
        error = null;
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? StringOf(value).Trim() : null;
        if (text is not null && IsoDateTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return JsonValue.Create(FormatDate(instant));
        }

        // Unix milliseconds: vCO 5.5 sent dates as numbers, and some clients send every number as a string.
        var millisText = kind == JsonValueKind.Number ? value.ToJsonString() : text is not null && WholeNumber().IsMatch(text) ? text : null;
        if (millisText is not null
            && double.TryParse(millisText, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis)
            && millis >= MinUnixMilliseconds && millis <= MaxUnixMilliseconds)
        {
            return JsonValue.Create(FormatDate(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(millis))));
        }

        error = Expected("a date (ISO-8601 with an offset or Z, or Unix milliseconds)", value);
        return null;
    }

    private static JsonArray? ToArray(ParameterType element, JsonNode value, out string? error)
    {
        error = null;
        if (value is not JsonArray array)
        {
            error = Expected("an array", value);
            return null;
        }

        var result = new JsonArray();
        for (var i = 0; i < array.Count; i++)
        {
            if (!TryCoerce(element, array[i], out var item, out var problem))
            {
                error = $"element {i}: {problem}";
                return null;
            }

            result.Add(item);
        }

        return result;
    }

    private static JsonObject? ToProperties(JsonNode value, out string? error)
    {
        error = null;
        if (value is not JsonObject properties)
        {
            error = Expected("an object of properties", value);
            return null;
        }

        return (JsonObject)properties.DeepClone();
    }

    private static JsonObject? ToSdkObject(ParameterType type, JsonNode value, out string? error)
    {
        error = null;
        var declared = type.SdkType ?? type.ToString();
        string? id = null, sdkType = null, href = null, display = null;
        if (value.GetValueKind() == JsonValueKind.String)
        {
            id = StringOf(value);
        }
        else if (value is JsonObject reference)
        {
            id = OptionalString(reference, "id");
            sdkType = OptionalString(reference, "type");
            href = OptionalString(reference, "href");
            display = OptionalString(reference, "displayValue");
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            error = Expected($"a {declared} reference (an object with an id, or the id as a string)", value);
            return null;
        }

        // A given type is kept rather than checked: plug-in types inherit (a VC:VirtualMachine is a VC:ManagedEntity).
        var result = new JsonObject { ["type"] = string.IsNullOrWhiteSpace(sdkType) ? declared : sdkType, ["id"] = id };
        if (href is not null)
        {
            result["href"] = href;
        }

        if (display is not null)
        {
            result["displayValue"] = display;
        }

        return result;
    }

    private static string? OptionalString(JsonObject reference, string name) =>
        reference[name] is { } node && node.GetValueKind() == JsonValueKind.String ? StringOf(node) : null;

    private static string StringOf(JsonNode node)
    {
        if (node.AsValue().TryGetValue<string>(out var text))
        {
            return text;
        }

        // A value built from a char, Guid or DateTime is a JSON string without being a .NET string.
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.GetString() ?? "";
    }

    private static string Expected(string what, JsonNode value) => $"expected {what}, got {Describe(value)}";

    /// <summary>A short rendering of a value for an error message: strings quoted (and cut short), containers named.</summary>
    public static string Describe(JsonNode? value)
    {
        if (IsNull(value))
        {
            return "nothing";
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.Object:
                return "an object";
            case JsonValueKind.Array:
                return "an array";
            case JsonValueKind.String:
                var text = StringOf(value);
                return "\"" + (text.Length > 40 ? text[..40] + "…" : text) + "\"";
            default:
                return value.ToJsonString();
        }
    }
}
