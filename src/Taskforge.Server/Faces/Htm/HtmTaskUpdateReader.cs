using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Reads IBM's "Task Update" JSON (ibm-bpm-htm.md §3.3, <c>PUT action=update</c>) into a <see cref="TaskUpdate"/>.
/// A property of IBM's Task Update that Taskforge has nothing behind (work baskets, event handlers, context
/// authorization, parent contexts) is refused with CWTKA0041E "cannot be updated" rather than dropped, so a client
/// never believes it changed something that did not change; a name IBM does not have either is CWTKA0158E with the
/// names that work. A value of the wrong type is CWTKA0149E naming the property.
/// </summary>
public static class HtmTaskUpdateReader
{
    private static readonly string[] Supported =
    [
        "businessRelevance", "customProperties", "customText1", "customText2", "customText3", "customText4", "customText5", "customText6",
        "customText7", "customText8", "deletionTime", "description", "displayName", "dueTime", "durationUntilDeleted", "durationUntilDue",
        "durationUntilExpires", "expirationTime", "isEscalated", "name", "namespace", "priority", "read", "supportsClaimIfSuspended",
        "supportsDelegation", "supportsFollowOnTasks", "supportsSubTasks", "type",
    ];

    public static TaskUpdate Read(JsonObject body)
    {
        foreach (var (key, _) in body)
        {
            if (TaskPropertyMatrix.Fixed.Contains(key))
            {
                throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.PropertyNotUpdateable,
                    $"The property {key} cannot be updated: Taskforge has no {key}.", key);
            }

            if (!Supported.Contains(key, StringComparer.Ordinal))
            {
                throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.UnsupportedParameterValue,
                    $"'{key}' is not a property of a Task Update; supported: {string.Join(", ", Supported)}.", key, string.Join(",", Supported));
            }
        }

        Dictionary<int, string?>? texts = null;
        for (var n = 1; n <= 8; n++)
        {
            var key = "customText" + n.ToString(CultureInfo.InvariantCulture);
            if (body.ContainsKey(key))
            {
                (texts ??= [])[n] = Text(body, key);
            }
        }

        return new TaskUpdate
        {
            BusinessRelevance = Bool(body, "businessRelevance"),
            CustomProperties = CustomProperties(body),
            CustomTexts = texts,
            DeletionTime = Time(body, "deletionTime"),
            Description = Text(body, "description"),
            DisplayName = Text(body, "displayName"),
            DueTime = Time(body, "dueTime"),
            DurationUntilDeleted = Text(body, "durationUntilDeleted"),
            DurationUntilDue = Text(body, "durationUntilDue"),
            DurationUntilExpires = Text(body, "durationUntilExpires"),
            ExpirationTime = Time(body, "expirationTime"),
            IsEscalated = Bool(body, "isEscalated"),
            Name = Text(body, "name"),
            Namespace = Text(body, "namespace"),
            Priority = Int(body, "priority"),
            Read = Bool(body, "read"),
            SupportsClaimIfSuspended = Bool(body, "supportsClaimIfSuspended"),
            SupportsDelegation = Bool(body, "supportsDelegation"),
            SupportsFollowOnTasks = Bool(body, "supportsFollowOnTasks"),
            SupportsSubTasks = Bool(body, "supportsSubTasks"),
            Type = Text(body, "type"),
        };
    }

    /// <summary>An instant as IBM writes them (<c>2008-10-10T12:00:00</c>); without an offset it is UTC.</summary>
    public static DateTimeOffset ParseInstant(string text, string property) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw Invalid(property, $"'{text}' is not an ISO 8601 date-time such as 2030-01-31T12:00:00Z.");

    internal static string? Text(JsonObject body, string key) => body[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Invalid(key, "a string is expected."),
    };

    private static bool? Bool(JsonObject body, string key) => body[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Invalid(key, "true or false is expected."),
    };

    private static int? Int(JsonObject body, string key) => body[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) => n,
        _ => throw Invalid(key, "a whole number is expected."),
    };

    internal static DateTimeOffset? Time(JsonObject body, string key) => Text(body, key) is { } text ? ParseInstant(text, key) : null;

    internal static Dictionary<string, string?>? CustomProperties(JsonObject body) => body["customProperties"] switch
    {
        null => null,
        JsonObject map => map.ToDictionary(p => p.Key, p => p.Value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw Invalid("customProperties." + p.Key, "a custom property is a string (null removes it)."),
        }, StringComparer.Ordinal),
        _ => throw Invalid("customProperties", "an object of names to strings is expected."),
    };

    private static HtmRequestException Invalid(string property, string problem) =>
        new(TaskRuleKind.Invalid, HtmErrorNumbers.ValueNotValid, $"The value of {property} is not valid: {problem}", property);
}
