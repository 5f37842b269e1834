using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Server.Faces.Native;

/// <summary>An input or output: its value as JSON, or <c>masked</c> (and no value) for a secure string.</summary>
public sealed record RunValueDto(string Name, string Type, JsonNode? Value, bool Masked);

/// <summary>
/// A step on a run's timeline: one that ended has <c>seq</c>, <c>endedAt</c>, <c>durationMs</c> and <c>outcome</c> (the run's
/// state after it: <c>running</c> when the run went on); the step the run is in now has none of them.
/// </summary>
public sealed record RunStepDto(int? Seq, string Step, string? Name, string? Kind, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, long? DurationMs, string? Outcome);

/// <summary>A human task tied to a run: <c>link</c> <c>created</c> (by its task step) or <c>invoking</c> (the task that started it); <c>state</c> IBM's name.</summary>
public sealed record LinkedTaskDto(string Id, string Name, string State, string Link, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>A run's page: the run, its values, its timeline, the runs it started and the human tasks tied to it; <c>canCancel</c> for the caller, now.</summary>
public sealed record RunDetailDto(
    string Id, string Workflow, string? WorkflowName, int Revision, string State, string StartedBy, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt,
    long? DurationMs, string? CurrentStep, string? Error, string? Fault, bool CancelRequested, bool CanCancel, string? ParentRunId, string? TaskId,
    IReadOnlyList<RunValueDto> Inputs, IReadOnlyList<RunValueDto> Outputs, IReadOnlyList<RunStepDto> Steps, IReadOnlyList<RunSummaryDto> Children,
    IReadOnlyList<LinkedTaskDto> Tasks)
{
    public static RunDetailDto From(RunDetail detail)
    {
        var run = detail.Run;
        return new RunDetailDto(run.Id, run.WorkflowId, detail.Definition?.Name, run.WorkflowRevision, RunStates.ToWire(run.State), run.StartedBy, run.CreatedAt,
            run.EndedAt, Milliseconds(run.EndedAt - run.CreatedAt), run.CurrentStep, run.Error, run.Fault, run.CancelRequested, detail.CanCancel, run.ParentRunId,
            run.TaskId, [.. detail.Inputs.Select(Value)], [.. detail.Outputs.Select(Value)],
            [.. detail.Steps.Select(s => new RunStepDto(s.Seq, s.StepId, s.Name, s.Kind?.ToString().ToLowerInvariant(), s.StartedAt, s.EndedAt, Milliseconds(s.Duration),
                s.Outcome is { } outcome ? RunStates.ToWire(outcome) : null))],
            [.. detail.Children.Select(RunSummaryDto.From)],
            [.. detail.Tasks.Select(t => new LinkedTaskDto(t.Id, t.Name, TaskStates.ToIbm(t.State), t.Link.ToString().ToLowerInvariant(), t.CreatedAt, t.CompletedAt))]);
    }

    private static RunValueDto Value(RunValue value) => new(value.Name, value.Type.ToString(), value.Value, value.Masked);

    private static long? Milliseconds(TimeSpan? span) => span is { } s ? (long)s.TotalMilliseconds : null;
}

/// <summary>A line of a run's log; <c>seq</c> numbers it from 1.</summary>
public sealed record RunLogLineDto(long Seq, DateTimeOffset Time, string Severity, string Origin, string Message, string? User);

/// <summary>Log lines after <c>after</c>, oldest first; ask again with <c>after=next</c> until <c>state</c> is final.</summary>
public sealed record RunLogPageDto(IReadOnlyList<RunLogLineDto> Items, long Next, string State)
{
    public static RunLogPageDto From(RunLogPage page) => new(
        [.. page.Lines.Select(l => new RunLogLineDto(l.Seq, l.Time, l.Severity, l.Origin, l.Message, l.User))], page.Next, RunStates.ToWire(page.State));
}
