using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>What one step decided: go on to a step, wait until an instant, or end in a final state.</summary>
internal sealed record StepOutcome(RunState State, string? NextStep, DateTimeOffset? DueAt, string? Error, IReadOnlyList<ScriptLogEntry> Logs)
{
    public static StepOutcome Continue(string? next, IReadOnlyList<ScriptLogEntry> logs) =>
        next is null ? new(RunState.Completed, null, null, null, logs) : new(RunState.Running, next, null, null, logs);

    public static StepOutcome Wait(DateTimeOffset until) => new(RunState.Waiting, null, until, null, []);

    public static StepOutcome Completed() => new(RunState.Completed, null, null, null, []);

    public static StepOutcome Failed(string error, IReadOnlyList<ScriptLogEntry>? logs = null) => new(RunState.Failed, null, null, error, logs ?? []);

    public static StepOutcome Canceled() => new(RunState.Canceled, null, null, "Canceled", []);
}
