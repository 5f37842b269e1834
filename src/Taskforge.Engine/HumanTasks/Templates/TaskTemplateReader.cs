using System.Text.Json.Nodes;
using System.Xml;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// Turns a task-template document (JSON, or YAML through <see cref="DefinitionDocuments"/>) into a
/// <see cref="TaskTemplate"/>, reporting every problem at once with its path (<c>escalationChains[0].escalations[1].action</c>),
/// like <see cref="WorkflowDefinitionReader"/>. The fields are described in <c>samples/task-templates/README.md</c>.
/// </summary>
public static class TaskTemplateReader
{
    private static readonly HashSet<string> Keys =
    [
        "id", "name", "namespace", "displayName", "description", "kind", "priority",
        "durationUntilDue", "durationUntilExpires", "durationUntilDeleted", "autoDeletionMode",
        "supportsAutomaticClaim", "supportsClaimIfSuspended", "supportsDelegation", "supportsFollowOnTasks", "supportsSubTasks",
        "supportsClaimSuspended", "supportsFollowOnTask", "supportsSubTask",
        "customTexts", "customProperties", "input", "output", "faults", "roles", "escalationChains", "invocation",
    ];

    private static readonly Dictionary<string, AutoDeletionMode> DeletionModes = new(StringComparer.Ordinal)
    {
        ["NONE"] = AutoDeletionMode.None,
        ["NEVER"] = AutoDeletionMode.None,
        ["ONCOMPLETION"] = AutoDeletionMode.OnCompletion,
        ["AUTODELETEONCOMPLETION"] = AutoDeletionMode.OnCompletion,
        ["ONSUCCESSFULCOMPLETION"] = AutoDeletionMode.OnSuccessfulCompletion,
        ["AUTODELETEONSUCCESSFULCOMPLETION"] = AutoDeletionMode.OnSuccessfulCompletion,
    };

    /// <summary>Reads a template; <paramref name="workflows"/>, when given, lets an invocation template's mapping be checked against its workflow.</summary>
    public static TaskTemplate Read(JsonObject document, string id, Func<string, WorkflowDefinition?>? workflows = null)
    {
        var errors = new ValidationErrors();
        TemplateFields.RejectUnknown(document, Keys, "", errors);
        if (!HumanTaskIds.IsTemplateId(id))
        {
            errors.Add("id", $"'{id}' is not a template id ({HumanTaskIds.TemplatePrefix} and 32 hex digits).");
        }
        else if (TemplateFields.Text(document, "id", "", errors) is { } documentId && documentId != id)
        {
            errors.Add("id", $"'{documentId}' does not match the template's id, '{id}'.");
        }

        var name = Name(document, errors);
        var kind = Kind(document, errors);
        var priority = TemplateFields.Int(document, "priority", "", errors) ?? TaskTemplate.DefaultPriority;
        if (priority < 0)
        {
            errors.Add("priority", "must not be negative.");
        }

        var due = TemplateFields.Duration(document, "durationUntilDue", "", errors);
        var expires = TemplateFields.Duration(document, "durationUntilExpires", "", errors);
        if (kind == TaskKind.Administration && expires is not null)
        {
            errors.Add("durationUntilExpires", "administration tasks live as long as what they administer; they do not expire.");
        }

        var deleted = TemplateFields.Duration(document, "durationUntilDeleted", "", errors);
        var deletion = Deletion(document, deleted, errors);
        var supports = Supports(document, errors);
        var customTexts = CustomTexts(document, errors);
        var customProperties = TemplateFields.TextMap(document, "customProperties", "", errors);
        var input = document.ContainsKey("input") ? MessageTypeReader.Read(document["input"], "input", errors) : null;
        var output = document.ContainsKey("output") ? MessageTypeReader.Read(document["output"], "output", errors) : null;
        var faults = Faults(document, errors);
        var roles = RoleReader.Read(document, kind, errors);
        var receivers = roles.GetValueOrDefault(TaskRole.EscalationReceiver, RoleAssignment.TheAdministrators);
        var chains = EscalationReader.Read(document, kind, receivers, errors);
        var invocation = InvocationReader.Read(document, kind, input, output, workflows, errors);
        var displayName = TemplateFields.Localized(document, "displayName", "", errors);
        var description = TemplateFields.Localized(document, "description", "", errors);
        var ns = TemplateFields.Text(document, "namespace", "", errors)?.Trim() ?? "";
        errors.ThrowIfAny();

        var stored = (JsonObject)document.DeepClone();
        stored["id"] = id;
        return new TaskTemplate(id, name!, ns, displayName, description, kind!.Value, priority, due, expires, deleted, deletion!.Value,
            supports, customTexts, customProperties, input, output, faults, roles, chains, invocation, stored);
    }

    private static string? Name(JsonObject document, ValidationErrors errors)
    {
        var name = TemplateFields.Text(document, "name", "", errors);
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "is required.");
            return null;
        }

        try
        {
            // IBM names are NCNames; they appear in where-clauses and XML.
            return XmlConvert.VerifyNCName(name.Trim());
        }
        catch (XmlException)
        {
            errors.Add("name", $"'{name}' is not an XML name (letters, digits, _ - .; no spaces or colons; not starting with a digit).");
            return null;
        }
    }

    private static TaskKind? Kind(JsonObject document, ValidationErrors errors)
    {
        var text = TemplateFields.Text(document, "kind", "", errors);
        if (TaskKinds.TryParse(text, out var kind))
        {
            return kind;
        }

        errors.Add("kind", text is null ? "is required: to-do, collaboration, invocation or administration." : $"'{text}' is not a kind; use to-do, collaboration, invocation or administration.");
        return null;
    }

    // Without a mode, durationUntilDeleted alone means "delete that long after any end state"; a mode without a
    // duration deletes at once (ibm-bpm-htm.md §4.4: "deletion immediate or after durationUntilDeleted").
    private static AutoDeletionMode? Deletion(JsonObject document, HtmDuration? deleted, ValidationErrors errors)
    {
        var fallback = deleted is { IsFinite: true } ? AutoDeletionMode.OnCompletion : AutoDeletionMode.None;
        var mode = TemplateFields.Choice(document, "autoDeletionMode", "", errors, DeletionModes, "none, onCompletion, onSuccessfulCompletion", fallback);
        if (mode == AutoDeletionMode.None && deleted is { IsFinite: true } && document.ContainsKey("autoDeletionMode"))
        {
            errors.Add("durationUntilDeleted", "has no effect while autoDeletionMode is none.");
        }

        return mode;
    }

    private static TaskTemplateSupports Supports(JsonObject document, ValidationErrors errors)
    {
        bool? Flag(string key, string? alias = null)
        {
            if (alias is not null && document.ContainsKey(key) && document.ContainsKey(alias))
            {
                errors.Add(alias, $"is another spelling of {key}; give one.");
            }

            return TemplateFields.Bool(document, key, "", errors) ?? (alias is null ? null : TemplateFields.Bool(document, alias, "", errors));
        }

        var defaults = new TaskTemplateSupports();
        return new TaskTemplateSupports(
            Flag("supportsAutomaticClaim") ?? defaults.AutomaticClaim,
            Flag("supportsClaimIfSuspended", "supportsClaimSuspended") ?? defaults.ClaimIfSuspended,
            Flag("supportsDelegation") ?? defaults.Delegation,
            Flag("supportsFollowOnTasks", "supportsFollowOnTask") ?? defaults.FollowOnTasks,
            Flag("supportsSubTasks", "supportsSubTask") ?? defaults.SubTasks);
    }

    // customText1..8 are IBM's inline, queryable columns (ibm-bpm-htm.md §4.5), so there are exactly eight.
    private static Dictionary<string, string> CustomTexts(JsonObject document, ValidationErrors errors)
    {
        var texts = TemplateFields.TextMap(document, "customTexts", "", errors);
        foreach (var key in texts.Keys.Where(k => k.Length != 11 || !k.StartsWith("customText", StringComparison.Ordinal) || k[10] is < '1' or > '8').ToList())
        {
            errors.Add($"customTexts.{key}", "custom texts are customText1 to customText8; use customProperties for other names.");
            texts.Remove(key);
        }

        return texts;
    }

    private static Dictionary<string, MessageType> Faults(JsonObject document, ValidationErrors errors)
    {
        var faults = new Dictionary<string, MessageType>(StringComparer.Ordinal);
        switch (document["faults"])
        {
            case null:
                break;
            case JsonObject map:
                foreach (var (name, node) in map)
                {
                    if (MessageTypeReader.Read(node, $"faults.{name}", errors) is { } type)
                    {
                        faults[name] = type;
                    }
                }

                break;
            default:
                errors.Add("faults", "must map fault names to message types.");
                break;
        }

        return faults;
    }
}
