namespace Taskforge.Engine.Workflows.Runs;

/// <summary>The states of a run (vRO "execution"), with vRO's wire names in <see cref="RunStates"/>.</summary>
public enum RunState
{
    Running,
    Waiting,
    WaitingSignal,
    Completed,
    Failed,
    Canceled,
}

public static class RunStates
{
    public static string ToWire(RunState state) => state switch
    {
        RunState.Running => "running",
        RunState.Waiting => "waiting",
        RunState.WaitingSignal => "waiting-signal",
        RunState.Completed => "completed",
        RunState.Failed => "failed",
        _ => "canceled",
    };

    public static RunState FromWire(string text) => text switch
    {
        "running" => RunState.Running,
        "waiting" => RunState.Waiting,
        "waiting-signal" => RunState.WaitingSignal,
        "completed" => RunState.Completed,
        "failed" => RunState.Failed,
        "canceled" => RunState.Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown run state."),
    };

    public static bool IsFinal(RunState state) => state is RunState.Completed or RunState.Failed or RunState.Canceled;
}
