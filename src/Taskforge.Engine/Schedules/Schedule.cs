using System.Globalization;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// A schedule (vRO "task"): a workflow with inputs, when to run it, and the user it runs as. <see cref="Cycle"/> is a
/// vRO recurrence cycle (wire form) or <c>cron</c>; <see cref="Pattern"/> is kept byte for byte as the client sent it.
/// <see cref="NextFireAt"/> is when the timer will fire next, for the occurrence <see cref="NextSlotAt"/> (they differ
/// for a catch-up fire); <see cref="LastSlotAt"/> is the last occurrence that fired. <see cref="Inputs"/> holds the values
/// the client gave, typed, and nothing else: the workflow's defaults apply when a run starts, so a changed default reaches
/// the next run. <see cref="Parameters"/> (the input parameters as the client listed them, to echo back) and
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
    long Version)
{
    /// <summary>
    /// What vRO calls the task's running instance, the same on every read: the run it started while that run is active,
    /// else <c>{id}@{slot}</c> naming its next fire by the occurrence's UTC instant (<c>yyyyMMddTHHmmss.fffZ</c>), or, for a
    /// task with none to come (suspended, finished, in error), its last fire. Null only for a task that has neither (created
    /// suspended and never fired).
    /// </summary>
    public string? InstanceId => RunningRunId ?? ((NextSlotAt ?? LastSlotAt) is { } slot ? FireId(Id, slot) : null);

    /// <summary>The id of a schedule's fire of one occurrence (the key its fire is recorded under).</summary>
    public static string FireId(string scheduleId, DateTimeOffset slot) =>
        scheduleId + "@" + slot.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
}
