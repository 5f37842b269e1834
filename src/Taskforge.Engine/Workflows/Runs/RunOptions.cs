namespace Taskforge.Engine.Workflows.Runs;

/// <summary>Settings under <c>Taskforge:Runs</c>.</summary>
public sealed class RunOptions
{
    /// <summary>How long a claimed run belongs to this node without a checkpoint; another node takes it over after that.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs claimed per round.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Runs this node drives at once from local starts (claims add at most <see cref="BatchSize"/> more).</summary>
    public int MaxActiveRuns { get; set; } = 512;

    /// <summary>Longest sleep between rounds; starts and cancels wake the worker at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
