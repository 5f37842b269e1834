using System.Text.Json.Nodes;
using System.Xml.Linq;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>
/// Validates task input, output and fault messages against their <see cref="MessageType"/> and converts between XML
/// (canonical, IBM's default) and JSON by DESIGN.md's rules, since IBM's own "JSON Format" page is not public
/// (ibm-bpm-htm.md §1.1):
/// <list type="bullet">
/// <item>the root element is the JSON object itself (so an empty message is <c>{}</c>, as IBM's <c>?new=true</c>);</item>
/// <item>a child element is a property named by its local name; a repeated field is always an array, even of one;</item>
/// <item>simple content is typed by the field: numbers and booleans become JSON numbers and booleans, dates and times
/// stay XSD strings, <c>INF</c>/<c>NaN</c> stay strings;</item>
/// <item>an attribute is the property <c>@name</c>;</item>
/// <item>namespaces: only the root's; children are unqualified on output and accepted either way on input;</item>
/// <item>JSON <c>null</c> means absent.</item>
/// </list>
/// Problems are thrown together as one <see cref="ValidationException"/> keyed by field path (<c>items[1].amount</c>,
/// <c>@currency</c>, <c>$</c> for the document); the engine refuses them as <see cref="TaskRuleReason.InvalidMessage"/>.
/// </summary>
public static class BusinessData
{
    /// <param name="draft">A draft (work in progress, or a message stored as one) may leave required fields out.</param>
    public static JsonObject XmlToJson(string xml, MessageType type, bool draft = false)
    {
        var errors = new ValidationErrors { AllowMissing = draft };
        var json = XmlToJsonConverter.Convert(SafeXml.Parse(xml), type, errors);
        errors.ThrowIfAny();
        return json;
    }

    /// <param name="draft">A draft (work in progress) may leave required fields out.</param>
    public static string JsonToXml(JsonObject json, MessageType type, bool draft = false)
    {
        var errors = new ValidationErrors { AllowMissing = draft };
        var root = JsonToXmlConverter.Convert(json, type, errors);
        errors.ThrowIfAny();
        return root.ToString(SaveOptions.DisableFormatting);
    }

    public static void ValidateXml(string xml, MessageType type) => XmlToJson(xml, type);

    public static void ValidateJson(JsonObject json, MessageType type) => JsonToXml(json, type);

    /// <summary>The canonical XML of a message (typed values in XSD's canonical form, unqualified children, no formatting).</summary>
    public static string NormalizeXml(string xml, MessageType type, bool draft = false) => JsonToXml(XmlToJson(xml, type, draft), type, draft);

    /// <summary>
    /// A message as it was stored, for showing: it was checked when it was written, and a draft saved as work in progress
    /// may lack required fields, so reading never refuses it for that.
    /// </summary>
    public static JsonObject ReadStored(string xml, MessageType type) => XmlToJson(xml, type, draft: true);

    /// <summary>IBM's empty message for <c>?new=true</c>: the root element with its namespace declaration only.</summary>
    public static string EmptyXml(MessageType type) => JsonToXmlConverter.Root(type).ToString(SaveOptions.DisableFormatting);
}
