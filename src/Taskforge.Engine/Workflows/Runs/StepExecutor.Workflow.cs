using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Engine.Workflows.Runs;

// The workflow step: start a child run of another workflow, wait (waiting-signal) until it ends, then take its outputs.
internal sealed partial class StepExecutor
{
    /// <summary>
    /// A child's id follows from its parent and the step count at which the parent started it, so the parent finds
    /// it again after waiting, and a step re-run after a crash cannot start a second child (the first was committed
    /// in the same transaction as the parent's checkpoint, or not at all).
    /// </summary>
    public static string ChildRunId(string parentRunId, int stepsDoneBefore) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{parentRunId}/{stepsDoneBefore}")))[..32];

    // Rights are not checked again for the child: the author of the calling workflow chose to call it, as in vRO.
    private async Task<StepOutcome> StartChildAsync(WorkflowDefinition definition, StepDefinition step, RunProgress run, CancellationToken ct)
    {
        if (await workflows.CurrentAsync(step.Workflow!, ct) is not var (child, revision))
        {
            return StepOutcome.Failed($"Step '{step.DisplayName}' calls workflow '{step.Workflow}', which does not exist.");
        }

        var (given, logs, problem) = EvaluateInputs(definition, step, run, ct);
        if (problem is not null)
        {
            return StepOutcome.Failed(problem, logs);
        }

        var errors = new ValidationErrors();
        var inputs = RunInputs.Bind(child, given, null, errors);
        if (errors.Any)
        {
            return StepOutcome.Failed($"Step '{step.DisplayName}' cannot start workflow '{child.Name}': {string.Join("; ", errors.Lines)}", logs);
        }

        var now = time.GetUtcNow();
        var childRun = new Run(ChildRunId(run.Run.Id, run.StepsDone), child.Id, revision, RunState.Running, run.Run.StartedBy,
            inputs.ToJsonString(), RunInputs.InitialVariables(child).ToJsonString(), child.Steps[0].Id, 0, null, false, now, null, null, 0, now, null,
            run.Run.Id, TraceParent: Telemetry.EngineTracing.CurrentTraceParent());
        return StepOutcome.AwaitRun(childRun, logs);
    }

    /// <summary>
    /// Evaluates a step's <c>inputs</c> (target → expression over the run's variables) in one script, so the mapping
    /// costs one evaluation, not one per input. Returns the values, the script's log lines, or why it failed.
    /// </summary>
    private (Dictionary<string, JsonNode?> Values, IReadOnlyList<ScriptLogEntry> Logs, string? Problem) EvaluateInputs(
        WorkflowDefinition definition, StepDefinition step, RunProgress run, CancellationToken ct)
    {
        var given = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (step.Inputs is not { Count: > 0 } mapping)
        {
            return (given, [], null);
        }

        const string Result = "__stepInputs";
        var scope = Variables(definition, run.Inputs, run.Variables);
        scope.Add(new ScriptVariable(Result, ParameterType.Any, null, true));
        var members = string.Join(", ", mapping.Select(m => $"{JsonSerializer.Serialize(m.Key)}: ({m.Value})"));
        var evaluated = scripts.Run($"{definition.Id}:{run.Run.WorkflowRevision}:{step.Id}:inputs", $"{Result} = {{ {members} }};", scope, ct);
        if (!evaluated.Succeeded || evaluated.Values.GetValueOrDefault(Result) is not JsonObject values)
        {
            return (given, evaluated.Logs, $"The inputs of '{step.DisplayName}': {evaluated.Message ?? "they gave no value"}");
        }

        foreach (var (name, value) in values)
        {
            given[name] = value?.DeepClone();
        }

        return (given, evaluated.Logs, null);
    }

    private async Task<StepOutcome> CollectChildAsync(WorkflowDefinition definition, StepDefinition step, string? following, RunProgress run, CancellationToken ct)
    {
        var childId = ChildRunId(run.Run.Id, run.StepsDone - 1);
        var child = await runs.FindAsync(childId, ct);
        if (child is null)
        {
            return StepOutcome.Failed($"The run {childId} started by '{step.DisplayName}' no longer exists.");
        }

        switch (child.State)
        {
            case RunState.Failed:
                return StepOutcome.Failed($"Workflow '{step.Workflow}' (run {childId}) failed: {child.Error}");
            case RunState.Canceled:
                return StepOutcome.Failed($"Workflow '{step.Workflow}' (run {childId}) was canceled.");
            case RunState.Completed:
                break;
            default:
                return StepOutcome.AwaitRun(null); // woken early (a cancel is handled before a step runs): keep waiting
        }

        var outputs = (JsonObject)JsonNode.Parse(child.Variables)!;
        foreach (var (variable, output) in step.Outputs ?? new Dictionary<string, string>())
        {
            var value = outputs[output];
            if (VariableType(definition, variable) is { } type && !ParameterValues.TryCoerce(type, value, out value, out var error))
            {
                return StepOutcome.Failed($"Output '{output}' of workflow '{step.Workflow}' does not fit '{variable}': {error}");
            }

            run.Variables[variable] = value?.DeepClone();
        }

        return StepOutcome.Continue(following, []);
    }

    /// <summary>Ends a run that was asked to cancel; a run waiting for a child cancels the child too, and one waiting for a task terminates it.</summary>
    public async Task<StepOutcome> CancelAsync(WorkflowDefinition? definition, RunProgress run, bool waiting, CancellationToken ct)
    {
        var kind = waiting && definition is not null && IndexOf(definition, run.StepId) is var index and >= 0 ? definition.Steps[index].Kind : (StepKind?)null;
        if (kind == StepKind.Workflow)
        {
            await runs.RequestCancelAsync(ChildRunId(run.Run.Id, run.StepsDone - 1), time.GetUtcNow(), ct);
        }
        else if (kind == StepKind.Task && tasks is not null)
        {
            await tasks.TerminateForRunAsync(StepTaskId(run.Run.Id, run.StepsDone - 1), ct);
        }

        return StepOutcome.Canceled();
    }
}
