using System.Text.Json.Nodes;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// A task's <c>input-parameters</c> as its client listed them: in its order, with its names, types and descriptions, and a
/// value only where it gave one. Terraform's provider compares what it sent with what it reads back, so the workflow's
/// other inputs and their defaults (which apply when a run starts) stay out. A schedule made through the native API has
/// no list; its given inputs stand in, in the workflow's order.
/// </summary>
internal static class VcoTaskParameters
{
    public static JsonArray Write(Schedule schedule, WorkflowDefinition? definition)
    {
        var inputs = JsonNode.Parse(schedule.Inputs) as JsonObject ?? [];
        var listed = (JsonNode.Parse(schedule.Parameters) as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => (Name: p["name"]?.GetValue<string>() ?? "", Type: p["type"]?.GetValue<string>(), Description: p["description"]?.GetValue<string>()))
            .ToList();
        if (listed.Count == 0)
        {
            listed = [.. (definition?.Inputs ?? []).Where(i => inputs[i.Name] is not null).Select(i => (i.Name, (string?)i.Type.ToString(), i.Description))];
        }

        var parameters = new JsonArray();
        foreach (var (name, type, description) in listed)
        {
            var declared = definition?.Inputs.FirstOrDefault(i => i.Name == name);
            var entry = new JsonObject
            {
                ["name"] = name, ["type"] = type ?? declared?.Type.ToString() ?? "", ["scope"] = "local", ["description"] = description ?? "",
            };
            if (declared is not null && inputs[name] is { } value && VcoValues.Write(declared.Type, value) is { } wire)
            {
                entry["value"] = wire;
            }

            parameters.Add(entry);
        }

        return parameters;
    }
}
