using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// What one step decided: go on to a step, wait until an instant, wait for a child run (<see cref="Child"/>, started
/// with the checkpoint), wait for a human task (<see cref="Task"/>, created with the checkpoint), or end in a final
/// state (a failure may name the <see cref="Fault"/> an invoking task fails with).
/// </summary>
internal sealed record StepOutcome(
    RunState State, string? NextStep, DateTimeOffset? DueAt, string? Error, IReadOnlyList<ScriptLogEntry> Logs, Run? Child = null,
    TaskChange? Task = null, string? Fault = null)
{
    public static StepOutcome Continue(string? next, IReadOnlyList<ScriptLogEntry> logs) =>
        next is null ? new(RunState.Completed, null, null, null, logs) : new(RunState.Running, next, null, null, logs);

    public static StepOutcome Wait(DateTimeOffset until) => new(RunState.Waiting, null, until, null, []);

    /// <summary>Waits without a due time until another run ends; <paramref name="child"/> is started with the checkpoint, if given.</summary>
    public static StepOutcome AwaitRun(Run? child, IReadOnlyList<ScriptLogEntry>? logs = null) => new(RunState.WaitingSignal, null, null, null, logs ?? [], child);

    /// <summary>Waits without a due time until a human task ends; <paramref name="task"/> (its creation) commits with the checkpoint.</summary>
    public static StepOutcome AwaitTask(TaskChange task, IReadOnlyList<ScriptLogEntry> logs) => new(RunState.WaitingSignal, null, null, null, logs, Task: task);

    public static StepOutcome Completed() => new(RunState.Completed, null, null, null, []);

    public static StepOutcome Failed(string error, IReadOnlyList<ScriptLogEntry>? logs = null, string? fault = null) =>
        new(RunState.Failed, null, null, error, logs ?? [], Fault: fault);

    public static StepOutcome Canceled() => new(RunState.Canceled, null, null, "Canceled", []);
}
