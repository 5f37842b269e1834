using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// Starts, reads, cancels and deletes runs. Starting needs the execute right; seeing a run needs the view right on
/// its workflow (vRO filters executions by the caller's rights and answers 404 otherwise).
/// </summary>
public sealed class RunService(
    WorkflowService workflows, IRunStore runs, RunWakeSignal wake, RunCancellations running, TimeProvider time, RunHandoff? handoff = null,
    Telemetry.EngineMetrics? metrics = null)
{
    /// <param name="rejected">Inputs a face could not decode from its wire format, with the reason; reported with every other problem.</param>
    public async Task<Run> StartAsync(
        Caller caller, string workflowId, IReadOnlyDictionary<string, JsonNode?> inputs, CancellationToken ct,
        IReadOnlyDictionary<string, string>? rejected = null)
    {
        var view = await workflows.GetAsync(caller, workflowId, null, ct);
        if (!view.Rights.CanExecute)
        {
            throw new AccessDeniedException($"run workflow '{workflowId}'");
        }

        var definition = view.Definition;
        var errors = new ValidationErrors();
        var values = RunInputs.Bind(definition, inputs, rejected, errors);
        errors.ThrowIfAny();
        var variables = RunInputs.InitialVariables(definition);

        // Started here, driven here: the run is stored leased to this node and handed to its engine directly.
        var now = time.GetUtcNow();
        var local = handoff?.TryReserve() == true;
        var run = new Run(TimeOrderedIds.New(now), definition.Id, view.Revision, RunState.Running, caller.UserName,
            values.ToJsonString(), variables.ToJsonString(), definition.Steps[0].Id, 0, null, false, now,
            local ? handoff!.NodeId : null, local ? now + handoff!.Lease : null, 0, now, null, TraceParent: Telemetry.EngineTracing.CurrentTraceParent());
        try
        {
            await runs.CreateAsync(run, [new RunLogEntry(now, "info", "server", $"Workflow '{definition.Name}' has started", caller.UserName)], ct);
        }
        catch
        {
            if (local)
            {
                handoff!.Release();
            }

            throw;
        }

        metrics?.RunStarted(Telemetry.EngineMetrics.Names.TriggerRequest);
        if (local)
        {
            handoff!.Offer(run);
        }
        else
        {
            wake.Wake();
        }

        return run;
    }

    public async Task<Run> GetAsync(Caller caller, string workflowId, string runId, CancellationToken ct) =>
        (await FindAsync(caller, workflowId, runId, ct)).Run;

    public async Task<IReadOnlyList<Run>> ListAsync(Caller caller, string workflowId, int offset, int limit, CancellationToken ct)
    {
        await workflows.GetAsync(caller, workflowId, null, ct);
        return await runs.ListForWorkflowAsync(workflowId, Math.Max(0, offset), Math.Clamp(limit, 1, 1000), ct);
    }

    public async Task<IReadOnlyList<RunLogEntry>> LogsAsync(Caller caller, string workflowId, string runId, int max, CancellationToken ct)
    {
        await GetAsync(caller, workflowId, runId, ct);
        return await runs.ListLogsAsync(runId, Math.Clamp(max, 1, 100_000), ct);
    }

    /// <summary>
    /// The log lines stamped after <paramref name="after"/> (all of them without it) at or above <paramref name="minimum"/>,
    /// oldest first: what a client polling for new lines asks (vRO's syslogs).
    /// </summary>
    public async Task<IReadOnlyList<RunLogEntry>> LogsAfterAsync(
        Caller caller, string workflowId, string runId, DateTimeOffset? after, LogSeverity minimum, CancellationToken ct)
    {
        var logs = await LogsAsync(caller, workflowId, runId, 100_000, ct);
        return [.. logs.Where(l => (after is null || l.Time > after) && LogSeverities.IsAtLeast(l.Severity, minimum)).OrderBy(l => l.Time)];
    }

    /// <summary>Like <see cref="CancelAsync(Caller, string, string, CancellationToken)"/>, for a run known by its id alone (the native API's).</summary>
    /// <returns>The run as it was when the cancel was asked for.</returns>
    public async Task<Run> CancelAsync(Caller caller, string runId, CancellationToken ct)
    {
        var run = await runs.FindAsync(runId, ct) ?? throw new NotFoundException("Run", runId);
        await CancelAsync(caller, run.WorkflowId, runId, ct);
        return run;
    }

    /// <summary>Asks the run to stop at its next step boundary; a finished run is left as it is.</summary>
    public async Task CancelAsync(Caller caller, string workflowId, string runId, CancellationToken ct)
    {
        var (run, view) = await FindAsync(caller, workflowId, runId, ct);
        RequireRunRight(caller, run, view, "cancel");
        if (await runs.RequestCancelAsync(runId, time.GetUtcNow(), ct))
        {
            running.Cancel(runId);
            wake.Wake();
        }
    }

    public async Task DeleteAsync(Caller caller, string workflowId, string runId, CancellationToken ct)
    {
        var (run, view) = await FindAsync(caller, workflowId, runId, ct);
        RequireRunRight(caller, run, view, "delete");
        if (!RunStates.IsFinal(run.State))
        {
            throw new ConflictException($"Run '{runId}' is still {RunStates.ToWire(run.State)}; cancel it first.");
        }

        await runs.DeleteAsync(runId, ct);
    }

    private async Task<(Run Run, WorkflowView View)> FindAsync(Caller caller, string workflowId, string runId, CancellationToken ct)
    {
        var view = await workflows.GetAsync(caller, workflowId, null, ct);
        var run = await runs.FindAsync(runId, ct);
        return run is not null && run.WorkflowId == workflowId ? (run, view) : throw new NotFoundException("Run", runId);
    }

    // The user who started a run, and whoever may execute or administer the workflow, may stop or remove it.
    private static void RequireRunRight(Caller caller, Run run, WorkflowView view, string action)
    {
        if (!run.StartedBy.Equals(caller.UserName, StringComparison.OrdinalIgnoreCase) && !view.Rights.CanExecute)
        {
            throw new AccessDeniedException($"{action} run '{run.Id}'");
        }
    }
}
