using System.Globalization;
using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// Reads a vRO task body (vro.md §3.1, §3.3) in every spelling real clients send: <c>input-parameters</c> or
/// <c>parameter</c>, <c>every-hours</c> or <c>EVERY_HOURS</c>, <c>start-in-the-past</c> or <c>START_IN_THE_PAST</c>,
/// the workflow by <c>id</c>, <c>href</c> or both. Every bad field is reported at once, by its wire name.
/// </summary>
internal static class VcoTaskRequest
{
    /// <param name="workflow">The definition whose declared input types decode the body's inputs, given the workflow the body names (if any).</param>
    public static ScheduleRequest Read(JsonNode? body, Func<string?, WorkflowDefinition?> workflow)
    {
        var errors = new ValidationErrors();
        if (body is not JsonObject json)
        {
            throw new ValidationException("body", "must be a task object.");
        }

        var workflowId = WorkflowId(Field(json, "workflow"), errors);
        var request = new ScheduleRequest
        {
            Name = Text(json, "name"),
            Description = Text(json, "description"),
            WorkflowId = workflowId,
            Cycle = Cycle(Text(json, "recurrence-cycle"), errors),
            Pattern = Text(json, "recurrence-pattern"),
            StartAt = Date(json, "recurrence-start-date", errors),
            EndAt = Date(json, "recurrence-end-date", errors),
            StartMode = Mode(Text(json, "start-mode"), errors),
            State = State(Text(json, "state"), errors),
        };

        // A list, even an empty one, replaces the task's inputs; no list leaves them as they are (a suspend, say).
        var parameters = VcoValues.ReadParameters(json, errors);
        if (VcoValues.HasParameterList(json))
        {
            var definition = parameters.Count > 0 ? workflow(workflowId) : null;
            var inputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in parameters)
            {
                var declared = definition?.Inputs.FirstOrDefault(p => p.Name == parameter.Name);
                if (declared is null || parameter.Value is null)
                {
                    continue; // Terraform sends name/type/description only; undeclared parameters are ignored like vRO does.
                }

                if (VcoValues.TryRead(declared.Type, parameter.Value, out var value, out var error))
                {
                    inputs[parameter.Name] = value;
                }
                else
                {
                    rejected[parameter.Name] = error;
                }
            }

            request = request with
            {
                Inputs = inputs,
                RejectedInputs = rejected,
                // Echoed back as the client listed them, in its order, with its names, types and descriptions (the values
                // are in Inputs, typed; a secure string never comes back in clear).
                Parameters = new JsonArray([.. parameters.Select(p => (JsonNode)new JsonObject
                {
                    ["name"] = p.Name, ["type"] = p.Type ?? definition?.Inputs.FirstOrDefault(i => i.Name == p.Name)?.Type.ToString(), ["description"] = p.Description ?? "",
                })]).ToJsonString(),
            };
        }

        errors.ThrowIfAny();
        return request;
    }

    /// <summary>Whether the body carries input parameters (and so needs the workflow's declared types to be read).</summary>
    public static bool CarriesInputs(JsonNode? body) => body is JsonObject json && VcoValues.ReadParameters(json, new ValidationErrors()).Count > 0;

    private static string? WorkflowId(JsonNode? node, ValidationErrors errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject workflow)
        {
            errors.Add("workflow", "must be an object with the workflow's id or href.");
            return null;
        }

        var id = Text(workflow, "id");
        var href = Text(workflow, "href");
        string? fromHref = null;
        if (href is not null)
        {
            var segments = href.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.FindLastIndex(segments, s => s.Equals("workflows", StringComparison.OrdinalIgnoreCase));
            fromHref = at >= 0 && at + 1 < segments.Length ? Uri.UnescapeDataString(segments[at + 1]) : null;
            if (fromHref is null)
            {
                errors.Add("workflow.href", $"'{href}' is not a workflow href (…/vco/api/workflows/{{id}}/).");
            }
        }

        if (id is not null && fromHref is not null && id != fromHref)
        {
            errors.Add("workflow", $"id '{id}' and href '{href}' name different workflows.");
        }

        var result = id ?? fromHref;
        if (result is null && href is null)
        {
            errors.Add("workflow", "needs the workflow's id or href.");
        }

        return result;
    }

    private static string? Cycle(string? text, ValidationErrors errors)
    {
        if (text is null || RecurrenceCycles.TryFromWire(text, out _))
        {
            return text;
        }

        errors.Add("recurrence-cycle", $"'{text}' is not a cycle; use one-time, every-minutes, every-hours, every-days, every-weeks or every-months.");
        return null;
    }

    private static StartMode? Mode(string? text, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (StartModes.TryFromWire(text, out var mode))
        {
            return mode;
        }

        errors.Add("start-mode", $"'{text}' is not a start mode; use normal or start-in-the-past.");
        return null;
    }

    private static ScheduleState? State(string? text, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (ScheduleStates.TryFromWire(text, out var state))
        {
            return state;
        }

        errors.Add("state", $"'{text}' is not a task state; use pending or suspended.");
        return null;
    }

    private static DateTimeOffset? Date(JsonObject json, string name, ValidationErrors errors)
    {
        var text = Text(json, name);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return date;
        }

        errors.Add(name, $"'{text}' is not a date; use ISO 8601 with an offset, e.g. 2050-01-06T05:02:00Z.");
        return null;
    }

    /// <summary>The workflow a task body names (by id or href), or null; for reading that workflow before the body.</summary>
    public static string? WorkflowIdOf(JsonNode? body) =>
        body is JsonObject json ? WorkflowId(Field(json, "workflow"), new ValidationErrors()) : null;

    // Field names compared ignoring case, '-' and '_', so recurrence-start-date, recurrenceStartDate and RECURRENCE_START_DATE are one.
    private static JsonNode? Field(JsonObject json, string name) => VcoValues.Field(json, name);

    private static string? Text(JsonObject json, string name) => Field(json, name) switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };
}
