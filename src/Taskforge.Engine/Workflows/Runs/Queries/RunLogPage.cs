namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// The lines of a run's log after a number, oldest first; <see cref="Next"/> is the number to ask after next (the last
/// line's, or the one asked after when none came), and <see cref="State"/> the run's, so a reader knows when to stop.
/// </summary>
public sealed record RunLogPage(IReadOnlyList<RunLogLine> Lines, long Next, RunState State);
