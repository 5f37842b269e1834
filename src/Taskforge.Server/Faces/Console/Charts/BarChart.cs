using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Taskforge.Server.Faces.Console.Charts;

/// <summary>
/// Counts as horizontal bars: a list whose rows are a label and its number over an SVG bar scaled to the largest count. The
/// words and numbers stay HTML (readable at any width, by screen readers too); only the bars are SVG, coloured by CSS
/// classes so light and dark mode both hold (the console's CSP allows no inline style).
/// </summary>
public static class BarChart
{
    private const double Width = 100;

    public static IHtmlContent Of(string label, IReadOnlyList<ChartBar> bars)
    {
        var e = HtmlEncoder.Default;
        var max = Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var html = new StringBuilder($"<ul class=\"chart\" aria-label=\"{e.Encode(label)}\">");
        foreach (var bar in bars)
        {
            // A zero stays a hairline, so an empty row still reads as a row of the chart.
            var width = bar.Value == 0 ? 0.5 : Math.Max(1.5, bar.Value * Width / max);
            var name = bar.Href is null
                ? $"<span class=\"chart-label\">{e.Encode(bar.Label)}</span>"
                : $"<a class=\"chart-label\" href=\"{e.Encode(bar.Href)}\">{e.Encode(bar.Label)}</a>";
            html.Append(CultureInfo.InvariantCulture,
                $"<li{(bar.Value == 0 ? " class=\"chart-zero\"" : "")}>{name}"
                + $"<span class=\"chart-value\">{bar.Value.ToString("N0", CultureInfo.InvariantCulture)}</span>"
                + $"<svg class=\"chart-bar\" viewBox=\"0 0 {Width} 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
                + $"<rect class=\"chart-track\" width=\"{Width}\" height=\"10\"/><rect class=\"fill-{e.Encode(bar.Kind)}\" width=\"{width:0.##}\" height=\"10\"/></svg></li>");
        }

        return new HtmlString(html.Append("</ul>").ToString());
    }
}
