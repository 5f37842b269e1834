namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// A run as stored at its last checkpoint. <see cref="Inputs"/> and <see cref="Variables"/> are JSON objects of
/// canonical values (attributes and outputs in <see cref="Variables"/>). <see cref="Version"/> grows with every
/// claim and checkpoint, so a node that lost its lease cannot overwrite a newer checkpoint (fencing).
/// <see cref="ParentRunId"/> is set on a run started by another run's workflow step, <see cref="TaskId"/> on a run an
/// invocation task started (its end reaches the task through a timer written with the final checkpoint), and
/// <see cref="Fault"/> on a run that failed through a <c>fail</c> step naming a fault. <see cref="StepStartedAt"/> is when its
/// current step began, kept while the step waits, so the checkpoint that ends it records how long it took.
/// <see cref="TraceParent"/> is the W3C <c>traceparent</c> of the span that started the run (a request, a fire, a parent's
/// step), kept when tracing is on so that each of its steps, on any node, joins that trace (<see cref="Telemetry.EngineTracing"/>).
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
    DateTimeOffset? EndedAt,
    string? ParentRunId = null,
    string? TaskId = null,
    string? Fault = null,
    DateTimeOffset? StepStartedAt = null,
    string? TraceParent = null);

/// <summary>One line of a run's log.</summary>
public sealed record RunLogEntry(DateTimeOffset Time, string Severity, string Origin, string Message, string? User);

/// <summary>
/// What a step leaves behind: the next state, variables and step, when to continue, and its log lines. A node that
/// goes straight on keeps the run until <see cref="LeaseUntil"/>. <see cref="Child"/> is a run the step started
/// (a workflow step), created in the same transaction so that a crash can neither lose it nor start it twice;
/// <see cref="Task"/> likewise creates a human task (a task step). <see cref="Fault"/> is kept with a failed run.
/// <see cref="EndedStep"/> is the step this checkpoint ends (none while it waits), recorded for the run's timeline in the
/// same write; <see cref="StepStartedAt"/> is when the run's current step began, as the run keeps it from now on.
/// </summary>
public sealed record RunCheckpoint(
    RunState State,
    string Variables,
    string? CurrentStep,
    int StepsDone,
    string? Error,
    DateTimeOffset? DueAt,
    IReadOnlyList<RunLogEntry> Logs,
    DateTimeOffset Now,
    DateTimeOffset? LeaseUntil = null,
    Run? Child = null,
    HumanTasks.Tasks.TaskChange? Task = null,
    string? Fault = null,
    EndedStep? EndedStep = null,
    DateTimeOffset? StepStartedAt = null);

/// <summary>A step a checkpoint ends: which, and when it began; it ended at the checkpoint, in the checkpoint's state.</summary>
public sealed record EndedStep(string StepId, DateTimeOffset StartedAt);

/// <summary>A committed checkpoint: the run's new version, and whether a cancel was asked for meanwhile.</summary>
public readonly record struct CheckpointResult(long Version, bool CancelRequested);
