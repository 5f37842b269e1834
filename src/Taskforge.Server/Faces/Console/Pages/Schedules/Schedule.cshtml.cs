using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Faces.Console.Schedules;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Schedules;

/// <summary>
/// A schedule: what it runs and when, its next fires (DST changes marked), pause with a reason, resume, delete, and its
/// fire history with the engine's reason for every slot, a page at a time (<c>?before=</c> the last slot shown, in Unix
/// milliseconds). What the person may do is the engine's <see cref="ScheduleRights"/>; the engine checks again on every post.
/// </summary>
public sealed class ScheduleModel(ScheduleService schedules, WorkflowService workflows, IOptions<ScheduleOptions> options) : PageModel
{
    private const int FiresPerPage = 25;

    public Schedule Schedule { get; private set; } = null!;

    public ScheduleTiming? Timing { get; private set; }

    public ScheduleRights Rights { get; private set; }

    public WorkflowView? Workflow { get; private set; }

    public SchedulePreviewView Preview { get; private set; } = SchedulePreviewView.None;

    public FirePage Fires { get; private set; } = new([], null);

    public DateTimeOffset? Before { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    public FieldErrors Errors { get; private set; } = FieldErrors.None;

    [BindProperty]
    public string? Reason { get; set; }

    public static string PagePath(string id) => "/schedules/" + Uri.EscapeDataString(id);

    public async Task OnGetAsync(string id, long? before, CancellationToken ct) => await LoadAsync(id, before, ct);

    public Task<IActionResult> OnPostPauseAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, new ScheduleRequest { State = ScheduleState.Suspended, PauseReason = Reason?.Trim() is { Length: > 0 } reason ? reason : null },
            null, ct);

    public Task<IActionResult> OnPostResumeAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, new ScheduleRequest { State = ScheduleState.Pending }, "Resumed.", ct);

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        try
        {
            var schedule = await schedules.GetAsync(HttpContext.Caller(), id, ct);
            await schedules.DeleteAsync(HttpContext.Caller(), id, ct);
            Notice = $"Deleted “{schedule.Name}”. The runs it started stay.";
            return Redirect("/schedules");
        }
        catch (TaskforgeException refused) when (refused is not NotFoundException)
        {
            return await RefusedAsync(id, refused, ct);
        }
    }

    private async Task<IActionResult> ChangeAsync(string id, ScheduleRequest change, string? done, CancellationToken ct)
    {
        try
        {
            await schedules.UpdateAsync(HttpContext.Caller(), id, change, ct);
        }
        catch (TaskforgeException refused) when (refused is not NotFoundException)
        {
            return await RefusedAsync(id, refused, ct);
        }

        Notice = done; // None after a pause: the page says it is paused, and why.
        return Redirect(PagePath(id));
    }

    private async Task<IActionResult> RefusedAsync(string id, TaskforgeException refused, CancellationToken ct)
    {
        await LoadAsync(id, null, ct);
        (Errors, Problem, Response.StatusCode) = Refusal.Of(refused);
        Problem = Errors.Any ? string.Join(" ", Errors.Others()) : Problem;
        return Page();
    }

    private async Task LoadAsync(string id, long? before, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Schedule = await schedules.GetAsync(caller, id, ct);
        Rights = ScheduleRights.For(caller, Schedule);
        Timing = ScheduleRow.TimingOf(Schedule, ScheduleZones.Default(options.Value));
        try
        {
            Workflow = await workflows.GetAsync(caller, Schedule.WorkflowId, null, ct);
        }
        catch (Exception ex) when (ex is NotFoundException or AccessDeniedException)
        {
            Workflow = null; // Gone, or not for this person's eyes: the page names it by id.
        }

        if (Timing is not null && Schedule.State is not (ScheduleState.Finished or ScheduleState.Canceled))
        {
            Preview = new SchedulePreviewView((await schedules.PreviewAsync(caller, id, SchedulePreviewView.Count, ct)).Preview, []);
        }

        Before = before is { } ms && ms > 0 && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        Fires = await schedules.FiresAsync(caller, id, FiresPerPage, ct, Before);
    }

    public static string Cursor(DateTimeOffset slot) => slot.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
