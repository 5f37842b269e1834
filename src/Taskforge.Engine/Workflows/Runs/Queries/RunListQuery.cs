namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// A runs list as the store reads it: the filter, and the workflows whose runs the caller may see (null: every run, for
/// administrators and monitors). <see cref="RunFilter.Limit"/> rows at most.
/// </summary>
public sealed record RunListQuery(RunFilter Filter, IReadOnlyList<string>? VisibleWorkflows);
