using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taskforge.Engine;

/// <summary>
/// The one way to parse JSON that comes from outside (a request body, a definition, an answer to an http step) into a
/// <see cref="JsonNode"/>. A <see cref="JsonObject"/> checks its keys only when first read, and a string only when
/// taken out, so JSON that parses can still fail far from the parser: a repeated key throws
/// <see cref="ArgumentException"/>, an escaped lone surrogate (<c>"\ud800"</c>) <see cref="InvalidOperationException"/>.
/// Both are refused here as <see cref="JsonException"/>, which every face answers with a 400.
/// </summary>
public static class OutsideJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    public static JsonNode? Parse(string text)
    {
        try
        {
            return Walk(JsonNode.Parse(text, documentOptions: Options));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new JsonException($"The JSON cannot be read: {ex.Message}", ex);
        }
    }

    public static async Task<JsonNode?> ParseAsync(Stream utf8Json, CancellationToken ct)
    {
        // The parser itself throws these too, for a repeated key whose name holds a lone surrogate.
        try
        {
            return Walk(await JsonNode.ParseAsync(utf8Json, documentOptions: Options, cancellationToken: ct));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new JsonException($"The JSON cannot be read: {ex.Message}", ex);
        }
    }

    // Iterative: the depth is bounded by the parser (64), but a wide document should not cost a stack frame per value.
    private static JsonNode? Walk(JsonNode? root)
    {
        var pending = new Stack<JsonNode?>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, value) in obj)
                    {
                        pending.Push(value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        pending.Push(item);
                    }

                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    _ = value.GetValue<string>();
                    break;
            }
        }

        return root;
    }
}
