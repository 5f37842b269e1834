using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// A step on a run's timeline: one that ended (<see cref="Seq"/>, <see cref="EndedAt"/> and <see cref="Outcome"/> set),
/// or the step the run is in now (they are null, and <see cref="StartedAt"/> is null before the step first ran). The
/// name and kind come from the run's revision of its workflow (null when that revision is gone).
/// </summary>
public sealed record RunStepView(int? Seq, string StepId, string? Name, StepKind? Kind, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, RunState? Outcome)
{
    public TimeSpan? Duration => EndedAt - StartedAt;
}
