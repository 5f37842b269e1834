using System.Text.Json;
using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// One entry of a vRO parameter list as sent, not yet checked against a workflow. <see cref="Value"/> is the wire
/// value object (read it with <see cref="VcoValues.TryRead"/> once the declared type is known); null when absent.
/// </summary>
public sealed record VcoParameter(string Name, string? Type, string? Scope, string? Description, JsonNode? Value);

public static partial class VcoValues
{
    // In order of preference; compared ignoring case, '-' and '_', so input-parameters and inputParameters are one.
    private static readonly string[] ParameterListNames = ["PARAMETERS", "PARAMETER", "INPUTPARAMETERS"];

    /// <summary>
    /// The parameter list of an execution context or task body, under <c>parameters</c>, <c>parameter</c> or
    /// <c>input-parameters</c> (any spelling; the first present wins). Problems go to <paramref name="errors"/>
    /// keyed like <c>parameters[0].name</c>, and the entries with problems are left out.
    /// </summary>
    public static IReadOnlyList<VcoParameter> ReadParameters(JsonObject body, ValidationErrors errors)
    {
        var found = ParameterList(body);
        if (found.Key is null)
        {
            return [];
        }

        var (listName, node) = found;
        // XML nests the entries one level deeper: <parameters><parameter …/></parameters>.
        if (node is JsonObject wrapper && Field(wrapper, "parameter") is { } nested)
        {
            node = nested;
        }

        if (!TryList(node, expandKinds: false, out var items))
        {
            errors.Add(listName, "must be a list of parameters");
            return [];
        }

        var parameters = new List<VcoParameter>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (ReadParameter(items[i], $"{listName}[{i}]", errors) is { } parameter)
            {
                parameters.Add(parameter);
            }
        }

        return parameters;
    }

    /// <summary>Whether the body has a parameter list at all, even an empty one (a task update that clears its inputs).</summary>
    public static bool HasParameterList(JsonObject body) => ParameterList(body).Key is not null;

    private static KeyValuePair<string, JsonNode?> ParameterList(JsonObject body) => ParameterListNames
        .Select(name => body.FirstOrDefault(p => Normalize(p.Key) == name))
        .FirstOrDefault(p => p.Key is not null);

    private static VcoParameter? ReadParameter(JsonNode? item, string field, ValidationErrors errors)
    {
        if (item is not JsonObject entry)
        {
            errors.Add(field, "must be an object");
            return null;
        }

        var valid = true;
        string? Optional(string name)
        {
            var node = Field(entry, name);
            if (node is JsonObject or JsonArray)
            {
                errors.Add($"{field}.{name}", "must be a string");
                valid = false;
            }

            return Text(node);
        }

        var name = Optional("name")?.Trim();
        if (string.IsNullOrEmpty(name) && valid)
        {
            errors.Add($"{field}.name", "is required");
            valid = false;
        }

        var type = Optional("type");
        var scope = Optional("scope");
        var description = Optional("description");
        var value = Field(entry, "value");
        if (IsNull(value))
        {
            // XML puts the value's kind beside the name: <parameter name="a" type="string"><string>x</string></parameter>.
            var sibling = entry.FirstOrDefault(p => IsKindName(p.Key));
            value = sibling.Key is null ? null : new JsonObject { [sibling.Key] = sibling.Value?.DeepClone() };
        }
        else
        {
            value = value.DeepClone();
        }

        return valid ? new VcoParameter(name!, type, scope, description, value) : null;
    }
}
