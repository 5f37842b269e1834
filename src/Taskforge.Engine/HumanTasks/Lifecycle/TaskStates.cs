namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>Wire names (<c>STATE_READY</c>) and classification of <see cref="TaskState"/>.</summary>
public static class TaskStates
{
    /// <summary>States nothing leaves except restart and delete.</summary>
    public static IReadOnlyList<TaskState> End { get; } =
        [TaskState.Skipped, TaskState.Finished, TaskState.Failed, TaskState.Terminated, TaskState.Expired, TaskState.Forwarded];

    public static bool IsEnd(TaskState state) => End.Contains(state);

    public static string ToIbm(TaskState state) => "STATE_" + state.ToString().ToUpperInvariant();

    public static bool TryParseIbm(string? text, out TaskState state)
    {
        state = default;
        return text is not null && text.StartsWith("STATE_", StringComparison.Ordinal)
            && Enum.TryParse(text["STATE_".Length..], ignoreCase: true, out state) && !int.TryParse(text["STATE_".Length..], out _)
            && Enum.IsDefined(state);
    }
}
