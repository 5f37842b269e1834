namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// A run as stored at its last checkpoint. <see cref="Inputs"/> and <see cref="Variables"/> are JSON objects of
/// canonical values (attributes and outputs in <see cref="Variables"/>). <see cref="Version"/> grows with every
/// claim and checkpoint, so a node that lost its lease cannot overwrite a newer checkpoint (fencing).
/// </summary>
public sealed record Run(
    string Id,
    string WorkflowId,
    int WorkflowRevision,
    RunState State,
    string StartedBy,
    string Inputs,
    string Variables,
    string? CurrentStep,
    int StepsDone,
    string? Error,
    bool CancelRequested,
    DateTimeOffset? DueAt,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt);

/// <summary>One line of a run's log.</summary>
public sealed record RunLogEntry(DateTimeOffset Time, string Severity, string Origin, string Message, string? User);

/// <summary>What a step leaves behind: the next state, variables and step, when to continue, and its log lines.</summary>
public sealed record RunCheckpoint(
    RunState State,
    string Variables,
    string? CurrentStep,
    int StepsDone,
    string? Error,
    DateTimeOffset? DueAt,
    IReadOnlyList<RunLogEntry> Logs,
    DateTimeOffset Now);
