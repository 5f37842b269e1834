using System.Text.Json;
using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// Reads <c>roles</c>: <c>{"potentialOwners": {"users": ["ann"], "groups": ["approvers"]}, "readers": "everybody"}</c>,
/// rejects roles the kind does not have (ibm-bpm-htm.md §6.1) and fills the rest with IBM's defaults (§6.2).
/// </summary>
internal static class RoleReader
{
    private static readonly (string Key, TaskRole Role)[] Keys =
    [
        ("potentialInstanceCreators", TaskRole.PotentialInstanceCreator),
        ("potentialStarters", TaskRole.PotentialStarter),
        ("potentialOwners", TaskRole.PotentialOwner),
        ("editors", TaskRole.Editor),
        ("readers", TaskRole.Reader),
        ("administrators", TaskRole.Administrator),
        ("escalationReceivers", TaskRole.EscalationReceiver),
    ];

    private static readonly HashSet<string> AssignmentKeys = ["users", "groups", "everybody", "originator"];

    /// <summary>The template roles a task of the kind has. Administration tasks are created by the engine, so nobody creates or starts them.</summary>
    public static IReadOnlyList<TaskRole> RolesOf(TaskKind kind) => kind switch
    {
        TaskKind.Invocation => [TaskRole.PotentialInstanceCreator, TaskRole.PotentialStarter, TaskRole.Reader, TaskRole.Administrator, TaskRole.EscalationReceiver],
        TaskKind.Administration => [TaskRole.Reader, TaskRole.Administrator, TaskRole.EscalationReceiver],
        _ => [.. Keys.Select(k => k.Role)],
    };

    /// <summary>§6.2, stand-alone tasks, "not defined in model".</summary>
    public static RoleAssignment DefaultFor(TaskRole role) => role switch
    {
        TaskRole.Administrator or TaskRole.PotentialStarter => RoleAssignment.TheOriginator,
        TaskRole.PotentialInstanceCreator or TaskRole.PotentialOwner => RoleAssignment.AllUsers,
        TaskRole.EscalationReceiver => RoleAssignment.TheAdministrators,
        _ => RoleAssignment.Nobody,
    };

    public static Dictionary<TaskRole, RoleAssignment> Read(JsonObject document, TaskKind? kind, ValidationErrors errors)
    {
        var roles = new Dictionary<TaskRole, RoleAssignment>();
        var allowed = kind is { } k ? RolesOf(k) : [.. Keys.Select(r => r.Role)];
        switch (document["roles"])
        {
            case null:
                break;
            case JsonObject map:
                foreach (var (key, node) in map)
                {
                    var path = $"roles.{key}";
                    var known = Keys.Where(r => r.Key == key).Select(r => (TaskRole?)r.Role).FirstOrDefault();
                    if (known is not { } role)
                    {
                        errors.Add(path, $"is not a role; use {string.Join(", ", Keys.Select(r => r.Key))}.");
                    }
                    else if (!allowed.Contains(role))
                    {
                        errors.Add(path, $"a {TaskKinds.ToName(kind!.Value)} task has no {key}.");
                    }
                    else if (Assignment(node, path, errors) is { } assignment)
                    {
                        roles[role] = assignment;
                    }
                }

                break;
            default:
                errors.Add("roles", "must be an object of roles, e.g. {\"potentialOwners\": {\"groups\": [\"approvers\"]}}.");
                break;
        }

        foreach (var role in allowed.Where(r => !roles.ContainsKey(r)))
        {
            roles[role] = DefaultFor(role);
        }

        return roles;
    }

    /// <summary><c>"everybody"</c>, <c>"nobody"</c>, or <c>{"users": [...], "groups": [...], "everybody": bool, "originator": bool}</c>.</summary>
    public static RoleAssignment? Assignment(JsonNode? node, string path, ValidationErrors errors)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            switch (value.GetValue<string>().Trim().ToUpperInvariant())
            {
                case "EVERYBODY":
                    return new RoleAssignment([], [], Everybody: true);
                case "NOBODY":
                    return new RoleAssignment([], []);
            }
        }

        if (node is not JsonObject item)
        {
            errors.Add(path, "must be \"everybody\", \"nobody\" or an object with users, groups, everybody.");
            return null;
        }

        TemplateFields.RejectUnknown(item, AssignmentKeys, path, errors);
        var users = Principals(item, "users", path, errors);
        var groups = Principals(item, "groups", path, errors);
        var everybody = TemplateFields.Bool(item, "everybody", path, errors) ?? false;
        var originator = TemplateFields.Bool(item, "originator", path, errors) ?? false;
        return new RoleAssignment(users, groups, everybody, originator);
    }

    private static List<string> Principals(JsonObject item, string key, string path, ValidationErrors errors)
    {
        var result = new List<string>();
        var list = TemplateFields.List(item, key, path, errors);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetValue<string>()))
            {
                var name = v.GetValue<string>().Trim();
                if (!result.Contains(name, StringComparer.Ordinal))
                {
                    result.Add(name);
                }
            }
            else
            {
                errors.Add($"{path}.{key}[{i}]", "must be a non-empty name.");
            }
        }

        return result;
    }
}
