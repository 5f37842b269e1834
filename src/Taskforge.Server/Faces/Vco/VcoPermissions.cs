using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// Permission rules on the vRO wire, for workflows and tasks alike (vro.md §6): a list is
/// <c>{"permissions":[{"permission":{"principal":…,"rights":…,"href":…}}]}</c> as PowervRO reads and sends it; one rule
/// is the <c>permission</c> object itself. A rule's id is its principal, so its href ends in <c>permissions/{principal}/</c>.
/// </summary>
internal static class VcoPermissions
{
    /// <param name="ownerHref">The href of the workflow or task, ending in <c>/</c>.</param>
    public static VcoPermissionList List(string ownerHref, IReadOnlyList<PermissionRule> rules) =>
        new([.. rules.Select(r => new VcoPermissionEntry(Rule(ownerHref, r)))]);

    public static VcoPermission Rule(string ownerHref, PermissionRule rule) =>
        new(rule.Principal, rule.Rights, ownerHref + "permissions/" + Uri.EscapeDataString(rule.Principal) + "/");

    /// <summary>Reads <c>{"permissions":[…]}</c>; each entry may come wrapped in <c>permission</c> or bare.</summary>
    public static List<PermissionRule> ReadList(JsonNode? body)
    {
        if (body?["permissions"] is not JsonArray list)
        {
            throw new ValidationException("permissions", "is required: {\"permissions\":[{\"permission\":{\"principal\":…,\"rights\":…}}]}.");
        }

        var errors = new ValidationErrors();
        var rules = new List<PermissionRule>();
        for (var i = 0; i < list.Count; i++)
        {
            if (Read(list[i], $"permissions[{i}]", null, errors) is { } rule)
            {
                rules.Add(rule);
            }
        }

        errors.ThrowIfAny();
        return rules;
    }

    /// <summary>Reads one rule (wrapped in <c>permission</c> or bare); without a principal it keeps <paramref name="principal"/>.</summary>
    public static PermissionRule ReadRule(JsonNode? body, string principal)
    {
        var errors = new ValidationErrors();
        var rule = Read(body, "permission", principal, errors);
        errors.ThrowIfAny();
        return rule!;
    }

    private static PermissionRule? Read(JsonNode? node, string path, string? defaultPrincipal, ValidationErrors errors)
    {
        var permission = node?["permission"] ?? node;
        return PermissionRules.Check(Text(permission?["principal"]) ?? defaultPrincipal, Text(permission?["rights"]), path, errors);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value ? value.ToString() : null;

    public sealed record VcoPermission(string Principal, string Rights, string Href);

    public sealed record VcoPermissionEntry(VcoPermission Permission);

    public sealed record VcoPermissionList(IReadOnlyList<VcoPermissionEntry> Permissions);
}
