using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.Schedules;

/// <summary>A fired slot as people read it: the record, the run it started (null when none, or deleted since) and why (<see cref="FireReasons"/>).</summary>
public sealed record FireView(ScheduleFire Fire, Run? Run, string Reason);
