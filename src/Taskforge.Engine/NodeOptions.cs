namespace Taskforge.Engine;

/// <summary>This engine node, under <c>Taskforge:Node</c>: what every loop of the node (runs, timers, schedule fires) calls itself.</summary>
public sealed class NodeOptions
{
    public const string Section = "Taskforge:Node";

    /// <summary>
    /// The node's name in the leases it takes and on the slots it fires; unique per process by default. Nodes sharing a
    /// database must have different ids. (Before it had a section of its own it was <c>Taskforge:Runs:NodeId</c>, which
    /// the server still reads when <c>Taskforge:Node:Id</c> is not set.)
    /// </summary>
    public string Id { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
}
