using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>Reads and checks one step of a definition; see <see cref="StepDefinition"/> for the fields of each kind.</summary>
internal static class StepReader
{
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

    public static StepDefinition? Read(JsonObject item, string id, string path, ValidationErrors errors, IReadOnlySet<string> variables)
    {
        var kindText = WorkflowDefinitionReader.Text(item, "type") ?? WorkflowDefinitionReader.Text(item, "kind");
        if (!Enum.TryParse<StepKind>(kindText, ignoreCase: true, out var kind) || int.TryParse(kindText, out _))
        {
            errors.Add($"{path}.type", $"'{kindText}' is not a step kind; use script, decision, wait, workflow, task, http, end or fail.");
            return null;
        }

        var step = new StepDefinition(id, kind, WorkflowDefinitionReader.Text(item, "name") ?? id, WorkflowDefinitionReader.Text(item, "next"));
        return kind switch
        {
            StepKind.Script => step with { Script = Code(item, "script", path, errors, required: true) },
            StepKind.Decision => Decision(step, item, path, errors),
            StepKind.Wait => Wait(step, item, path, errors),
            StepKind.Workflow => CallWorkflow(step, item, path, errors, variables),
            StepKind.Http => Http(step, item, path, errors, variables),
            StepKind.Task => HumanTaskStep(step, item, path, errors, variables),
            StepKind.Fail => step with { Message = WorkflowDefinitionReader.Text(item, "message") ?? "The workflow failed.", Fault = Fault(item, path, errors) },
            _ => step,
        };
    }

    /// <summary>Every step id a step can lead to, with the field that names it.</summary>
    public static IEnumerable<(string Target, string Field)> Targets(StepDefinition step)
    {
        if (step.Next is not null)
        {
            yield return (step.Next, "next");
        }

        foreach (var (branch, i) in (step.Branches ?? []).Select((b, i) => (b, i)))
        {
            yield return (branch.Next, $"branches[{i}].next");
        }

        if (step.Default is not null)
        {
            yield return (step.Default, "default");
        }
    }

    private static StepDefinition Decision(StepDefinition step, JsonObject item, string path, ValidationErrors errors)
    {
        var branches = new List<DecisionBranch>();
        if (item["branches"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var branchPath = $"{path}.branches[{i}]";
                var branch = list[i] as JsonObject;
                var condition = branch is null ? null : Code(branch, "condition", branchPath, errors, required: true);
                var next = branch is null ? null : WorkflowDefinitionReader.Text(branch, "next");
                if (next is null)
                {
                    errors.Add($"{branchPath}.next", "is required.");
                }
                else if (condition is not null)
                {
                    branches.Add(new DecisionBranch(condition, next));
                }
            }
        }

        var fallback = WorkflowDefinitionReader.Text(item, "default");
        if (branches.Count == 0 && fallback is null)
        {
            errors.Add($"{path}.branches", "a decision needs branches (condition → next) or a default.");
        }

        return step with { Branches = branches, Default = fallback };
    }

    private static StepDefinition Wait(StepDefinition step, JsonObject item, string path, ValidationErrors errors)
    {
        var duration = WorkflowDefinitionReader.IsoDuration(WorkflowDefinitionReader.Text(item, "duration"), $"{path}.duration", errors);
        var until = Code(item, "until", path, errors, required: false);
        if ((duration is null) == (until is null))
        {
            errors.Add(path, "a wait needs exactly one of duration (ISO 8601) or until (an expression giving a date).");
        }
        else if (duration < TimeSpan.Zero)
        {
            errors.Add($"{path}.duration", "must not be negative.");
        }

        return step with { Duration = duration, Until = until };
    }

    private static StepDefinition CallWorkflow(StepDefinition step, JsonObject item, string path, ValidationErrors errors, IReadOnlySet<string> variables)
    {
        var workflow = WorkflowDefinitionReader.Text(item, "workflow");
        if (string.IsNullOrWhiteSpace(workflow))
        {
            errors.Add($"{path}.workflow", "names the workflow to run.");
        }

        var inputs = Map(item, "inputs", path, errors);
        foreach (var (name, expression) in inputs)
        {
            CheckCode(expression, $"{path}.inputs.{name}", errors);
        }

        var outputs = Map(item, "outputs", path, errors);
        foreach (var variable in outputs.Keys.Where(v => !variables.Contains(v)))
        {
            errors.Add($"{path}.outputs.{variable}", "is not an output or attribute of this workflow.");
        }

        return step with { Workflow = workflow, Inputs = inputs, Outputs = outputs };
    }

    // A template is named as its tasks are created over IBM's API: a template id, a name, or {namespace}name.
    private static StepDefinition HumanTaskStep(StepDefinition step, JsonObject item, string path, ValidationErrors errors, IReadOnlySet<string> variables)
    {
        var template = WorkflowDefinitionReader.Text(item, "template")?.Trim();
        if (string.IsNullOrEmpty(template))
        {
            errors.Add($"{path}.template", "names the task template: its name, {namespace}name, or a template id (_TKT:…).");
        }
        else if (template.StartsWith(HumanTasks.HumanTaskIds.TemplatePrefix, StringComparison.Ordinal) && !HumanTasks.HumanTaskIds.IsTemplateId(template))
        {
            errors.Add($"{path}.template", $"'{template}' is not a template id (_TKT: and 32 hex digits).");
        }
        else if (template.StartsWith('{') && (template.IndexOf('}', StringComparison.Ordinal) is var end && (end < 0 || end == template.Length - 1)))
        {
            errors.Add($"{path}.template", $"'{template}' is not {{namespace}}name.");
        }

        var inputs = Map(item, "inputs", path, errors);
        foreach (var (field, expression) in inputs)
        {
            CheckCode(expression, $"{path}.inputs.{field}", errors);
        }

        var outputs = Map(item, "outputs", path, errors);
        foreach (var variable in outputs.Keys.Where(v => !variables.Contains(v)))
        {
            errors.Add($"{path}.outputs.{variable}", "is not an output or attribute of this workflow.");
        }

        return step with { Template = template, Inputs = inputs, Outputs = outputs };
    }

    // The fault an invocation task fails with when its workflow ends here (ibm-bpm-htm.md §5.2); a plain name.
    private static string? Fault(JsonObject item, string path, ValidationErrors errors)
    {
        var fault = WorkflowDefinitionReader.Text(item, "fault");
        if (fault is not null && (fault.Length == 0 || fault.Any(char.IsWhiteSpace)))
        {
            errors.Add($"{path}.fault", "names a fault of the invoking task's template, without spaces.");
        }

        return fault;
    }

    private static StepDefinition Http(StepDefinition step, JsonObject item, string path, ValidationErrors errors, IReadOnlySet<string> variables)
    {
        var url = WorkflowDefinitionReader.Text(item, "url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{path}.url", "must be an absolute http or https URL.");
        }

        var method = (WorkflowDefinitionReader.Text(item, "method") ?? "GET").ToUpperInvariant();
        if (!HttpMethods.Contains(method))
        {
            errors.Add($"{path}.method", $"'{method}' is not one of {string.Join(", ", HttpMethods)}.");
        }

        var timeout = WorkflowDefinitionReader.IsoDuration(WorkflowDefinitionReader.Text(item, "timeout"), $"{path}.timeout", errors) ?? TimeSpan.FromSeconds(30);
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{path}.timeout", "must be between 1 second and 10 minutes.");
        }

        var result = WorkflowDefinitionReader.Text(item, "result");
        if (result is not null && !variables.Contains(result))
        {
            errors.Add($"{path}.result", $"'{result}' is not an output or attribute of this workflow.");
        }

        var body = Code(item, "body", path, errors, required: false);
        var call = new HttpCall(url ?? "", method, Map(item, "headers", path, errors), body, timeout, result);
        return step with { Http = call };
    }

    private static Dictionary<string, string> Map(JsonObject item, string field, string path, ValidationErrors errors)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (item[field])
        {
            case null:
                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    map[key] = value is JsonValue v ? v.ToString() : value?.ToJsonString() ?? "";
                }

                break;
            default:
                errors.Add($"{path}.{field}", "must be an object.");
                break;
        }

        return map;
    }

    private static string? Code(JsonObject item, string field, string path, ValidationErrors errors, bool required)
    {
        var code = WorkflowDefinitionReader.Text(item, field);
        if (string.IsNullOrWhiteSpace(code))
        {
            if (required)
            {
                errors.Add($"{path}.{field}", "is required.");
            }

            return null;
        }

        CheckCode(code, $"{path}.{field}", errors);
        return code;
    }

    private static void CheckCode(string code, string path, ValidationErrors errors)
    {
        if (ScriptSyntax.Check(code) is { } problem)
        {
            errors.Add(path, $"script error at {problem}");
        }
    }
}
