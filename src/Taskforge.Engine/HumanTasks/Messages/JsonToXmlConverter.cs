using System.Text.Json.Nodes;
using System.Xml.Linq;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>Checks a JSON message against its type while turning it into XML (rules: <see cref="BusinessData"/>).</summary>
internal static class JsonToXmlConverter
{
    /// <summary>The prefix of the root element's namespace; a prefix (not a default namespace) keeps the children unqualified.</summary>
    public const string Prefix = "ns";

    public static XElement Root(MessageType type)
    {
        if (type.Namespace is null)
        {
            return new XElement(type.Element);
        }

        XNamespace ns = type.Namespace;
        return new XElement(ns + type.Element, new XAttribute(XNamespace.Xmlns + Prefix, type.Namespace));
    }

    public static XElement Convert(JsonObject json, MessageType type, ValidationErrors errors)
    {
        var root = Root(type);
        Fill(root, json, type.Fields, "", errors);
        return root;
    }

    private static void Fill(XElement target, JsonObject json, IReadOnlyList<MessageField> fields, string path, ValidationErrors errors)
    {
        foreach (var key in json.Select(p => p.Key).Where(k => !fields.Any(f => Key(f) == k)))
        {
            errors.Add(Join(path, key), "is not a field of this element.");
        }

        foreach (var field in fields)
        {
            var fieldPath = Join(path, Key(field));
            var node = json[Key(field)];
            if (node is null || (field.Repeated && node is JsonArray { Count: 0 }))
            {
                if (field.Required)
                {
                    errors.Missing(fieldPath);
                }
            }
            else if (field.Attribute)
            {
                if (Text(field, node, fieldPath, errors) is { } text)
                {
                    target.Add(new XAttribute(field.Name, text));
                }
            }
            else if (field.Repeated)
            {
                // One value for a repeated field is taken as a list of one.
                var items = node as JsonArray ?? [node.DeepClone()];
                for (var i = 0; i < items.Count; i++)
                {
                    target.Add(Element(field, items[i], $"{fieldPath}[{i}]", errors));
                }
            }
            else if (node is JsonArray)
            {
                errors.Add(fieldPath, "is not repeated; give one value, not a list.");
            }
            else
            {
                target.Add(Element(field, node, fieldPath, errors));
            }
        }
    }

    private static XElement Element(MessageField field, JsonNode? node, string path, ValidationErrors errors)
    {
        var element = new XElement(field.Name);
        if (field.Type != FieldType.Complex)
        {
            element.Value = Text(field, node, path, errors) ?? "";
        }
        else if (node is JsonObject json)
        {
            Fill(element, json, field.Fields, path, errors);
        }
        else
        {
            errors.Add(path, "must be an object.");
        }

        return element;
    }

    private static string? Text(MessageField field, JsonNode? node, string path, ValidationErrors errors)
    {
        var text = SimpleValues.ToXml(field.Type, node, out var error);
        if (error is not null)
        {
            errors.Add(path, error);
        }

        return text;
    }

    private static string Key(MessageField field) => field.Attribute ? "@" + field.Name : field.Name;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
