namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// Which runs a list shows, newest first: of one workflow, in one state, started by one user, created in
/// [<see cref="From"/>, <see cref="To"/>); the page after <see cref="After"/>, <see cref="Limit"/> long (1–200).
/// </summary>
public sealed record RunFilter(
    string? WorkflowId = null, RunState? State = null, string? StartedBy = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    RunCursor? After = null, int Limit = 50);
