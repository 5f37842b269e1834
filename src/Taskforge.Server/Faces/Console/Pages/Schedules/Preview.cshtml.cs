using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Schedules;
using Taskforge.Server.Faces.Console.Schedules;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Schedules;

/// <summary>
/// The schedule form's preview as an HTML fragment, for the console's script to fetch while a person types: the next
/// fires of the timing in the query (the form's own field names), from <c>ScheduleService.PreviewDraft</c>, which reads
/// and stores nothing. A timing the engine refuses answers 400 with its problems, as a fragment too.
/// </summary>
public sealed class PreviewModel(ScheduleService schedules) : PageModel
{
    public SchedulePreviewView View { get; private set; } = SchedulePreviewView.None;

    public void OnGet()
    {
        View = SchedulePreviewView.Draft(schedules, HttpContext.Caller(), ScheduleForm.Read(name => Request.Query[name]));
        Response.Headers.CacheControl = "no-store";
        if (View.Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
