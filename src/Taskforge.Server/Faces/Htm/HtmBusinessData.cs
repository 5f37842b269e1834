using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Hosting;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Business data on IBM's wire (ibm-bpm-htm.md §1, §1.1): input, output and fault messages are XML unless the client
/// sends or asks for JSON. XML is read through <see cref="Http.SafeXml"/> only (no DTD, no resolver) and checked by the engine
/// against the template's message type.
/// </summary>
public sealed class HtmBusinessData(IOptions<HttpOptions> options)
{
    /// <summary>Endpoints that take or give business data: XML (the default) or JSON both ways.</summary>
    public static WireFormat Format { get; } = new([WireFormat.Xml, WireFormat.TextXml, WireFormat.Json], [WireFormat.Xml, WireFormat.TextXml, WireFormat.Json]);

    /// <returns>The message in the body, or null when there is none.</returns>
    public async Task<BusinessMessage?> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return null;
        }

        var ct = context.RequestAborted;
        if (WireFormat.IsJson(request.ContentType))
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            if (buffer.Length == 0)
            {
                return null;
            }

            buffer.Position = 0;
            return await Engine.OutsideJson.ParseAsync(buffer, ct) is JsonObject json
                ? BusinessMessage.FromJson(json)
                : throw new Engine.Errors.ValidationException("$", "a JSON message is an object (the root element's content).");
        }

        var document = await Http.SafeXml.LoadAsync(request.Body, options.Value.MaxRequestBodyBytes, ct);
        return document.Root is null ? null : BusinessMessage.FromXml(document.Root.ToString(SaveOptions.DisableFormatting));
    }

    /// <summary>Whether the answer should be JSON: the client rates JSON above XML (or lists it first at the same rating).</summary>
    public static bool WantsJson(HttpRequest request) => Format.Negotiate(request.Headers.Accept) == WireFormat.Json;

    /// <summary>
    /// Answers a message as XML or JSON. A task without the message answers with an empty one (IBM's <c>?new=true</c>
    /// shape) when <paramref name="emptyWhenMissing"/>, else 204.
    /// </summary>
    public static IResult Write(HttpContext context, TaskMessage message, bool emptyWhenMissing = false)
    {
        if (message.Type is null || (message.Xml is null && !emptyWhenMissing))
        {
            return Results.NoContent();
        }

        var xml = message.Xml ?? BusinessData.EmptyXml(message.Type);
        if (WantsJson(context.Request))
        {
            return Results.Json(message.Xml is null ? new JsonObject() : BusinessData.ReadStored(xml, message.Type), WireJson.Options);
        }

        return Results.Text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml, WireFormat.Xml, Encoding.UTF8);
    }
}
