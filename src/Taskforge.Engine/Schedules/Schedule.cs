using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// A schedule (vRO "task"): a workflow with inputs, when to run it, and the user it runs as. <see cref="Cycle"/> is a
/// vRO recurrence cycle (wire form) or <c>cron</c>; <see cref="Pattern"/> is kept byte for byte as the client sent it.
/// <see cref="NextFireAt"/> is when the timer will fire next, for the occurrence <see cref="NextSlotAt"/> (they differ
/// for a catch-up fire); <see cref="LastSlotAt"/> is the last occurrence that fired. <see cref="Parameters"/> and
/// <see cref="Permissions"/> are JSON arrays as the faces gave them.
/// </summary>
public sealed record Schedule(
    string Id,
    string Name,
    string? Description,
    string WorkflowId,
    string Inputs,
    string Parameters,
    string Cycle,
    string? Pattern,
    string? Cron,
    string? TimeZone,
    DateTimeOffset StartAt,
    DateTimeOffset? EndAt,
    StartMode StartMode,
    string Misfire,
    OverlapPolicy Overlap,
    ScheduleState State,
    string? PauseReason,
    string? Error,
    string UserName,
    string Permissions,
    DateTimeOffset? NextFireAt,
    DateTimeOffset? NextSlotAt,
    DateTimeOffset? LastSlotAt,
    string? RunningRunId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);

/// <summary>The record of one fired slot: the run it started, or why it did not.</summary>
public sealed record ScheduleFire(string ScheduleId, DateTimeOffset Slot, DateTimeOffset FiredAt, string? RunId, FireOutcome Outcome, string Node);
