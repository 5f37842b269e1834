using System.Text.Json.Nodes;
using Taskforge.Engine.Workflows;

namespace Taskforge.Server.Faces.Console.Workflows;

/// <summary>
/// Secure strings a definition carries (a SecureString input's default, an attribute's value) are never shown by the
/// console: not in the inputs table, not in a diff of two revisions. A diff still says that one changed.
/// </summary>
public static class SecretValues
{
    public const string Hidden = "(secure string, not shown)";

    public const string HiddenChanged = "(secure string, not shown; changed)";

    // Where WorkflowDefinitionReader finds parameters and attributes, under each of the names it accepts.
    private static readonly string[] Lists = ["input-parameters", "inputParameters", "inputs", "output-parameters", "outputParameters", "outputs", "attributes"];

    private static readonly string[] ValueFields = ["default", "value"];

    /// <summary>SecureString, or an array of them.</summary>
    public static bool IsSecret(ParameterType type) =>
        type.Kind == ParameterKind.SecureString || (type.Kind == ParameterKind.Array && type.Element is { } element && IsSecret(element));

    /// <summary>
    /// Copies of two definition documents with every secure value replaced by <see cref="Hidden"/>, or in the newer one by
    /// <see cref="HiddenChanged"/> where it differs from the older one's value for the same parameter.
    /// </summary>
    public static (JsonNode Older, JsonNode Newer) Mask(JsonNode older, JsonNode newer)
    {
        var (olderMasked, olderSecrets) = Mask(older);
        var (newerMasked, newerSecrets) = Mask(newer);
        foreach (var (place, (value, holder, field)) in newerSecrets)
        {
            if (!olderSecrets.TryGetValue(place, out var before) || !JsonNode.DeepEquals(before.Value, value))
            {
                holder[field] = HiddenChanged;
            }
        }

        return (olderMasked, newerMasked);
    }

    private static (JsonNode Masked, Dictionary<string, (JsonNode? Value, JsonObject Holder, string Field)> Secrets) Mask(JsonNode document)
    {
        var masked = document.DeepClone();
        var secrets = new Dictionary<string, (JsonNode?, JsonObject, string)>(StringComparer.Ordinal);
        foreach (var list in Lists)
        {
            foreach (var item in (masked[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (item["type"] is JsonValue type && ParameterType.TryParse(type.ToString(), out var parsed, out _) && IsSecret(parsed))
                {
                    foreach (var field in ValueFields.Where(item.ContainsKey))
                    {
                        secrets[$"{list}/{item["name"]}/{field}"] = (item[field]?.DeepClone(), item, field);
                        item[field] = Hidden;
                    }
                }
            }
        }

        return (masked, secrets);
    }
}
