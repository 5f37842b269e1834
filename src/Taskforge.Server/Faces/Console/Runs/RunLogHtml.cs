using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Server.Faces.Console.Runs;

/// <summary>
/// A run's log lines as the <c>&lt;li&gt;</c> rows of its page's log, the same for the page and for the rows its script
/// appends (<see cref="RunLogFragment"/>). Every text is encoded here: a log holds whatever a script wrote.
/// </summary>
public static class RunLogHtml
{
    public static string Rows(IEnumerable<RunLogLine> lines)
    {
        var html = new StringBuilder();
        foreach (var line in lines)
        {
            Row(html, line);
        }

        return html.ToString();
    }

    private static void Row(StringBuilder html, RunLogLine line)
    {
        var e = HtmlEncoder.Default;
        var utc = line.Time.UtcDateTime;
        var severity = line.Severity.ToLowerInvariant();
        html.Append(CultureInfo.InvariantCulture, $"<li id=\"log-{line.Seq}\" class=\"sev-{e.Encode(severity)}\">")
            .Append(CultureInfo.InvariantCulture, $"<time class=\"time\" datetime=\"{utc:yyyy-MM-ddTHH:mm:ss.fffZ}\" data-clock title=\"{utc:yyyy-MM-dd HH:mm:ss.fff} UTC\">{utc:HH:mm:ss}</time>")
            .Append(CultureInfo.InvariantCulture, $"<span class=\"sev\">{e.Encode(severity)}</span>")
            .Append(CultureInfo.InvariantCulture, $"<span class=\"origin\">{e.Encode(line.User is null ? line.Origin : line.Origin + " · " + line.User)}</span>")
            .Append(CultureInfo.InvariantCulture, $"<span class=\"msg\">{e.Encode(line.Message)}</span>")
            .Append("</li>\n");
    }
}
