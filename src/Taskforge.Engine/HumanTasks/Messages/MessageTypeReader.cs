using System.Text.Json.Nodes;
using System.Xml;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>
/// Reads a message type from a definition: <c>{"element": "approveRequest", "namespace": "urn:x", "fields": [{"name":
/// "amount", "type": "decimal", "required": true}, {"name": "tags", "type": "string", "repeated": true}]}</c>.
/// </summary>
public static class MessageTypeReader
{
    private static readonly HashSet<string> TypeKeys = ["element", "namespace", "fields"];
    private static readonly HashSet<string> FieldKeys = ["name", "type", "required", "repeated", "attribute", "fields", "description"];

    public static MessageType? Read(JsonNode? node, string path, ValidationErrors errors)
    {
        if (node is not JsonObject item)
        {
            errors.Add(path, "must be an object with element and fields.");
            return null;
        }

        TemplateFields.RejectUnknown(item, TypeKeys, path, errors);
        var element = NcName(item, "element", path, errors, required: true);
        var ns = TemplateFields.Text(item, "namespace", path, errors);
        var fields = Fields(item, path, errors);
        return element is null ? null : new MessageType(element, string.IsNullOrWhiteSpace(ns) ? null : ns.Trim(), fields);
    }

    private static List<MessageField> Fields(JsonObject item, string path, ValidationErrors errors)
    {
        var result = new List<MessageField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = TemplateFields.List(item, "fields", path, errors);
        for (var i = 0; i < items.Count; i++)
        {
            var fieldPath = $"{path}.fields[{i}]";
            var field = Field(items[i], fieldPath, errors);
            if (field is null)
            {
                continue;
            }

            // An attribute and an element of one name would both be "name"/"@name" in JSON but clash in the model.
            if (!names.Add(field.Name))
            {
                errors.Add($"{fieldPath}.name", $"'{field.Name}' is already a field of this element.");
            }
            else
            {
                result.Add(field);
            }
        }

        return result;
    }

    private static MessageField? Field(JsonNode? node, string path, ValidationErrors errors)
    {
        if (node is not JsonObject item)
        {
            errors.Add(path, "must be an object with name and type.");
            return null;
        }

        TemplateFields.RejectUnknown(item, FieldKeys, path, errors);
        var name = NcName(item, "name", path, errors, required: true);
        var typeText = TemplateFields.Text(item, "type", path, errors);
        var type = FieldType.String;
        if (typeText is not null && !FieldTypes.TryParse(typeText, out type))
        {
            errors.Add($"{path}.type", $"'{typeText}' is not a field type; use {FieldTypes.Accepted}.");
            return null;
        }

        var required = TemplateFields.Bool(item, "required", path, errors) ?? false;
        var repeated = TemplateFields.Bool(item, "repeated", path, errors) ?? false;
        var attribute = TemplateFields.Bool(item, "attribute", path, errors) ?? false;
        var hasFields = item.ContainsKey("fields");
        var fields = type == FieldType.Complex ? Fields(item, path, errors) : [];
        if (type == FieldType.Complex && fields.Count == 0 && !hasFields)
        {
            errors.Add($"{path}.fields", "a complex field lists its own fields.");
        }
        else if (type != FieldType.Complex && hasFields)
        {
            errors.Add($"{path}.fields", "only a complex field has fields.");
        }

        if (attribute && (type == FieldType.Complex || repeated))
        {
            errors.Add($"{path}.attribute", "an attribute holds one simple value; it cannot be complex or repeated.");
        }

        return name is null ? null : new MessageField(name, type, required, repeated, attribute, fields);
    }

    private static string? NcName(JsonObject item, string key, string path, ValidationErrors errors, bool required)
    {
        var text = TemplateFields.Text(item, key, path, errors);
        if (text is null)
        {
            if (required)
            {
                errors.Add($"{path}.{key}", "is required.");
            }

            return null;
        }

        try
        {
            return XmlConvert.VerifyNCName(text);
        }
        catch (XmlException)
        {
            errors.Add($"{path}.{key}", $"'{text}' is not an XML name (letters, digits, _ - .; no spaces or colons; not starting with a digit).");
            return null;
        }
    }
}
