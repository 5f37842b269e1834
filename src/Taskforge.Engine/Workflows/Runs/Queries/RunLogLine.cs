namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>A line of a run's log with its number (<see cref="Seq"/>, from 1 in the order written), which a reader tailing the log asks after.</summary>
public sealed record RunLogLine(long Seq, DateTimeOffset Time, string Severity, string Origin, string Message, string? User);
