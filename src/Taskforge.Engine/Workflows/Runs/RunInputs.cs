using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>Binds given values to a workflow's inputs and lays out a new run's variables; shared by starts and workflow steps.</summary>
internal static class RunInputs
{
    /// <summary>Typed input values with defaults applied; every problem (bad type, missing required input) goes to <paramref name="errors"/>.</summary>
    public static JsonObject Bind(
        WorkflowDefinition definition, IReadOnlyDictionary<string, JsonNode?> inputs, IReadOnlyDictionary<string, string>? rejected, ValidationErrors errors)
    {
        var values = new JsonObject();
        foreach (var (name, reason) in rejected ?? new Dictionary<string, string>())
        {
            errors.Add(name, reason);
        }

        foreach (var parameter in definition.Inputs.Where(p => rejected?.ContainsKey(p.Name) != true))
        {
            var given = inputs.FirstOrDefault(i => i.Key.Equals(parameter.Name, StringComparison.Ordinal));
            var value = parameter.Default?.DeepClone();
            if (given.Key is not null && given.Value is not null)
            {
                if (!ParameterValues.TryCoerce(parameter.Type, given.Value, out value, out var error))
                {
                    errors.Add(parameter.Name, error);
                }
            }

            if (value is null && parameter.Required)
            {
                errors.Add(parameter.Name, $"is a required input of type {parameter.Type}.");
            }

            values[parameter.Name] = value;
        }

        return values;
    }

    /// <summary>
    /// The values given, typed, without the defaults <see cref="Bind"/> fills in (and without inputs the workflow does not
    /// declare): what a schedule keeps, so that the workflow's defaults apply when each run starts. Checked as <see cref="Bind"/> checks.
    /// </summary>
    public static JsonObject Given(
        WorkflowDefinition definition, IReadOnlyDictionary<string, JsonNode?> inputs, IReadOnlyDictionary<string, string>? rejected, ValidationErrors errors)
    {
        var given = new JsonObject();
        foreach (var (name, value) in Bind(definition, inputs, rejected, errors))
        {
            if (value is not null && inputs.TryGetValue(name, out var sent) && sent is not null)
            {
                given[name] = value.DeepClone();
            }
        }

        return given;
    }

    /// <summary>Attributes at their initial values and outputs at their defaults.</summary>
    public static JsonObject InitialVariables(WorkflowDefinition definition)
    {
        var variables = new JsonObject();
        foreach (var attribute in definition.Attributes)
        {
            variables[attribute.Name] = attribute.Value?.DeepClone();
        }

        foreach (var output in definition.Outputs)
        {
            variables[output.Name] = output.Default?.DeepClone();
        }

        return variables;
    }
}
