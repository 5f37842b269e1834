using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// One round of the run engine: claim due runs with a lease, then drive each from its last checkpoint, committing a
/// checkpoint after every step, until it waits or ends. A run whose node dies is claimed again when its lease
/// expires and continues from its last checkpoint; a step whose checkpoint was not committed runs again.
/// </summary>
public sealed class RunTick(
    IRunStore runs, WorkflowDefinitions workflows, ScriptRunner scripts, IHttpStepClient http, RunCancellations cancellations, TimeProvider time,
    IOptions<RunOptions> options, IOptions<HttpStepOptions> httpOptions)
{
    /// <returns>How many runs this round claimed.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var claimed = await runs.ClaimDueAsync(o.NodeId, time.GetUtcNow(), o.Lease, o.BatchSize, ct);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            async (run, token) => await DriveAsync(run, token));
        return claimed.Count;
    }

    private async Task DriveAsync(Run run, CancellationToken ct)
    {
        var definition = await workflows.RevisionAsync(run.WorkflowId, run.WorkflowRevision, ct);
        var inputs = (JsonObject)JsonNode.Parse(run.Inputs)!;
        var variables = (JsonObject)JsonNode.Parse(run.Variables)!;
        var version = run.Version;
        var stepId = run.CurrentStep;
        var stepsDone = run.StepsDone;
        var resuming = run.State == RunState.Waiting;
        using var registration = cancellations.Register(run.Id, ct);
        while (true)
        {
            var current = await runs.FindAsync(run.Id, ct);
            var outcome = current?.CancelRequested == true
                ? StepOutcome.Canceled()
                : definition is null
                    ? StepOutcome.Failed($"Workflow '{run.WorkflowId}' revision {run.WorkflowRevision} no longer exists.")
                    : await ExecuteAsync(definition, run.WorkflowRevision, stepId, inputs, variables, resuming, registration.Token);
            if (registration.Token.IsCancellationRequested)
            {
                ct.ThrowIfCancellationRequested(); // shutting down: leave the run to its lease and the next node
                outcome = StepOutcome.Canceled(); // cancelled on this node while a step ran
            }

            resuming = false;
            var now = time.GetUtcNow();
            var next = outcome.State == RunState.Running ? outcome.NextStep : outcome.State == RunState.Waiting ? stepId : null;
            var logs = outcome.Logs.Select(l => Log(l, now)).ToList();
            if (RunStates.IsFinal(outcome.State))
            {
                var ending = outcome.State == RunState.Failed ? $"Workflow '{definition?.Name ?? run.WorkflowId}' has failed: {outcome.Error}"
                    : $"Workflow '{definition?.Name ?? run.WorkflowId}' has {RunStates.ToWire(outcome.State)}";
                logs.Add(new RunLogEntry(now, outcome.State == RunState.Failed ? "error" : "info", "server", ending, run.StartedBy));
            }

            var checkpoint = new RunCheckpoint(outcome.State, variables.ToJsonString(), next, stepsDone + 1, outcome.Error,
                outcome.State == RunState.Running ? now : outcome.DueAt, logs, now);
            var committed = await runs.CheckpointAsync(run.Id, options.Value.NodeId, version, checkpoint, ct);
            if (committed is not { } newVersion || outcome.State != RunState.Running)
            {
                return; // lost the run to another node, or it waits or ended
            }

            version = newVersion;
            stepId = next;
            stepsDone++;
        }
    }

    private async Task<StepOutcome> ExecuteAsync(WorkflowDefinition definition, int revision, string? stepId, JsonObject inputs, JsonObject variables, bool resuming, CancellationToken ct)
    {
        var index = definition.Steps.ToList().FindIndex(s => s.Id == stepId);
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
            case StepKind.End:
                return StepOutcome.Completed();
            case StepKind.Fail:
                return StepOutcome.Failed(step.Message ?? "The workflow failed.");
            default:
                return StepOutcome.Failed($"Step '{step.DisplayName}' is a {step.Kind.ToString().ToLowerInvariant()} step, which this server cannot run yet.");
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

        if (response.StatusCode >= 400)
        {
            return StepOutcome.Failed($"{call.Method} {url} answered {response.StatusCode}.");
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
                return JsonNode.Parse(response.Body);
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

    private static List<ScriptVariable> Variables(WorkflowDefinition definition, JsonObject inputs, JsonObject variables)
    {
        var list = definition.Inputs.Select(p => new ScriptVariable(p.Name, p.Type, inputs[p.Name], false)).ToList();
        list.AddRange(definition.Attributes.Select(a => new ScriptVariable(a.Name, a.Type, variables[a.Name], true)));
        list.AddRange(definition.Outputs.Select(p => new ScriptVariable(p.Name, p.Type, variables[p.Name], true)));
        return list;
    }

    private static RunLogEntry Log(ScriptLogEntry entry, DateTimeOffset now) => new(entry.Time == default ? now : entry.Time,
        entry.Severity switch { LogSeverity.Debug => "debug", LogSeverity.Warning => "warning", LogSeverity.Error => "error", _ => "info" },
        "system", entry.Message, null);
}
