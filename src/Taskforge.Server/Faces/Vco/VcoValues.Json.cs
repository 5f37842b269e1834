using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taskforge.Server.Faces.Vco;

/// <summary>The liberal JSON helpers behind <see cref="TryRead"/> and <see cref="ReadParameters"/>.</summary>
public static partial class VcoValues
{
    /// <summary>
    /// A JSON array, or what XML makes of one: nothing, an empty element (""), a single item, or (for array elements)
    /// items grouped by kind, <c>{"string":["a","b"]}</c>.
    /// </summary>
    private static bool TryList(JsonNode? node, bool expandKinds, out List<JsonNode?> items)
    {
        items = [];
        switch (node)
        {
            case null:
                return true;
            case JsonArray array:
                items.AddRange(array);
                return true;
            case JsonObject group when expandKinds:
                foreach (var (kind, value) in group)
                {
                    IEnumerable<JsonNode?> members = value is JsonArray many ? many : [value];
                    items.AddRange(members.Select(m => (JsonNode?)new JsonObject { [kind] = m?.DeepClone() }));
                }

                return true;
            case JsonObject single:
                items.Add(single);
                return true;
            default:
                return node.GetValueKind() is JsonValueKind.Null || (node.GetValueKind() is JsonValueKind.String && Text(node) == "");
        }
    }

    private static bool IsNull([NotNullWhen(false)] JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;

    /// <summary>A scalar's text (numbers and booleans too); null for nothing, objects and arrays.</summary>
    private static string? Text(JsonNode? node) => node is null ? null : node.GetValueKind() switch
    {
        JsonValueKind.String => StringOf(node),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
        _ => null,
    };

    /// <summary>A field by name, ignoring case, <c>-</c> and <c>_</c> (<c>mime-type</c> finds <c>mimeType</c>).</summary>
    internal static JsonNode? Field(JsonObject fields, string name)
    {
        var wanted = Normalize(name);
        return fields.FirstOrDefault(p => Normalize(p.Key) == wanted).Value;
    }

    internal static string Normalize(string key) =>
        key.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string? StringOf(JsonNode node)
    {
        if (node.AsValue().TryGetValue<string>(out var text))
        {
            return text;
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.GetString();
    }
}
