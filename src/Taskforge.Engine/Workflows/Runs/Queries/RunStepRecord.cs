namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// A step of a run that ended, as its checkpoint recorded it: which, when it began and ended, and the run's state after
/// it (<see cref="RunState.Running"/>: the run went on). <see cref="Seq"/> orders a run's steps; a step that ran twice
/// (a loop) has a row each time.
/// </summary>
public sealed record RunStepRecord(int Seq, string StepId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, RunState Outcome);
