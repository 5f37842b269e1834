using Microsoft.AspNetCore.Html;
using Taskforge.Engine.Schedules;

namespace Taskforge.Server.Faces.Console.Schedules;

/// <summary>A fired slot's outcome as a badge; the sentence saying why is the engine's (<see cref="FireReasons"/>).</summary>
public static class FireText
{
    public static string Label(ScheduleFire fire) => fire.Outcome switch
    {
        FireOutcome.Started when fire.Facts.Misfire is not null => "Caught up",
        FireOutcome.Started => "Fired",
        FireOutcome.SkippedOverlap => "Skipped: overlap",
        FireOutcome.SkippedMisfire => "Skipped: misfire",
        FireOutcome.Refused => "Refused",
        _ => "Dropped",
    };

    public static IHtmlContent Badge(ScheduleFire fire) =>
        new HtmlString($"<span class=\"badge badge-fire-{FireOutcomes.ToWire(fire.Outcome)}\">{Label(fire)}</span>");
}
