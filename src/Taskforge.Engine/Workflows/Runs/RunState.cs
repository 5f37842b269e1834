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

    /// <summary>Reads a wire name (<c>running</c>, <c>waiting-signal</c>…), exactly as written.</summary>
    public static bool TryFromWire(string? text, out RunState state)
    {
        foreach (var candidate in Enum.GetValues<RunState>())
        {
            if (ToWire(candidate) == text)
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    public static bool IsFinal(RunState state) => state is RunState.Completed or RunState.Failed or RunState.Canceled;
}
