using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Runs;

/// <summary>
/// Every run this person may see, newest first, narrowed by workflow, state, who started it and when; paged by the
/// engine's cursor, so the hundredth page costs what the first does (1,000,000 runs: docs/benchmarks.md). A filter
/// that cannot be read is said so beside its field, never silently dropped (the list would then show more than asked).
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

    public FieldErrors Errors { get; private set; } = new(null);

    public bool Filtered => new[] { Workflow, State, StartedBy, From, To }.Any(v => !string.IsNullOrWhiteSpace(v));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Workflows = [.. (await workflows.ListAsync(caller, ct)).OrderBy(w => w.Definition.Name, StringComparer.CurrentCultureIgnoreCase)];
        try
        {
            Results = await runs.ListAsync(caller, Filter(), ct);
        }
        catch (TaskforgeException refused)
        {
            var refusal = Refusal.Of(refused);
            var others = refusal.Errors.Others("state", "from", "to").Select(FormInputs.Sentence).ToList();
            Errors = refusal.Errors;
            Problem = refused is NotFoundException ? "There is no such workflow that you may see."
                : others.Count > 0 ? string.Join(" ", others) : refusal.Problem;
            Response.StatusCode = refusal.Status;
        }

        return Page();
    }

    /// <summary>The next (older) page's address: these filters, after the cursor.</summary>
    public string NextLink(RunCursor next) => QueryHelpers.AddQueryString("/runs", new Dictionary<string, string?>
    {
        ["workflow"] = Workflow, ["state"] = State, ["startedBy"] = StartedBy, ["from"] = From, ["to"] = To, ["cursor"] = next.ToString(),
    }.Where(p => !string.IsNullOrWhiteSpace(p.Value)));

    private RunFilter Filter()
    {
        var errors = new ValidationErrors();
        RunState? state = null;
        if (!string.IsNullOrWhiteSpace(State))
        {
            if (RunStates.TryFromWire(State, out var s))
            {
                state = s;
            }
            else
            {
                errors.Add("state", "is not a run state; pick one from the list.");
            }
        }

        RunCursor? after = null;
        if (!string.IsNullOrWhiteSpace(Cursor))
        {
            if (RunCursor.TryParse(Cursor, out var c))
            {
                after = c;
            }
            else
            {
                errors.Add("page", "is not one this list gave; start again from the newest.");
            }
        }

        var from = Instant(From, "from", errors);
        var to = Instant(To, "to", errors);
        errors.ThrowIfAny();
        return new RunFilter(NullIfEmpty(Workflow), state, NullIfEmpty(StartedBy), from, to, after);
    }

    // The filter's times come from datetime-local inputs in UTC (the console's script turns the person's local time into UTC).
    private static DateTimeOffset? Instant(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
        {
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }

        errors.Add(field, "is not a date and time; use the picker, or write it as 2026-03-01T09:30.");
        return null;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
