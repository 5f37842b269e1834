using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// A human task instance (ibm-bpm-htm.md §3.2, §4): state and substates, the people it has now, its place in a
/// hierarchy, its times and its business data. Messages are stored as canonical XML (DESIGN.md: XML is canonical).
/// <see cref="DisplayName"/> and <see cref="Description"/> are null while the template's (localised) texts apply.
/// <see cref="Version"/> increases with every stored change; a change commits only against the version it read, so two
/// people acting on one task at once get one winner and one conflict.
/// </summary>
public sealed record HumanTask
{
    public required string Id { get; init; }

    public required string TemplateId { get; init; }

    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public string? Type { get; init; }

    public required TaskKind Kind { get; init; }

    public required TaskState State { get; init; }

    public bool IsSuspended { get; init; }

    public bool IsEscalated { get; init; }

    public bool IsWaitingForSubTask { get; init; }

    public bool IsRead { get; init; }

    public bool IsBusinessRelevant { get; init; } = true;

    public required int Priority { get; init; }

    public required string Originator { get; init; }

    public string? Starter { get; init; }

    public string? Owner { get; init; }

    public HierarchyPosition Position { get; init; }

    /// <summary>The parent task of a subtask, or the task a follow-on task continues.</summary>
    public string? ParentId { get; init; }

    public required string TopLevelId { get; init; }

    public string? FollowOnId { get; init; }

    public required TaskTemplateSupports Supports { get; init; }

    public AutoDeletionMode AutoDeletion { get; init; }

    public string? DurationUntilDue { get; init; }

    public string? DurationUntilExpires { get; init; }

    public string? DurationUntilDeleted { get; init; }

    public required IReadOnlyList<string?> CustomTexts { get; init; }

    public required IReadOnlyDictionary<string, string> CustomProperties { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? FaultName { get; init; }

    public string? Fault { get; init; }

    /// <summary>The run an invocation task started.</summary>
    public string? InvokedRunId { get; init; }

    /// <summary>The run whose <c>task</c> step waits for this task to end.</summary>
    public string? WaitingRunId { get; init; }

    /// <summary>Why the task ended the way it did, when people should be told (the invoked workflow failed, say).</summary>
    public string? EndReason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ActivatedAt { get; init; }

    public DateTimeOffset? FirstActivatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public required DateTimeOffset LastModifiedAt { get; init; }

    public required DateTimeOffset LastStateChangeAt { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? DeletionAt { get; init; }

    /// <summary>When a suspended task resumes by itself.</summary>
    public DateTimeOffset? ResumesAt { get; init; }

    /// <summary>Set by <c>suspendAndCancelClaim</c>: resuming also cancels the claim.</summary>
    public bool ResumeCancelsClaim { get; init; }

    public long Version { get; init; }

    public bool IsEnded => TaskStates.IsEnd(State);

    /// <summary>What the action matrix needs to know.</summary>
    public TaskFacts Facts => new(State, Kind, IsSuspended, IsEscalated, IsWaitingForSubTask, Supports.ClaimIfSuspended, Supports.Delegation,
        Supports.SubTasks, Supports.FollowOnTasks, Position == HierarchyPosition.SubTask, Position == HierarchyPosition.FollowOnTask);

    /// <summary>The W3C <c>traceparent</c> of the span that created the task, kept when tracing is on (<see cref="Telemetry.EngineTracing"/>).</summary>
    public string? TraceParent { get; init; }
}
