using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;
using Taskforge.Server.Faces.Console.Runs;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Runs;

/// <summary>
/// One run: its state and facts, inputs and outputs (secure strings masked by the engine, never sent), the step timeline,
/// the runs and human tasks tied to it, and its log, tailed by the page's script while the run goes on. Cancel is offered
/// when the engine says this person may cancel it now (<see cref="RunDetail.CanCancel"/>). A run of a workflow the person
/// may not view does not exist (404).
/// </summary>
public sealed class RunModel(RunQueries queries, RunService runs, TimeProvider time) : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    [TempData]
    public string? Problem { get; set; }

    public RunDetail Detail { get; private set; } = null!;

    public RunLogTail Log { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    public static string PagePath(string id) => "/runs/" + Uri.EscapeDataString(id);

    public async Task OnGetAsync(string id, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Detail = await queries.GetAsync(caller, id, ct);
        Log = await RunLogTail.ReadAsync(queries, caller, id, ct);
        Now = time.GetUtcNow();
    }

    public async Task<IActionResult> OnPostCancelAsync(string id, CancellationToken ct)
    {
        try
        {
            var before = await runs.CancelAsync(HttpContext.Caller(), id, ct);
            Notice = RunStates.IsFinal(before.State)
                ? $"The run had already ended ({ConsoleFormat.RunStateLabel(before.State).ToLowerInvariant()}); nothing was canceled."
                : "Cancel asked for. The run stops at its next step boundary; a step that waits stops now.";
        }
        catch (TaskforgeException refused) when (refused is not NotFoundException)
        {
            Problem = refused.Message;
        }

        return Redirect(PagePath(id));
    }
}
