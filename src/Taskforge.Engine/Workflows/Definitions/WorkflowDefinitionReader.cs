using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>
/// Turns a definition document into a <see cref="WorkflowDefinition"/>, reporting every problem at once with its
/// path (<c>steps[2].next</c>): unknown step kinds, dangling <c>next</c>s, duplicate names, bad types and defaults,
/// script syntax errors.
/// </summary>
public static partial class WorkflowDefinitionReader
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex VariablePattern();

    public static WorkflowDefinition Read(JsonObject document, string id)
    {
        var errors = new ValidationErrors();
        var documentId = Text(document, "id");
        if (documentId is not null && documentId != id)
        {
            errors.Add("id", $"'{documentId}' does not match the id in the URL, '{id}'.");
        }

        if (!IdPattern().IsMatch(id))
        {
            errors.Add("id", "may contain letters, digits and . _ : - (at most 200 characters).");
        }

        var name = Text(document, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "is required.");
        }

        var variables = new HashSet<string>(StringComparer.Ordinal);
        var inputs = Parameters(document, errors, variables, "input-parameters", "inputParameters", "inputs");
        var outputs = Parameters(document, errors, variables, "output-parameters", "outputParameters", "outputs");
        var attributes = Attributes(document, errors, variables);
        var permissions = Permissions(document, errors);
        var steps = Steps(document, errors, variables);
        errors.ThrowIfAny();

        var stored = (JsonObject)document.DeepClone();
        stored["id"] = id;
        return new WorkflowDefinition(id, name!.Trim(), Text(document, "version") ?? "1.0.0", Text(document, "category"), Text(document, "description"),
            inputs, outputs, attributes, permissions, steps, stored);
    }

    private static List<ParameterDefinition> Parameters(JsonObject document, ValidationErrors errors, HashSet<string> variables, params string[] names)
    {
        var result = new List<ParameterDefinition>();
        var (field, items) = Array(document, errors, names);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field}[{i}]";
            if (items[i] is not JsonObject item)
            {
                errors.Add(path, "must be an object with name and type.");
                continue;
            }

            var name = Variable(item, path, errors, variables);
            var type = Type(item, path, errors);
            var value = type is null ? null : Value(type, item["default"], $"{path}.default", errors);
            var required = item["required"] is JsonValue r && r.TryGetValue<bool>(out var req) && req;
            if (name is not null && type is not null)
            {
                result.Add(new ParameterDefinition(name, type, Text(item, "description"), value, required));
            }
        }

        return result;
    }

    private static List<AttributeDefinition> Attributes(JsonObject document, ValidationErrors errors, HashSet<string> variables)
    {
        var result = new List<AttributeDefinition>();
        var (field, items) = Array(document, errors, "attributes", "attrib");
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field}[{i}]";
            if (items[i] is not JsonObject item)
            {
                errors.Add(path, "must be an object with name and type.");
                continue;
            }

            var name = Variable(item, path, errors, variables);
            var type = Type(item, path, errors);
            var value = type is null ? null : Value(type, item["value"], $"{path}.value", errors);
            if (name is not null && type is not null)
            {
                result.Add(new AttributeDefinition(name, type, Text(item, "description"), value));
            }
        }

        return result;
    }

    private static List<PermissionRule> Permissions(JsonObject document, ValidationErrors errors)
    {
        var rules = new List<PermissionRule>();
        switch (document["permissions"])
        {
            case null:
                break;
            case JsonObject map:
                foreach (var (principal, rights) in map)
                {
                    AddRule(rules, principal, (rights as JsonValue)?.ToString(), $"permissions.{principal}", errors);
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var item = list[i] as JsonObject;
                    AddRule(rules, item is null ? null : Text(item, "principal"), item is null ? null : Text(item, "rights"), $"permissions[{i}]", errors);
                }

                break;
            default:
                errors.Add("permissions", "must map principals to rights, e.g. {\"ops\": \"rx\"}.");
                break;
        }

        return rules;
    }

    private static void AddRule(List<PermissionRule> rules, string? principal, string? rights, string path, ValidationErrors errors)
    {
        if (PermissionRules.Check(principal, rights, path, errors) is { } rule)
        {
            rules.Add(rule);
        }
    }

    private static List<StepDefinition> Steps(JsonObject document, ValidationErrors errors, HashSet<string> variables)
    {
        var (_, items) = Array(document, errors, "steps");
        if (items.Count == 0)
        {
            errors.Add("steps", "at least one step is required.");
        }

        var steps = new List<(StepDefinition Step, int Index)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"steps[{i}]";
            if (items[i] is not JsonObject item)
            {
                errors.Add(path, "must be an object.");
                continue;
            }

            var id = Text(item, "id") ?? $"step{i + 1}";
            if (!ids.Add(id))
            {
                errors.Add($"{path}.id", $"'{id}' is used by another step.");
            }

            var step = StepReader.Read(item, id, path, errors, variables);
            if (step is not null)
            {
                steps.Add((step, i));
            }
        }

        foreach (var (step, index) in steps)
        {
            foreach (var (target, field) in StepReader.Targets(step))
            {
                if (!ids.Contains(target))
                {
                    errors.Add($"steps[{index}].{field}", $"names no step: '{target}'.");
                }
            }
        }

        return [.. steps.Select(s => s.Step)];
    }

    private static string? Variable(JsonObject item, string path, ValidationErrors errors, HashSet<string> variables)
    {
        var name = Text(item, "name");
        if (name is null || !VariablePattern().IsMatch(name))
        {
            errors.Add($"{path}.name", "must be a JavaScript identifier (letters, digits, _ and $).");
            return null;
        }

        if (!variables.Add(name))
        {
            errors.Add($"{path}.name", $"'{name}' is already an input, output or attribute.");
        }

        return name;
    }

    private static ParameterType? Type(JsonObject item, string path, ValidationErrors errors)
    {
        if (ParameterType.TryParse(Text(item, "type"), out var type, out var error))
        {
            return type;
        }

        errors.Add($"{path}.type", error + ".");
        return null;
    }

    private static JsonNode? Value(ParameterType type, JsonNode? value, string path, ValidationErrors errors)
    {
        if (ParameterValues.TryCoerce(type, value, out var canonical, out var error))
        {
            return canonical;
        }

        errors.Add(path, error ?? "does not fit the type.");
        return null;
    }

    private static (string Field, IReadOnlyList<JsonNode?> Items) Array(JsonObject document, ValidationErrors errors, params string[] names)
    {
        foreach (var name in names)
        {
            switch (document[name])
            {
                case null:
                    continue;
                case JsonArray array:
                    return (name, [.. array]);
                default:
                    errors.Add(name, "must be a list.");
                    return (name, []);
            }
        }

        return (names[0], []);
    }

    internal static string? Text(JsonObject item, string name) =>
        item[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text
        : item[name] is JsonValue other ? other.ToString() : null;

    internal static TimeSpan? IsoDuration(string? text, string path, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            errors.Add(path, $"'{text}' is not an ISO 8601 duration such as PT30S or P1DT2H.");
            return null;
        }
    }
}
