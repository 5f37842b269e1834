using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// What one step decided: go on to a step, wait until an instant, wait for a child run (<see cref="Child"/>, started
/// with the checkpoint), or end in a final state.
/// </summary>
internal sealed record StepOutcome(RunState State, string? NextStep, DateTimeOffset? DueAt, string? Error, IReadOnlyList<ScriptLogEntry> Logs, Run? Child = null)
{
    public static StepOutcome Continue(string? next, IReadOnlyList<ScriptLogEntry> logs) =>
        next is null ? new(RunState.Completed, null, null, null, logs) : new(RunState.Running, next, null, null, logs);

    public static StepOutcome Wait(DateTimeOffset until) => new(RunState.Waiting, null, until, null, []);

    /// <summary>Waits without a due time until another run ends; <paramref name="child"/> is started with the checkpoint, if given.</summary>
    public static StepOutcome AwaitRun(Run? child, IReadOnlyList<ScriptLogEntry>? logs = null) => new(RunState.WaitingSignal, null, null, null, logs ?? [], child);

    public static StepOutcome Completed() => new(RunState.Completed, null, null, null, []);

    public static StepOutcome Failed(string error, IReadOnlyList<ScriptLogEntry>? logs = null) => new(RunState.Failed, null, null, error, logs ?? []);

    public static StepOutcome Canceled() => new(RunState.Canceled, null, null, "Canceled", []);
}
