using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.Operations;

/// <summary>The runs created in the overview's window, by their state now (every state, zero where none).</summary>
public sealed record RunCounts(int Total, IReadOnlyDictionary<RunState, int> ByState);
