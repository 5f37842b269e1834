using System.Globalization;
using Microsoft.AspNetCore.Html;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Server.Faces.Console.Runs;

/// <summary>
/// A step's place in its run drawn as a bar: where it began and how long it took, on the scale of the whole run (created
/// to ended, or to now while it goes on), so the slow step stands out. SVG drawn on the server with CSS classes for the
/// colours; the page's CSP allows no inline style.
/// </summary>
public static class StepBars
{
    private const double Width = 1000;

    // A step of a few milliseconds in an hour-long run still shows as a sliver.
    private const double MinWidth = 3;

    public static IHtmlContent Bar(RunStepView step, DateTimeOffset runStart, DateTimeOffset runEnd, DateTimeOffset now)
    {
        if (step.StartedAt is not { } started)
        {
            return new HtmlString("<span class=\"secondary\">not started</span>");
        }

        var span = Math.Max(1, (runEnd - runStart).TotalMilliseconds);
        var ended = step.EndedAt ?? now;
        var x = Math.Clamp((started - runStart).TotalMilliseconds / span * Width, 0, Width - MinWidth);
        var width = Math.Clamp((ended - started).TotalMilliseconds / span * Width, MinWidth, Width - x);
        var kind = step.EndedAt is null ? "bar-now" : step.Outcome is RunState.Failed ? "bar-failed" : step.Outcome is RunState.Canceled ? "bar-canceled" : "bar-done";
        return new HtmlString(string.Create(CultureInfo.InvariantCulture,
            $"<svg class=\"bar\" viewBox=\"0 0 {Width} 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
            + $"<rect class=\"bar-track\" width=\"{Width}\" height=\"10\"/><rect class=\"{kind}\" x=\"{x:0.#}\" width=\"{width:0.#}\" height=\"10\"/></svg>"));
    }
}
