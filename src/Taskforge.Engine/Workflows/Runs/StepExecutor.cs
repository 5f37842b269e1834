using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>Runs one step of a run and says what comes next; the checkpoint around it is <see cref="RunTick"/>'s business.</summary>
internal sealed partial class StepExecutor(
    IRunStore runs, WorkflowDefinitions workflows, ScriptRunner scripts, IHttpStepClient http, TimeProvider time, IOptions<HttpStepOptions> httpOptions,
    TaskStepService? tasks)
{
    public async Task<StepOutcome> ExecuteAsync(WorkflowDefinition definition, RunProgress run, bool resuming, CancellationToken ct)
    {
        var revision = run.Run.WorkflowRevision;
        var inputs = run.Inputs;
        var variables = run.Variables;
        var index = IndexOf(definition, run.StepId);
        if (index < 0)
        {
            return StepOutcome.Completed();
        }

        var step = definition.Steps[index];
        var following = step.Next ?? (index + 1 < definition.Steps.Count ? definition.Steps[index + 1].Id : null);
        switch (step.Kind)
        {
            case StepKind.Script:
                var result = scripts.Run($"{definition.Id}:{revision}:{step.Id}", step.Script!, Variables(definition, inputs, variables), ct);
                if (!result.Succeeded)
                {
                    return StepOutcome.Failed(result.Line is { } line ? $"{result.Message} (Workflow:{definition.Name} / {step.DisplayName} (item{index + 1})#{line})" : result.Message!, result.Logs);
                }

                foreach (var (name, value) in result.Values)
                {
                    variables[name] = value?.DeepClone();
                }

                return StepOutcome.Continue(following, result.Logs);
            case StepKind.Decision:
                foreach (var branch in step.Branches ?? [])
                {
                    var condition = scripts.EvaluateCondition($"{definition.Id}:{revision}:{step.Id}:{branch.Next}", branch.Condition, Variables(definition, inputs, variables), ct);
                    if (!condition.Succeeded)
                    {
                        return StepOutcome.Failed($"{condition.Message} (decision '{step.DisplayName}')", condition.Logs);
                    }

                    if (condition.Value is JsonValue v && v.GetValue<bool>())
                    {
                        return StepOutcome.Continue(branch.Next, condition.Logs);
                    }
                }

                return step.Default is { } fallback ? StepOutcome.Continue(fallback, []) : StepOutcome.Failed($"No branch of decision '{step.DisplayName}' applied.");
            case StepKind.Wait when resuming:
                return StepOutcome.Continue(following, []);
            case StepKind.Wait when step.Duration is { } duration:
                return StepOutcome.Wait(time.GetUtcNow() + duration);
            case StepKind.Wait when step.Until is { } until:
                return WaitUntil(definition, revision, step, until, inputs, variables, ct);
            case StepKind.Http:
                return await CallAsync(definition, revision, step, following, inputs, variables, ct);
            case StepKind.Workflow when resuming:
                return await CollectChildAsync(definition, step, following, run, ct);
            case StepKind.Workflow:
                return await StartChildAsync(definition, step, run, ct);
            case StepKind.Task when resuming:
                return await CollectTaskAsync(definition, step, following, run, ct);
            case StepKind.Task:
                return await StartTaskAsync(definition, step, run, ct);
            case StepKind.End:
                return StepOutcome.Completed();
            case StepKind.Fail:
                return StepOutcome.Failed(step.Message ?? "The workflow failed.", fault: step.Fault);
            default:
                return StepOutcome.Failed($"Step '{step.DisplayName}' is a {step.Kind.ToString().ToLowerInvariant()} step, which this server cannot run.");
        }
    }

    // The expression is evaluated as the value of a Date variable, so any script date form works (new Date(...), an ISO string).
    private StepOutcome WaitUntil(WorkflowDefinition definition, int revision, StepDefinition step, string until, JsonObject inputs, JsonObject variables, CancellationToken ct)
    {
        const string Result = "__waitUntil";
        var scope = Variables(definition, inputs, variables);
        scope.Add(new ScriptVariable(Result, ParameterType.Date, null, true));
        var result = scripts.Run($"{definition.Id}:{revision}:{step.Id}:until", $"{Result} = ({until});", scope, ct);
        if (!result.Succeeded || result.Values.GetValueOrDefault(Result) is not JsonValue value
            || !DateTimeOffset.TryParse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var instant))
        {
            return StepOutcome.Failed($"The wait '{step.DisplayName}' needs a date: {result.Message ?? "its expression gave none"}", result.Logs);
        }

        return StepOutcome.Wait(instant);
    }

    private async Task<StepOutcome> CallAsync(WorkflowDefinition definition, int revision, StepDefinition step, string? following, JsonObject inputs, JsonObject variables, CancellationToken ct)
    {
        var call = step.Http!;
        var url = new Uri(call.Url);
        if (!httpOptions.Value.Allows(url))
        {
            return StepOutcome.Failed($"'{url}' is not on this server's list of allowed URLs (Taskforge:HttpSteps:AllowedUrls).");
        }

        string? body = null;
        if (call.Body is { } expression)
        {
            const string Result = "__httpBody";
            var scope = Variables(definition, inputs, variables);
            scope.Add(new ScriptVariable(Result, ParameterType.Any, null, true));
            var evaluated = scripts.Run($"{definition.Id}:{revision}:{step.Id}:body", $"{Result} = ({expression});", scope, ct);
            if (!evaluated.Succeeded)
            {
                return StepOutcome.Failed($"The body of '{step.DisplayName}': {evaluated.Message}", evaluated.Logs);
            }

            var value = evaluated.Values.GetValueOrDefault(Result);
            body = value is JsonValue text && text.TryGetValue<string>(out var s) ? s : value?.ToJsonString();
        }

        HttpStepResponse response;
        try
        {
            response = await http.SendAsync(call.Method, url, call.Headers, body, call.Timeout, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
        {
            return StepOutcome.Failed($"{call.Method} {url} failed: {ex.Message}");
        }

        // A redirect is not followed (its target may be outside the allow-list), so it is no success either.
        if (response.StatusCode >= 300)
        {
            return StepOutcome.Failed(response.StatusCode < 400
                ? $"{call.Method} {url} answered {response.StatusCode}; redirects are not followed, call the target URL directly."
                : $"{call.Method} {url} answered {response.StatusCode}.");
        }

        if (call.ResultVariable is { } target && VariableType(definition, target) is { } type)
        {
            JsonNode? result = type.Kind switch
            {
                ParameterKind.String => response.Body,
                ParameterKind.Number => response.StatusCode,
                _ => new JsonObject { ["statusCode"] = response.StatusCode, ["contentType"] = response.ContentType, ["body"] = ParseBody(response) },
            };
            if (!ParameterValues.TryCoerce(type, result, out var canonical, out var error))
            {
                return StepOutcome.Failed($"The response of '{step.DisplayName}' does not fit '{target}': {error}");
            }

            variables[target] = canonical;
        }

        return StepOutcome.Continue(following, []);
    }

    private static JsonNode? ParseBody(HttpStepResponse response)
    {
        if (response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                return OutsideJson.Parse(response.Body);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not the JSON it claimed to be: hand it over as text.
            }
        }

        return response.Body;
    }

    private static ParameterType? VariableType(WorkflowDefinition definition, string name) =>
        definition.Attributes.FirstOrDefault(a => a.Name == name)?.Type ?? definition.Outputs.FirstOrDefault(o => o.Name == name)?.Type;

    private static int IndexOf(WorkflowDefinition definition, string? stepId)
    {
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            if (definition.Steps[i].Id == stepId)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<ScriptVariable> Variables(WorkflowDefinition definition, JsonObject inputs, JsonObject variables)
    {
        var list = definition.Inputs.Select(p => new ScriptVariable(p.Name, p.Type, inputs[p.Name], false)).ToList();
        list.AddRange(definition.Attributes.Select(a => new ScriptVariable(a.Name, a.Type, variables[a.Name], true)));
        list.AddRange(definition.Outputs.Select(p => new ScriptVariable(p.Name, p.Type, variables[p.Name], true)));
        return list;
    }
}
