namespace Taskforge.Engine.HumanTasks;

/// <summary>Settings of human tasks (<c>Taskforge:HumanTasks</c>).</summary>
public sealed class HumanTaskOptions
{
    /// <summary>How long <c>mode=sync</c> waits for an invocation task to end before it gives up (<see cref="TaskInvocationException"/>).</summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a <c>mode=sync</c> caller reads the task again, for ends that happen on another node.</summary>
    public TimeSpan SyncPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
