using System.Text.Json.Nodes;
using System.Xml.Linq;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>Checks an XML message against its type while turning it into JSON (rules: <see cref="BusinessData"/>).</summary>
internal static class XmlToJsonConverter
{
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static JsonObject Convert(XElement root, MessageType type, ValidationErrors errors)
    {
        var ns = type.Namespace ?? "";
        if (root.Name.LocalName != type.Element || root.Name.NamespaceName != ns)
        {
            errors.Add("$", $"the root element must be {type.TypeName}, not {Describe(root.Name)}.");
        }

        return Complex(root, type.Fields, "", ns, errors);
    }

    private static JsonObject Complex(XElement element, IReadOnlyList<MessageField> fields, string path, string ns, ValidationErrors errors)
    {
        var result = new JsonObject();
        foreach (var attribute in Attributes(element).Where(a => !fields.Any(f => f.Attribute && Matches(a.Name, f, ""))))
        {
            errors.Add(Join(path, "@" + attribute.Name.LocalName), "is not an attribute of this element.");
        }

        if (element.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value)))
        {
            errors.Add(path.Length == 0 ? "$" : path, "holds text where only elements are expected.");
        }

        foreach (var child in element.Elements().Where(e => !fields.Any(f => !f.Attribute && Matches(e.Name, f, ns))))
        {
            errors.Add(Join(path, child.Name.LocalName), $"{Describe(child.Name)} is not a field of this element.");
        }

        foreach (var field in fields)
        {
            var fieldPath = Join(path, field.Attribute ? "@" + field.Name : field.Name);
            if (field.Attribute)
            {
                var attribute = Attributes(element).FirstOrDefault(a => Matches(a.Name, field, ""));
                if (attribute is not null)
                {
                    result["@" + field.Name] = Simple(field.Type, attribute.Value, fieldPath, errors);
                }
                else if (field.Required)
                {
                    errors.Missing(fieldPath);
                }

                continue;
            }

            var matching = element.Elements().Where(e => Matches(e.Name, field, ns)).ToList();
            if (matching.Count == 0)
            {
                if (field.Required)
                {
                    errors.Missing(fieldPath);
                }
            }
            else if (field.Repeated)
            {
                result[field.Name] = new JsonArray([.. matching.Select((e, i) => Value(e, field, $"{fieldPath}[{i}]", ns, errors))]);
            }
            else if (matching.Count > 1)
            {
                errors.Add(fieldPath, $"occurs {matching.Count} times but is not repeated.");
            }
            else
            {
                result[field.Name] = Value(matching[0], field, fieldPath, ns, errors);
            }
        }

        return result;
    }

    private static JsonNode? Value(XElement element, MessageField field, string path, string ns, ValidationErrors errors)
    {
        if (field.Type == FieldType.Complex)
        {
            return Complex(element, field.Fields, path, ns, errors);
        }

        if (element.HasElements || Attributes(element).Any())
        {
            errors.Add(path, $"holds elements or attributes but is a {FieldTypes.ToName(field.Type)} value.");
            return null;
        }

        return Simple(field.Type, element.Value, path, errors);
    }

    private static JsonNode? Simple(FieldType type, string text, string path, ValidationErrors errors)
    {
        var value = SimpleValues.FromXml(type, text, out var error);
        if (error is not null)
        {
            errors.Add(path, error);
        }

        return value;
    }

    // Namespace declarations and xsi:* (schemaLocation, type) are XML plumbing, not data.
    private static IEnumerable<XAttribute> Attributes(XElement element) =>
        element.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.Namespace != Xsi);

    // Children are unqualified (elementFormDefault="unqualified", IBM's usual schemas); qualified ones are accepted too.
    private static bool Matches(XName name, MessageField field, string ns) =>
        name.LocalName == field.Name && (name.Namespace == XNamespace.None || name.NamespaceName == ns);

    private static string Describe(XName name) => name.Namespace == XNamespace.None ? name.LocalName : $"{{{name.NamespaceName}}}{name.LocalName}";

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
