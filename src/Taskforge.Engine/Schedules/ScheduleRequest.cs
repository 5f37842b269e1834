using System.Text.Json.Nodes;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// A schedule as a face read it from the wire: on create every required field must be there; on update a null field
/// means "unchanged" (vRO clients send partial bodies). <see cref="RejectedInputs"/> are inputs the face could not
/// decode, reported with every other problem. <see cref="Parameters"/> is the JSON array to echo back.
/// </summary>
public sealed record ScheduleRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? WorkflowId { get; init; }
    public IReadOnlyDictionary<string, JsonNode?>? Inputs { get; init; }
    public IReadOnlyDictionary<string, string>? RejectedInputs { get; init; }
    public string? Parameters { get; init; }
    public string? Cycle { get; init; }
    public string? Pattern { get; init; }
    public string? Cron { get; init; }
    public string? TimeZone { get; init; }
    public DateTimeOffset? StartAt { get; init; }
    public DateTimeOffset? EndAt { get; init; }
    public StartMode? StartMode { get; init; }
    public string? Misfire { get; init; }
    public string? Overlap { get; init; }
    public ScheduleState? State { get; init; }
    public string? PauseReason { get; init; }
}
