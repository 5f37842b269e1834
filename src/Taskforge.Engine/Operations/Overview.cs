using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Engine.Operations;

/// <summary>
/// What an operator's home page shows: in the window [<see cref="Since"/>, <see cref="Until"/>) (the last hour) the runs by
/// state and the schedule fires with their lag; now, the human tasks waiting by age; and the latest failed runs.
/// </summary>
public sealed record Overview(
    DateTimeOffset Since, DateTimeOffset Until, RunCounts Runs, FireStats Fires, WaitingTasks Tasks, IReadOnlyList<RunListItem> FailedRuns);
