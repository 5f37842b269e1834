using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Console.Schedules;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Schedules;

/// <summary>
/// The schedules this person may see (the engine filters by their rights), vRO tasks and native schedules alike, with
/// the next fire, the zone, the state and why a paused one is paused. Ordered by name.
/// </summary>
public sealed class IndexModel(ScheduleService schedules, WorkflowService workflows, IOptions<ScheduleOptions> options) : PageModel
{
    public IReadOnlyList<ScheduleRow> Rows { get; private set; } = [];

    /// <summary>Whether the person may run some workflow, and so schedule one (the engine checks again on save).</summary>
    public bool MayCreate { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        var visible = (await workflows.ListAsync(caller, ct)).ToDictionary(w => w.Definition.Id, StringComparer.Ordinal);
        MayCreate = visible.Values.Any(w => w.Rights.CanExecute);
        var zone = ScheduleZones.Default(options.Value);
        Rows =
        [
            .. (await schedules.ListAsync(caller, null, ct))
                .OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => new ScheduleRow(s, ScheduleRow.TimingOf(s, zone), visible.GetValueOrDefault(s.WorkflowId))),
        ];
    }
}
