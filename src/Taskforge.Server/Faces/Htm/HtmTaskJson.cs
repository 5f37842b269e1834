using System.Globalization;
using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.HumanTasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// IBM's "Task" JSON (the seed's schema; ibm-bpm-htm.md §3.2): Java getter names in lower camel case, enumerations as
/// symbolic strings, instants as ISO 8601 UTC, the per-caller <c>is*Updateable</c> flags and <c>roles</c>. Properties of
/// IBM's model that Taskforge has no counterpart for are left out (clients ignore unknown and missing properties alike),
/// except the <c>is*Updateable</c> flags: a client generated from the schema needs every one as a boolean, so those of
/// properties Taskforge does not have are there, and false.
/// </summary>
public static class HtmTaskJson
{
    public static JsonObject Write(TaskView view, string? locale)
    {
        var task = view.Task;
        var template = view.Template.Template;
        var json = new JsonObject
        {
            ["tkiid"] = task.Id,
            ["name"] = task.Name,
            ["namespace"] = task.Namespace,
            ["displayName"] = task.DisplayName ?? template.DisplayName?.Get(locale),
            ["description"] = task.Description ?? template.Description?.Get(locale),
            ["type"] = task.Type,
            ["kind"] = TaskKinds.ToIbm(task.Kind),
            ["state"] = TaskStates.ToIbm(task.State),
            ["taskTemplateID"] = task.TemplateId,
            ["taskTemplateName"] = template.Name,
            ["definitionName"] = template.Name,
            ["definitionNamespace"] = template.Namespace,
            ["priority"] = task.Priority,
            ["originator"] = task.Originator,
            ["starter"] = task.Starter,
            ["owner"] = task.Owner,
            ["assignmentType"] = "ASSIGNMENT_TYPE_SINGLE",
            ["positionInHierarchy"] = task.Position switch
            {
                HierarchyPosition.SubTask => "HIERARCHY_POSITION_SUB_TASK",
                HierarchyPosition.FollowOnTask => "HIERARCHY_POSITION_FOLLOW_ON_TASK",
                _ => "HIERARCHY_POSITION_TOP_TASK",
            },
            ["topLevelTaskID"] = task.TopLevelId,
            ["parentContextID"] = task.ParentId,
            ["followOnTaskID"] = task.FollowOnId,
            ["isAdHoc"] = false,
            ["isInline"] = false,
            ["isChild"] = false,
            ["inheritedAuthorization"] = task.Position == HierarchyPosition.TopTask ? "INHERITED_AUTH_NONE" : "INHERITED_AUTH_ADMINISTRATOR",
            ["isBusinessRelevant"] = task.IsBusinessRelevant,
            ["isSuspended"] = task.IsSuspended,
            ["isEscalated"] = task.IsEscalated,
            ["isWaitingForSubTask"] = task.IsWaitingForSubTask,
            ["isRead"] = task.IsRead,
            ["isTransferredToWorkBasket"] = false,
            ["supportsAutomaticClaim"] = task.Supports.AutomaticClaim,
            ["supportsClaimIfSuspended"] = task.Supports.ClaimIfSuspended,
            ["supportsDelegation"] = task.Supports.Delegation,
            ["supportsFollowOnTasks"] = task.Supports.FollowOnTasks,
            ["supportsSubTasks"] = task.Supports.SubTasks,
            ["autoDeletionMode"] = AutoDeletion(task.AutoDeletion),
            ["durationUntilDue"] = task.DurationUntilDue,
            ["durationUntilExpires"] = task.DurationUntilExpires,
            ["durationUntilDeleted"] = task.DurationUntilDeleted,
            ["calendarName"] = "simple",
            ["activationTime"] = Instant(task.ActivatedAt),
            ["firstActivationTime"] = Instant(task.FirstActivatedAt),
            ["startTime"] = Instant(task.StartedAt),
            ["completionTime"] = Instant(task.CompletedAt),
            ["lastModificationTime"] = Instant(task.LastModifiedAt),
            ["lastStateChangeTime"] = Instant(task.LastStateChangeAt),
            ["dueTime"] = Instant(task.DueAt),
            ["expirationTime"] = Instant(task.ExpiresAt),
            ["deletionTime"] = Instant(task.DeletionAt),
            ["resumptionTime"] = Instant(task.ResumesAt),
            ["inputMessageTypeName"] = template.Input?.TypeName,
            ["outputMessageTypeName"] = template.Output?.TypeName,
            ["invokedInstanceID"] = task.InvokedRunId,
            ["invokedInstanceType"] = task.InvokedRunId is null ? "INVOKED_INSTANCE_TYPE_NOT_SET" : "INVOKED_INSTANCE_TYPE_PROCESS",
            ["customProperties"] = new JsonObject([.. task.CustomProperties.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key, p.Value))]),
            ["roles"] = new JsonArray([.. Roles(view.Caller).Select(r => (JsonNode?)r)]),
        };
        for (var i = 0; i < 8; i++)
        {
            json["customText" + (i + 1).ToString(CultureInfo.InvariantCulture)] = task.CustomTexts[i];
        }

        foreach (var property in TaskPropertyMatrix.Properties.Where(p => p != "customProperties"))
        {
            json[UpdateableName(property)] = view.MayUpdate(property);
        }

        if (task.EndReason is { } reason)
        {
            json["endReason"] = reason;
        }

        // Nulls are left out, as WireJson does for the other faces' shapes.
        return json.WithoutNulls();
    }

    /// <summary>IBM's role names for the caller's roles (the Java <c>ROLE_*</c> constants, lower camel case).</summary>
    public static IEnumerable<string> Roles(TaskCaller caller)
    {
        var names = caller.Roles.Select(RoleName).ToList();
        if (caller.IsSystemAdministrator)
        {
            names.Add("taskSystemAdministrator");
        }
        else if (caller.IsSystemMonitor)
        {
            names.Add("taskSystemMonitor");
        }

        return names.Order(StringComparer.Ordinal);
    }

    public static string RoleName(TaskRole role) => role switch
    {
        TaskRole.PotentialOwner => "potentialOwner",
        TaskRole.Editor => "editor",
        TaskRole.Reader => "reader",
        TaskRole.Owner => "owner",
        TaskRole.PotentialStarter => "potentialStarter",
        TaskRole.Starter => "starter",
        TaskRole.Administrator => "administrator",
        TaskRole.Originator => "originator",
        TaskRole.EscalationReceiver => "escalationReceiver",
        TaskRole.PotentialInstanceCreator => "potentialInstanceCreator",
        _ => role.ToString(),
    };

    public static string? AutoDeletion(AutoDeletionMode mode) => mode switch
    {
        AutoDeletionMode.OnCompletion => "AUTO_DELETE_ON_COMPLETION",
        AutoDeletionMode.OnSuccessfulCompletion => "AUTO_DELETE_ON_SUCCESSFUL_COMPLETION",
        _ => null,
    };

    public static string? Instant(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // The Task JSON calls the flags by IBM's getter names: read → isReadUpdateable, supportsSubTasks → isSupportsSubTasksUpdateable.
    private static string UpdateableName(string property) => property switch
    {
        "businessRelevance" => "isBusinessRelevanceUpdateable",
        "isEscalated" => "isEscalatedUpdateable",
        "read" => "isReadUpdateable",
        "name" => "isNameUpdateable",
        _ => "is" + char.ToUpperInvariant(property[0]) + property[1..] + "Updateable",
    };
}
