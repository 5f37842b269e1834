using System.Text.Json;
using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>Typed reads of definition fields that add a problem with its path instead of throwing.</summary>
internal static class TemplateFields
{
    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>Unknown keys are reported: a misspelt <c>supportsSubTask</c> would otherwise silently mean "false".</summary>
    public static void RejectUnknown(JsonObject item, IReadOnlySet<string> known, string path, ValidationErrors errors)
    {
        foreach (var key in item.Select(p => p.Key).Where(k => !known.Contains(k)))
        {
            errors.Add(Join(path, key), "is not a field here.");
        }
    }

    public static string? Text(JsonObject item, string key, string path, ValidationErrors errors)
    {
        switch (item[key])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>();
            default:
                errors.Add(Join(path, key), "must be text.");
                return null;
        }
    }

    public static bool? Bool(JsonObject item, string key, string path, ValidationErrors errors)
    {
        switch (item[key])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return value.GetValue<bool>();
            default:
                errors.Add(Join(path, key), "must be true or false.");
                return null;
        }
    }

    public static int? Int(JsonObject item, string key, string path, ValidationErrors errors)
    {
        switch (item[key])
        {
            case null:
                return null;
            case JsonValue value when value.TryGetValue<int>(out var number):
                return number;
            case JsonValue value when value.TryGetValue<long>(out _) || value.TryGetValue<double>(out _):
                errors.Add(Join(path, key), "must be a whole number between -2147483648 and 2147483647.");
                return null;
            default:
                errors.Add(Join(path, key), "must be a whole number.");
                return null;
        }
    }

    public static IReadOnlyList<JsonNode?> List(JsonObject item, string key, string path, ValidationErrors errors)
    {
        switch (item[key])
        {
            case null:
                return [];
            case JsonArray array:
                return [.. array];
            default:
                errors.Add(Join(path, key), "must be a list.");
                return [];
        }
    }

    /// <summary>An object of text values, e.g. custom properties.</summary>
    public static Dictionary<string, string> TextMap(JsonObject item, string key, string path, ValidationErrors errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (item[key])
        {
            case null:
                break;
            case JsonObject map:
                foreach (var (name, value) in map)
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        result[name] = v.GetValue<string>();
                    }
                    else
                    {
                        errors.Add($"{Join(path, key)}.{name}", "must be text.");
                    }
                }

                break;
            default:
                errors.Add(Join(path, key), "must be an object of names and texts.");
                break;
        }

        return result;
    }

    public static HtmDuration? Duration(JsonObject item, string key, string path, ValidationErrors errors)
    {
        var text = Text(item, key, path, errors);
        if (text is null)
        {
            return null;
        }

        if (HtmDuration.TryParse(text, out var duration, out var error))
        {
            return duration;
        }

        errors.Add(Join(path, key), error);
        return null;
    }

    /// <summary>Reads a choice by name (any case, <c>-</c> and <c>_</c> ignored); absent gives <paramref name="fallback"/>.</summary>
    public static T? Choice<T>(JsonObject item, string key, string path, ValidationErrors errors, IReadOnlyDictionary<string, T> names, string accepted, T? fallback)
        where T : struct
    {
        var text = Text(item, key, path, errors);
        if (text is null)
        {
            return fallback;
        }

        if (names.TryGetValue(Names.Normalize(text), out var value))
        {
            return value;
        }

        errors.Add(Join(path, key), $"'{text}' is not one of: {accepted}.");
        return null;
    }

    /// <summary>A text, or an object of texts by locale (<c>{"en": "Approve", "de": "Genehmigen"}</c>).</summary>
    public static LocalizedText? Localized(JsonObject item, string key, string path, ValidationErrors errors)
    {
        switch (item[key])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return LocalizedText.Of(value.GetValue<string>());
            case JsonObject:
                var texts = TextMap(item, key, path, errors);
                if (texts.Count == 0)
                {
                    errors.Add(Join(path, key), "names at least one locale.");
                }

                return new LocalizedText(texts);
            default:
                errors.Add(Join(path, key), "must be text, or an object of texts by locale.");
                return null;
        }
    }
}
