namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>What one script run may use; bound from the <c>Taskforge:Scripts</c> configuration section.</summary>
public sealed record ScriptLimits
{
    public const string SectionName = "Taskforge:Scripts";

    /// <summary>Wall time for one run, including conditions.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes the run may allocate. Jint counts allocations on the running thread, not live memory, so a script that
    /// builds and drops many strings uses this up as surely as one that keeps them.
    /// </summary>
    public long MemoryBytes { get; init; } = 64L * 1024 * 1024;

    public int MaxStatements { get; init; } = 1_000_000;

    public int MaxRecursionDepth { get; init; } = 256;
}
