using System.Text.Json.Nodes;

namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>
/// An input, output or fault message as a face received it: XML (IBM's default) or JSON. The engine checks it against
/// the template's message type and keeps canonical XML (<see cref="BusinessData"/>).
/// </summary>
public sealed record BusinessMessage(string? Xml, JsonObject? Json)
{
    public static BusinessMessage FromXml(string xml) => new(xml, null);

    public static BusinessMessage FromJson(JsonObject json) => new(null, json);

    /// <summary>
    /// The canonical XML of this message for <paramref name="type"/>; throws a validation error naming the bad field. A
    /// <paramref name="draft"/> may leave required fields out; every value it has is still checked.
    /// </summary>
    public string ToCanonicalXml(MessageType type, bool draft = false) =>
        Json is not null ? BusinessData.JsonToXml(Json, type, draft) : BusinessData.NormalizeXml(Xml ?? "", type, draft);
}
