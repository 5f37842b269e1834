using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Taskforge.Server.Http;

/// <summary>JSON settings shared by the faces' hand-written wire shapes (camelCase, no nulls).</summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Bodies are JSON, never embedded in HTML: keep apostrophes and accents readable ("Workflow 'x'", not \u0027).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Leaves out the properties whose value is null, as <see cref="Options"/> does for serialized shapes; returns <paramref name="json"/>.</summary>
    public static JsonObject WithoutNulls(this JsonObject json)
    {
        foreach (var key in json.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            json.Remove(key);
        }

        return json;
    }
}
