using System.Text.Json;
using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>Query parameters and JSON bodies of the HTM face, read with IBM's error numbers for what is missing or wrong.</summary>
public static class HtmParameters
{
    public static string? Optional(HttpContext context, string name) =>
        context.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    public static string Required(HttpContext context, string name) =>
        Optional(context, name) ?? throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.MandatoryParameterMissing, $"The parameter {name} is required.", name);

    public static bool Flag(HttpContext context, string name, bool fallback) => Optional(context, name) switch
    {
        null => fallback,
        var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var v => throw Unsupported(name, v, "true, false"),
    };

    public static HtmRequestException Unsupported(string name, string value, string supported) =>
        new(TaskRuleKind.Invalid, HtmErrorNumbers.UnsupportedParameterValue, $"{name} '{value}' is not supported; use one of: {supported}.", name, value, supported);

    /// <summary>
    /// A suspension's end from <c>deadline</c> (ISO 8601 date-time) or <c>duration</c> (ISO 8601 or IBM's simple calendar,
    /// e.g. <c>P14D</c>, <c>5days</c>); null (neither, or an infinite duration) suspends until resumed.
    /// </summary>
    public static DateTimeOffset? SuspendUntil(HttpContext context, DateTimeOffset now)
    {
        var deadline = Optional(context, "deadline");
        var duration = Optional(context, "duration");
        if (deadline is not null && duration is not null)
        {
            throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.InvalidParameterSet, "Give deadline or duration, not both.", "deadline", "duration");
        }

        if (deadline is not null)
        {
            return HtmTaskUpdateReader.ParseInstant(deadline, "deadline");
        }

        if (duration is null)
        {
            return null;
        }

        return HtmDuration.TryParse(duration, out var parsed, out var error)
            ? parsed.AddTo(now)
            : throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.InvalidDuration, $"duration {error}", duration);
    }

    /// <summary>The request body as a JSON object; an empty body is CWTKA0159E.</summary>
    public static async Task<JsonObject> JsonBodyAsync(HttpContext context, string what)
    {
        var request = context.Request;
        if (request.ContentType is { } type && !WireFormat.IsJson(type))
        {
            throw new BadHttpRequestException($"{what} is JSON; Content-Type '{type}' is not supported here.", StatusCodes.Status415UnsupportedMediaType);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0)
        {
            throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.MandatoryBodyPropertyMissing, $"The request needs a body: {what}.", what);
        }

        buffer.Position = 0;
        return await Engine.OutsideJson.ParseAsync(buffer, context.RequestAborted) as JsonObject
            ?? throw new JsonException($"{what} is a JSON object.");
    }

    /// <summary>Task ids from a body's array property (<c>taskIDs</c>, <c>updatedTaskIDs</c>).</summary>
    public static IReadOnlyList<string> Ids(JsonObject body, string property) => body[property] switch
    {
        JsonArray ids when ids.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String) => [.. ids.Select(i => i!.GetValue<string>()).Distinct(StringComparer.Ordinal)],
        null => throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.MandatoryBodyPropertyMissing, $"The body needs {property}: an array of task ids.", property),
        _ => throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.ValueNotValid, $"{property} is an array of task ids (strings).", property),
    };
}
