using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Engine.Workflows.Runs.Queries;

// One run's page: the run with its values, timeline, children and tasks, and its log read from a line on.
public sealed partial class RunQueries
{
    private const int MaxChildren = 1000;
    private const int MaxLogLines = 10_000;

    /// <summary>A run as its page shows it; a run of a workflow the caller may not view is not found.</summary>
    public async Task<RunDetail> GetAsync(Caller caller, string runId, CancellationToken ct)
    {
        var (run, rights) = await FindAsync(caller, runId, ct);
        var definition = await definitions.RevisionAsync(run.WorkflowId, run.WorkflowRevision, ct);
        var steps = await store.StepsAsync(runId, ct);
        var children = await store.ChildrenAsync(runId, MaxChildren, ct);
        var tasks = await store.LinkedTasksAsync(runId, run.TaskId, ct);
        var final = RunStates.IsFinal(run.State);
        return new RunDetail(run, definition, Values(definition?.Inputs, run.Inputs), Values(definition?.Outputs, run.Variables), Timeline(run, definition, steps),
            await NamedAsync(children, ct), tasks, !final && (run.StartedBy.Equals(caller.UserName, StringComparison.OrdinalIgnoreCase) || rights.CanExecute));
    }

    /// <summary>
    /// The run's log lines numbered after <paramref name="afterSeq"/> (0: from the first), oldest first, at most
    /// <paramref name="limit"/> (1–10,000): a reader tailing the log asks again after <see cref="RunLogPage.Next"/> until the run is final.
    /// </summary>
    public async Task<RunLogPage> LogsAsync(Caller caller, string runId, long afterSeq, int limit, CancellationToken ct)
    {
        var (run, _) = await FindAsync(caller, runId, ct);
        var lines = await store.LogsAfterAsync(runId, Math.Max(0, afterSeq), Math.Clamp(limit, 1, MaxLogLines), ct);
        return new RunLogPage(lines, lines.Count > 0 ? lines[^1].Seq : Math.Max(0, afterSeq), run.State);
    }

    // As the list decides: the view right on the run's workflow, or a caller who reads everything (the runs of
    // deleted workflows too). Whoever may not see a run is told it does not exist.
    private async Task<(Run Run, WorkflowRights Rights)> FindAsync(Caller caller, string runId, CancellationToken ct)
    {
        var run = await runs.FindAsync(runId, ct) ?? throw new NotFoundException("Run", runId);
        try
        {
            return (run, (await workflows.GetAsync(caller, run.WorkflowId, null, ct)).Rights);
        }
        catch (NotFoundException) when (caller.CanReadEverything)
        {
            return (run, WorkflowRights.For(caller, []));
        }
        catch (NotFoundException)
        {
            throw new NotFoundException("Run", runId);
        }
    }

    // A secure string's value never leaves the engine on a read, as it never reaches a log.
    private static List<RunValue> Values(IReadOnlyList<ParameterDefinition>? parameters, string json)
    {
        var values = JsonNode.Parse(json) as JsonObject ?? [];
        return [.. (parameters ?? []).Select(p => p.Type.Kind == ParameterKind.SecureString
            ? new RunValue(p.Name, p.Type, null, Masked: values[p.Name] is not null)
            : new RunValue(p.Name, p.Type, values[p.Name]?.DeepClone(), Masked: false))];
    }

    private static List<RunStepView> Timeline(Run run, WorkflowDefinition? definition, IReadOnlyList<RunStepRecord> ended)
    {
        StepDefinition? Step(string id) => definition?.Steps.FirstOrDefault(s => s.Id == id);
        var timeline = ended.Select(s => new RunStepView(s.Seq, s.StepId, Step(s.StepId)?.DisplayName, Step(s.StepId)?.Kind, s.StartedAt, s.EndedAt, s.Outcome)).ToList();
        if (!RunStates.IsFinal(run.State) && run.CurrentStep is { } current)
        {
            timeline.Add(new RunStepView(null, current, Step(current)?.DisplayName, Step(current)?.Kind, run.StepStartedAt, null, null));
        }

        return timeline;
    }
}
