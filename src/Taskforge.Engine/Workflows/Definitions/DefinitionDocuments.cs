using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>Reads a definition document written in JSON or YAML into one JSON tree.</summary>
public static class DefinitionDocuments
{
    // As deep as System.Text.Json reads a JSON document.
    private const int MaxDepth = 64;

    public static JsonObject Parse(string text, bool yaml)
    {
        try
        {
            var node = yaml ? FromYaml(text) : OutsideJson.Parse(text);
            return node as JsonObject ?? throw new ValidationException("$", "the definition must be an object.");
        }
        catch (JsonException ex)
        {
            throw new ValidationException("$", $"not valid JSON: {ex.Message}");
        }
        catch (YamlException ex)
        {
            throw new ValidationException("$", $"not valid YAML: line {ex.Start.Line}: {ex.Message}");
        }
    }

    private static JsonNode? FromYaml(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet's representation model throws these, not a YamlException, on some malformed documents.
            throw new ValidationException("$", $"not valid YAML: {ex.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        // Aliases share their node, so a few lines of anchors can stand for billions of values: the tree may hold at most
        // a few values per character of the text, which no document without aliases (or with a few) comes near.
        var budget = 4 * text.Length + 1024;
        return ToJson(stream.Documents[0].RootNode, depth: 0, ref budget);
    }

    private static JsonNode? ToJson(YamlNode node, int depth, ref int budget)
    {
        if (--budget < 0)
        {
            throw new ValidationException("$", "not valid YAML: its aliases expand to too many values.");
        }

        if (depth > MaxDepth)
        {
            throw new ValidationException("$", $"not valid YAML: nested deeper than {MaxDepth} levels.");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var json = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: var name })
                    {
                        throw new ValidationException("$", $"not valid YAML: line {key.Start.Line}: a key must be plain text, not a list or a mapping.");
                    }

                    if (!json.TryAdd(name ?? "", ToJson(value, depth + 1, ref budget)))
                    {
                        throw new ValidationException("$", $"not valid YAML: line {key.Start.Line}: the key '{name}' appears twice.");
                    }
                }

                return json;
            case YamlSequenceNode list:
                var array = new JsonArray();
                foreach (var item in list.Children)
                {
                    array.Add(ToJson(item, depth + 1, ref budget));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    // Plain (unquoted) scalars get YAML's core-schema types; quoted ones stay strings.
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        // Numbers are made as JSON text, not from a CLR long or double: a value made from a long cannot be read as an int
        // (GetValue<int> throws), and readers ask for the type they need ("priority: 2" in a task template was refused).
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture))!.AsValue();
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonNode.Parse(number.ToString("R", CultureInfo.InvariantCulture))!.AsValue();
        }

        return JsonValue.Create(value);
    }
}
