namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>A run as a list shows it: no inputs, variables or lease, so a page of them reads little.</summary>
public sealed record RunSummary(
    string Id, string WorkflowId, int WorkflowRevision, RunState State, string StartedBy, string? CurrentStep, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, string? ParentRunId, string? TaskId);
