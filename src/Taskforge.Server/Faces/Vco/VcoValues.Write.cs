using System.Text.Json;
using System.Text.Json.Nodes;
using Taskforge.Engine.Workflows;

namespace Taskforge.Server.Faces.Vco;

public static partial class VcoValues
{
    private const string Mask = "*****";

    /// <summary>
    /// The wire value object for a canonical value, or null when it is unset (the caller then omits <c>value</c>).
    /// A value whose shape does not fit <paramref name="declared"/> is written by what it is, as for Any; a secure
    /// string is masked whatever its shape unless <paramref name="maskSecrets"/> is false.
    /// </summary>
    public static JsonObject? Write(ParameterType declared, JsonNode? canonical, bool maskSecrets = true)
    {
        if (IsNull(canonical))
        {
            return null;
        }

        var kind = canonical.GetValueKind();
        return declared.Kind switch
        {
            ParameterKind.SecureString => WriteSecure(canonical, maskSecrets),
            ParameterKind.String when kind is JsonValueKind.String => Wrap("string", canonical),
            ParameterKind.Number when kind is JsonValueKind.Number => Wrap("number", canonical),
            ParameterKind.Boolean when kind is JsonValueKind.True or JsonValueKind.False => Wrap("boolean", canonical),
            ParameterKind.Date when kind is JsonValueKind.String => Wrap("date", canonical),
            ParameterKind.Array when canonical is JsonArray array => WriteArray(declared.Element ?? ParameterType.Any, array, maskSecrets),
            ParameterKind.SdkObject when canonical is JsonObject reference => WriteSdkObject(declared, reference),
            _ => WriteInferred(canonical, maskSecrets),
        };
    }

    private static JsonObject WriteInferred(JsonNode canonical, bool maskSecrets) => canonical switch
    {
        JsonArray array => WriteArray(ParameterType.Any, array, maskSecrets),
        JsonObject properties => WriteProperties(properties, maskSecrets),
        _ => canonical.GetValueKind() switch
        {
            JsonValueKind.Number => Wrap("number", canonical),
            JsonValueKind.True or JsonValueKind.False => Wrap("boolean", canonical),
            _ => Wrap("string", canonical),
        },
    };

    private static JsonObject Wrap(string kind, JsonNode value) =>
        new() { [kind] = new JsonObject { ["value"] = value.DeepClone() } };

    private static JsonObject WriteSecure(JsonNode canonical, bool maskSecrets) => new()
    {
        ["secure-string"] = new JsonObject
        {
            ["value"] = maskSecrets ? Mask : Text(canonical) ?? canonical.ToJsonString(),
            ["isPlainText"] = !maskSecrets,
        },
    };

    private static JsonObject WriteArray(ParameterType element, JsonArray array, bool maskSecrets) => new()
    {
        ["array"] = new JsonObject
        {
            ["elements"] = new JsonArray([.. array.Select(item => (JsonNode?)Write(element, item, maskSecrets))]),
        },
    };

    private static JsonObject WriteProperties(JsonObject properties, bool maskSecrets)
    {
        var list = new JsonArray();
        foreach (var (key, value) in properties)
        {
            var entry = new JsonObject { ["key"] = key };
            if (Write(ParameterType.Any, value, maskSecrets) is { } written)
            {
                entry["value"] = written;
            }

            list.Add(entry);
        }

        return new JsonObject { ["properties"] = new JsonObject { ["property"] = list } };
    }

    private static JsonObject WriteSdkObject(ParameterType declared, JsonObject reference)
    {
        var written = new JsonObject
        {
            ["type"] = Text(reference["type"]) ?? declared.SdkType ?? declared.ToString(),
            ["id"] = Text(reference["id"]) ?? "",
        };
        foreach (var name in (string[])["href", "displayValue"])
        {
            if (Text(reference[name]) is { } text)
            {
                written[name] = text;
            }
        }

        return new JsonObject { ["sdk-object"] = written };
    }
}
