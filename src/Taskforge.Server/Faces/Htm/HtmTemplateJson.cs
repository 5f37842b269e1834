using System.Globalization;
using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.HumanTasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// IBM's "Task Template" JSON (ibm-bpm-htm.md §3.7, the TASK_TEMPL view): one version of a template. Texts come in the
/// caller's <c>Accept-Language</c>; <c>validFrom</c> is when the version was saved (it is valid from then on).
/// </summary>
public static class HtmTemplateJson
{
    public static JsonObject Write(TemplateView view, string? locale)
    {
        var template = view.Template;
        var json = new JsonObject
        {
            ["tktid"] = template.Id,
            ["name"] = template.Name,
            ["namespace"] = template.Namespace,
            ["definitionName"] = template.Name,
            ["definitionNamespace"] = template.Namespace,
            ["displayName"] = template.DisplayName?.Get(locale),
            ["description"] = template.Description?.Get(locale),
            ["kind"] = TaskKinds.ToIbm(template.Kind),
            ["priority"] = template.Priority,
            ["state"] = view.IsStarted ? "STATE_STARTED" : "STATE_STOPPED",
            ["validFrom"] = HtmTaskJson.Instant(view.CreatedAt),
            ["assignmentType"] = "ASSIGNMENT_TYPE_SINGLE",
            ["autonomy"] = "AUTONOMY_PEER",
            ["calendarName"] = "simple",
            ["isAdHoc"] = false,
            ["isInline"] = false,
            ["durationUntilDue"] = template.DurationUntilDue?.Text,
            ["durationUntilExpires"] = template.DurationUntilExpires?.Text,
            ["durationUntilDeleted"] = template.DurationUntilDeleted?.Text,
            ["autoDeletionMode"] = HtmTaskJson.AutoDeletion(template.AutoDeletionMode),
            ["supportsAutomaticClaim"] = template.Supports.AutomaticClaim,
            ["supportsClaimIfSuspended"] = template.Supports.ClaimIfSuspended,
            ["supportsDelegation"] = template.Supports.Delegation,
            ["supportsFollowOnTasks"] = template.Supports.FollowOnTasks,
            ["supportsSubTasks"] = template.Supports.SubTasks,
            ["inputMessageTypeName"] = template.Input?.TypeName,
            ["outputMessageTypeName"] = template.Output?.TypeName,
            ["customProperties"] = new JsonObject([.. template.CustomProperties.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key, p.Value))]),
        };
        for (var i = 1; i <= 8; i++)
        {
            var key = "customText" + i.ToString(CultureInfo.InvariantCulture);
            json[key] = template.CustomTexts.GetValueOrDefault(key);
        }

        return json.WithoutNulls();
    }
}
