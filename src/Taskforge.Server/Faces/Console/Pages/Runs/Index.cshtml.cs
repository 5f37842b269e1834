using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Runs;

/// <summary>
/// Every run this person may see, newest first, narrowed by workflow, state, who started it and when; paged by the
/// engine's cursor, so the hundredth page costs what the first does (1,000,000 runs: docs/benchmarks.md).
/// </summary>
public sealed class IndexModel(RunQueries runs, WorkflowService workflows) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Workflow { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? StartedBy { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public RunPage Results { get; private set; } = new([], null);

    public IReadOnlyList<WorkflowView> Workflows { get; private set; } = [];

    public string? Problem { get; private set; }

    public bool Filtered => Workflow is not null || State is not null || StartedBy is not null || From is not null || To is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Workflows = [.. (await workflows.ListAsync(caller, ct)).OrderBy(w => w.Definition.Name, StringComparer.CurrentCultureIgnoreCase)];
        RunState? state = RunStates.TryFromWire(State, out var s) ? s : null;
        var filter = new RunFilter(
            NullIfEmpty(Workflow), state, NullIfEmpty(StartedBy), Instant(From), Instant(To), RunCursor.TryParse(Cursor, out var c) ? c : null);
        try
        {
            Results = await runs.ListAsync(caller, filter, ct);
        }
        catch (TaskforgeException refused)
        {
            Problem = refused is NotFoundException ? "There is no such workflow that you may see." : refused.Message;
            Response.StatusCode = refused is NotFoundException ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>The next (older) page's address: these filters, after the cursor.</summary>
    public string NextLink(RunCursor next) => QueryHelpers.AddQueryString("/runs", new Dictionary<string, string?>
    {
        ["workflow"] = Workflow, ["state"] = State, ["startedBy"] = StartedBy, ["from"] = From, ["to"] = To, ["cursor"] = next.ToString(),
    }.Where(p => !string.IsNullOrWhiteSpace(p.Value)));

    // The filter's times come from datetime-local inputs in UTC (the console's script turns the person's local time into UTC).
    private static DateTimeOffset? Instant(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero)
            : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
