using System.Text.Json;
using Taskforge.Server.Http;

namespace Taskforge.Fuzz;

/// <summary>An answer as the fuzzer saw it; <see cref="Status"/> is 0 when no answer came in time.</summary>
public sealed record FuzzResponse(int Status, string? ContentType, string Body, bool Streaming);

/// <summary>
/// The properties every answer must have: no 5xx other than a documented one, and every error in its face's format
/// (vRO <c>{"status","message"}</c>, IBM <c>{"errorNumber","errorMessage"}</c>, problem details on the native API,
/// an HTML page in the console; problem details there too for the console's own scripts).
/// </summary>
public static class ResponseJudge
{
    /// <summary>The broken property, or null.</summary>
    public static string? Judge(FuzzRequest request, FuzzResponse response)
    {
        if (response.Status == 0)
        {
            return "no answer in time (hung)";
        }

        if (response.Status == -1 && !request.Raw && !(request.Body?.Length > RequestSender.MaxBodyBytes))
        {
            return $"connection closed without an answer: {First(response.Body)}";
        }

        if (response.Status >= 500 && !Documented(request, response))
        {
            return $"{response.Status} {First(response.Body)}";
        }

        // Kestrel refuses a malformed request (request line, framing, Host) and one over its limits (a request line over
        // 8 KiB: 414, headers over 32 KiB: 431, an escaped NUL in the path: 400) before any face sees it, with an empty body.
        if (response.Status < 400 || request.Method == "HEAD" || response.Streaming
            || (response.Body.Length == 0 && (request.Raw || response.Status is 414 or 431
                || (response.Status == 400 && request.Target.Split('?')[0].Contains("%00", StringComparison.Ordinal)))))
        {
            return null;
        }

        var faces = Faces(request.Target);
        return faces.Any(face => InFormat(face, response)) ? null
            : $"{response.Status} not in the format of {string.Join(" or ", faces)}: {response.ContentType} {First(response.Body)}";
    }

    // 503: storage or readiness unavailable (every face). 500 on IBM's task creation in sync mode: the invocation the
    // task stands for failed, which IBM answers so (HtmErrors); it is an IBM error, never the unhandled-failure text.
    private static bool Documented(FuzzRequest request, FuzzResponse response) =>
        response.Status == 503
        || (response.Status == 500 && request.Route.Key == "POST /rest/bpm/htm/v1/task" && InFormat(Face.Htm, response)
            && !response.Body.Contains("An internal error occurred", StringComparison.Ordinal));

    /// <summary>The faces a target may belong to: as sent, and after the server has resolved dot segments and escapes.</summary>
    public static IReadOnlyList<Face> Faces(string target)
    {
        // FaceRoots.Of decodes its path and refuses an escaped NUL; the server never gets that far with one.
        var path = target.Split('?')[0].Replace("%00", "", StringComparison.Ordinal);
        var faces = new List<Face> { FaceRoots.Of(path.Replace("\0", "", StringComparison.Ordinal)) };
        var unescaped = Uri.UnescapeDataString(path.Replace("%2F", "%252F", StringComparison.OrdinalIgnoreCase)).Replace("\0", "", StringComparison.Ordinal);
        if (Uri.TryCreate("http://x/" + unescaped.TrimStart('/'), UriKind.Absolute, out var resolved))
        {
            faces.Add(FaceRoots.Of(Uri.UnescapeDataString(resolved.AbsolutePath).Replace("\0", "", StringComparison.Ordinal)));
        }

        return faces.Distinct().ToList();
    }

    private static bool InFormat(Face face, FuzzResponse response)
    {
        var json = Json(response.Body);
        return face switch
        {
            Face.Vco => json is { } v && Has(v, "status", JsonValueKind.Number) && Has(v, "message", JsonValueKind.String),
            Face.Htm => json is { } h && Has(h, "errorNumber", JsonValueKind.String) && Has(h, "errorMessage", JsonValueKind.String),
            Face.Native => Problem(json),
            // A page, or a fragment of one for the console's own script (the schedule preview).
            _ => (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true && response.Body.Contains('<', StringComparison.Ordinal))
                || Problem(json),
        };
    }

    private static bool Problem(JsonElement? json) =>
        json is { } p && Has(p, "status", JsonValueKind.Number) && Has(p, "title", JsonValueKind.String);

    private static bool Has(JsonElement element, string name, JsonValueKind kind) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind;

    private static JsonElement? Json(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string First(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
