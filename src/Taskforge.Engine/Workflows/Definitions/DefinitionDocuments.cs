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
    public static JsonObject Parse(string text, bool yaml)
    {
        try
        {
            var node = yaml ? FromYaml(text) : JsonNode.Parse(text);
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
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

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
