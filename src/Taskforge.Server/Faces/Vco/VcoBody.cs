using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Taskforge.Server.Hosting;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// Reads a vRO request body as a JSON tree, whether the client sent JSON (vRO 8 clients) or XML (vRO 7-era
/// scripts). XML maps element → property, repeated element → array, attribute → property, text → string,
/// and is parsed by <see cref="SafeXml"/> only.
/// </summary>
public sealed class VcoBody(IOptions<HttpOptions> options)
{
    /// <returns>The body, or null when the request has none.</returns>
    public async Task<JsonNode?> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return null;
        }

        var ct = context.RequestAborted;
        if (WireFormat.IsXml(request.ContentType))
        {
            var document = await SafeXml.LoadAsync(request.Body, options.Value.MaxRequestBodyBytes, ct);
            // The root element names the resource (<execution-context>); vRO's JSON has no such wrapper.
            return document.Root is null ? null : ToJson(document.Root);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0)
        {
            return null;
        }

        buffer.Position = 0;
        return await Engine.OutsideJson.ParseAsync(buffer, ct);
    }

    internal static JsonNode? ToJson(XElement element)
    {
        if (!element.HasElements && !element.HasAttributes)
        {
            return JsonValue.Create(element.Value);
        }

        var result = new JsonObject();
        foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            result[attribute.Name.LocalName] = attribute.Value;
        }

        foreach (var group in element.Elements().GroupBy(e => e.Name.LocalName))
        {
            var items = group.ToList();
            result[group.Key] = items.Count == 1
                ? ToJson(items[0])
                : new JsonArray([.. items.Select(ToJson)]);
        }

        if (!element.HasElements && element.Value.Length > 0)
        {
            result["value"] = element.Value;
        }

        return result;
    }
}
