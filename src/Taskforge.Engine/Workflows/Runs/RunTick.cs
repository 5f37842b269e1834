using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Telemetry;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// The run engine's rounds. A run is driven from its last checkpoint, committing a checkpoint after every step, until
/// it waits or ends. Runs reach a node two ways: started on it (<see cref="RunHandoff"/>, already leased) or claimed
/// from the database when due (waits that ran out, woken parents, runs of a node whose lease expired). While a step
/// runs longer than a third of the lease, <see cref="RenewLeasesAsync"/> keeps the lease alive; a node that dies stops
/// renewing, and another node continues from the last checkpoint (a step whose checkpoint was not committed runs again).
/// </summary>
public sealed class RunTick(
    IRunStore runs, WorkflowDefinitions workflows, ScriptRunner scripts, IHttpStepClient http, RunCancellations cancellations, TimeProvider time,
    IOptions<RunOptions> options, IOptions<NodeOptions> node, IOptions<HttpStepOptions> httpOptions, RunWakeSignal? wake = null, RunHandoff? handoff = null,
    TaskStepService? tasks = null, TimerWakeSignal? timerWake = null, EngineMetrics? metrics = null)
{
    private readonly StepExecutor _steps = new(runs, workflows, scripts, http, time, httpOptions, tasks);
    private readonly ConcurrentDictionary<string, DrivenRun> _driving = new(StringComparer.Ordinal);

    /// <summary>Drives every run handed to this node and a batch of claimed due runs to their next wait or end.</summary>
    /// <returns>How many runs this round drove.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var drives = TakeHandedOff(ct);
        drives.AddRange(await ClaimAsync(options.Value.BatchSize, ct));
        await Task.WhenAll(drives);
        return drives.Count;
    }

    /// <summary>Claims up to <paramref name="max"/> due runs and starts driving them; the tasks end when each run waits or ends.</summary>
    public async Task<List<Task>> ClaimAsync(int max, CancellationToken ct)
    {
        if (max <= 0)
        {
            return [];
        }

        var claimed = await runs.ClaimDueAsync(node.Value.Id, time.GetUtcNow(), options.Value.Lease, max, ct);
        return [.. claimed.Select(run => Task.Run(() => DriveAsync(run, ct), ct))];
    }

    /// <summary>Starts driving the runs started on this node so far.</summary>
    public List<Task> TakeHandedOff(CancellationToken ct)
    {
        var drives = new List<Task>();
        while (handoff is not null && handoff.TryTake(out var run))
        {
            drives.Add(Task.Run(async () =>
            {
                try
                {
                    await DriveAsync(run, ct);
                }
                finally
                {
                    handoff.Release();
                }
            }, ct));
        }

        return drives;
    }

    /// <summary>
    /// Extends the leases of runs whose step has been running for a third of the lease, and interrupts those that
    /// were cancelled elsewhere or lost. Checkpoints renew the lease themselves, so short steps never need this.
    /// </summary>
    /// <returns>How many leases it renewed.</returns>
    public async Task<int> RenewLeasesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var lease = options.Value.Lease;
        var due = _driving.Where(d => now - d.Value.LeaseRenewedAt >= lease / 3).Select(d => d.Key).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var renewal = await runs.RenewLeasesAsync(node.Value.Id, due, now + lease, ct);
        foreach (var runId in due)
        {
            if (_driving.TryGetValue(runId, out var driven))
            {
                driven.LeaseRenewedAt = now;
            }
        }

        foreach (var runId in renewal.Lost.Concat(renewal.CancelRequested))
        {
            cancellations.Cancel(runId);
        }

        return due.Count - renewal.Lost.Count;
    }

    private async Task DriveAsync(Run run, CancellationToken ct)
    {
        var driven = new DrivenRun(run.Version, time.GetUtcNow());
        _driving[run.Id] = driven;
        metrics?.DriveStarted();
        try
        {
            await DriveStepsAsync(run, driven, ct);
        }
        finally
        {
            _driving.TryRemove(run.Id, out _);
            metrics?.DriveEnded();
        }
    }

    private async Task DriveStepsAsync(Run run, DrivenRun driven, CancellationToken ct)
    {
        var definition = await workflows.RevisionAsync(run.WorkflowId, run.WorkflowRevision, ct);
        var state = new RunProgress(run, (JsonObject)JsonNode.Parse(run.Inputs)!, (JsonObject)JsonNode.Parse(run.Variables)!);
        var cancelRequested = run.CancelRequested;
        var resuming = run.State is RunState.Waiting or RunState.WaitingSignal;
        var stepStartedAt = run.StepStartedAt ?? time.GetUtcNow(); // a step that waited, or whose node died, began then
        using var registration = cancellations.Register(run.Id, ct);
        while (true)
        {
            // Each step is a span of the trace that started the run, whichever node runs it (Run.TraceParent).
            using var span = EngineTracing.StartContinuing(EngineTracing.RunStep, run.TraceParent);
            var kind = KindOf(definition, state.StepId);
            span?.SetTag("taskforge.run.id", run.Id).SetTag("taskforge.workflow.id", run.WorkflowId).SetTag("taskforge.step.id", state.StepId)
                .SetTag(EngineMetrics.Names.StepKind, EngineMetrics.Names.Of(kind));
            var started = Stopwatch.GetTimestamp();
            StepOutcome outcome;
            try
            {
                outcome = cancelRequested ? await _steps.CancelAsync(definition, state, resuming, ct)
                    : definition is null ? StepOutcome.Failed($"Workflow '{run.WorkflowId}' revision {run.WorkflowRevision} no longer exists.")
                    : await _steps.ExecuteAsync(definition, state, resuming, registration.Token);
            }
            catch (OperationCanceledException) when (registration.Token.IsCancellationRequested)
            {
                outcome = StepOutcome.Canceled(); // an awaited call (an http step) was interrupted; shutdown is told apart below
            }

            if (registration.Token.IsCancellationRequested)
            {
                ct.ThrowIfCancellationRequested(); // shutting down: leave the run to its lease and the next node
                outcome = StepOutcome.Canceled(); // cancelled (or lost) while a step ran; a lost run's checkpoint is refused below
            }

            resuming = false;
            metrics?.StepExecuted(kind, outcome.State, started);
            var now = time.GetUtcNow();
            var next = outcome.State == RunState.Running ? outcome.NextStep
                : outcome.State is RunState.Waiting or RunState.WaitingSignal ? state.StepId : null;
            var secrets = outcome.Logs.Count == 0 ? [] : Secrets(definition, state);
            var logs = outcome.Logs.Select(l => Log(l, now, secrets)).ToList();
            if (RunStates.IsFinal(outcome.State))
            {
                var name = definition?.Name ?? run.WorkflowId;
                var ending = outcome.State == RunState.Failed ? $"Workflow '{name}' has failed: {outcome.Error}" : $"Workflow '{name}' has {RunStates.ToWire(outcome.State)}";
                logs.Add(new RunLogEntry(now, outcome.State == RunState.Failed ? "error" : "info", "server", ending, run.StartedBy));
            }

            // The step ends unless it waits; the run's timeline gets its row in the checkpoint's own write.
            var ended = outcome.State is RunState.Waiting or RunState.WaitingSignal || state.StepId is null ? null : new EndedStep(state.StepId, stepStartedAt);
            var checkpoint = new RunCheckpoint(outcome.State, state.Variables.ToJsonString(), next, state.StepsDone + 1, outcome.Error,
                outcome.State == RunState.Running ? now : outcome.DueAt, logs, now, now + options.Value.Lease, outcome.Child, outcome.Task, outcome.Fault,
                ended, RunStates.IsFinal(outcome.State) ? null : ended is null ? stepStartedAt : now);
            var committed = await runs.CheckpointAsync(run.Id, node.Value.Id, driven.Version, checkpoint, ct);
            Observe(span, run, outcome, committed is not null, now);
            if (outcome.Child is not null || (cancelRequested && outcome.State == RunState.Canceled))
            {
                wake?.Wake(); // a child started (or asked to cancel) is due now, on whichever node claims it first
            }

            if (committed is not null && outcome.Task is not null)
            {
                tasks?.Applied(outcome.Task); // a new task's clocks, woken for as any task change's are
            }

            if (committed is not null && run.TaskId is not null && RunStates.IsFinal(outcome.State))
            {
                timerWake?.Wake(); // the timer that hands this run's end to its invocation task is due now
            }

            if (committed is not { } result || outcome.State != RunState.Running)
            {
                return; // lost the run to another node, or it waits or ended
            }

            driven.Version = result.Version;
            driven.LeaseRenewedAt = now;
            stepStartedAt = now;
            cancelRequested = result.CancelRequested;
            state.StepId = next;
            state.StepsDone++;
        }
    }

    private void Observe(Activity? span, Run run, StepOutcome outcome, bool committed, DateTimeOffset now)
    {
        span?.SetTag(EngineMetrics.Names.RunState, EngineMetrics.Names.Of(outcome.State));
        if (!committed)
        {
            span?.SetTag("taskforge.run.lost", true); // another node holds the run now; this step's result was not kept
            return;
        }

        if (outcome.Task?.Tasks is [{ } created, ..])
        {
            span?.SetTag("taskforge.task.id", created.Task.Id);
        }

        if (outcome.Child is { } child)
        {
            span?.SetTag("taskforge.child_run.id", child.Id);
            metrics?.RunStarted(EngineMetrics.Names.TriggerWorkflow);
        }

        if (RunStates.IsFinal(outcome.State))
        {
            metrics?.RunEnded(outcome.State, now - run.CreatedAt);
        }
    }

    private static StepKind? KindOf(WorkflowDefinition? definition, string? stepId)
    {
        if (definition is not null && stepId is not null)
        {
            foreach (var step in definition.Steps)
            {
                if (step.Id == stepId)
                {
                    return step.Kind;
                }
            }
        }

        return null;
    }

    private static RunLogEntry Log(ScriptLogEntry entry, DateTimeOffset now, IReadOnlyList<string> secrets) =>
        new(entry.Time == default ? now : entry.Time,
            LogSeverities.ToWire(entry.Severity),
            "system", secrets.Aggregate(entry.Message, (message, secret) => message.Replace(secret, "********", StringComparison.Ordinal)), null);

    /// <summary>The values of the run's secure strings: they never reach a log, even when a script logs one.</summary>
    private static List<string> Secrets(WorkflowDefinition? definition, RunProgress state) =>
        definition is null ? [] :
        [
            .. definition.Inputs.Where(p => p.Type.Kind == ParameterKind.SecureString).Select(p => state.Inputs[p.Name])
                .Concat(definition.Attributes.Where(a => a.Type.Kind == ParameterKind.SecureString).Select(a => state.Variables[a.Name]))
                .Concat(definition.Outputs.Where(p => p.Type.Kind == ParameterKind.SecureString).Select(p => state.Variables[p.Name]))
                .Select(v => v is JsonValue value && value.TryGetValue<string>(out var text) ? text : "")
                .Where(text => text.Length > 0),
        ];

    /// <summary>What this node knows of a run it drives: the version it holds and when its lease was last extended.</summary>
    private sealed class DrivenRun(long version, DateTimeOffset leaseRenewedAt)
    {
        public long Version { get; set; } = version;

        public DateTimeOffset LeaseRenewedAt { get; set; } = leaseRenewedAt;
    }
}

/// <summary>A run being driven: its id and starter, inputs, live variables, current step and steps done.</summary>
internal sealed class RunProgress(Run run, JsonObject inputs, JsonObject variables)
{
    public Run Run { get; } = run;

    public JsonObject Inputs { get; } = inputs;

    public JsonObject Variables { get; } = variables;

    public string? StepId { get; set; } = run.CurrentStep;

    public int StepsDone { get; set; } = run.StepsDone;
}
