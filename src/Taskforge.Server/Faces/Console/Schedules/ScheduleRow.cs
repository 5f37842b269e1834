using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Faces.Console.Schedules;

/// <summary>One schedule as the console shows it: the schedule, its timing as the engine reads it (null if it no longer reads), and its workflow if the caller may see it.</summary>
public sealed record ScheduleRow(Schedule Schedule, ScheduleTiming? Timing, WorkflowView? Workflow)
{
    /// <summary>The timing as the engine reads it; null for one stored before a rule tightened (the pages still show it).</summary>
    public static ScheduleTiming? TimingOf(Schedule schedule, TimeZoneInfo defaultZone)
    {
        try
        {
            return ScheduleTiming.For(schedule, defaultZone);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
