using System.Text.Json.Nodes;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.Schedules;

/// <summary>A schedule's permission rules as <see cref="Schedule.Permissions"/> keeps them: <c>[{"principal":…,"rights":…}]</c>.</summary>
public static class SchedulePermissions
{
    public static IReadOnlyList<PermissionRule> Read(string json)
    {
        if (string.IsNullOrEmpty(json) || json == "[]")
        {
            return [];
        }

        var rules = new List<PermissionRule>();
        foreach (var item in JsonNode.Parse(json) as JsonArray ?? [])
        {
            if (item?["principal"]?.GetValue<string>() is { } principal && item["rights"]?.GetValue<string>() is { } rights)
            {
                rules.Add(new PermissionRule(principal, rights));
            }
        }

        return rules;
    }

    public static string Write(IReadOnlyList<PermissionRule> rules) =>
        new JsonArray([.. rules.Select(r => (JsonNode)new JsonObject { ["principal"] = r.Principal, ["rights"] = r.Rights })]).ToJsonString();
}
