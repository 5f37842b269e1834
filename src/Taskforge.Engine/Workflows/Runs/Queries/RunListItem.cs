namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>A run on a list, with the name of its workflow's revision (null when that revision is gone).</summary>
public sealed record RunListItem(RunSummary Run, string? WorkflowName);
