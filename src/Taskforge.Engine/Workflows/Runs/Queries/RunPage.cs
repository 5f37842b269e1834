namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>A page of the runs list, newest first; <see cref="Next"/> asks for the page after it, null on the last.</summary>
public sealed record RunPage(IReadOnlyList<RunListItem> Items, RunCursor? Next);
