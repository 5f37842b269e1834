namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>A stored revision as a list of revisions shows it: who saved it and when, without its document.</summary>
public sealed record WorkflowRevisionSummary(int Revision, DateTimeOffset CreatedAt, string CreatedBy);
