using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Schedules;

/// <summary>One schedule in the list: the schedule, its timing as the engine reads it (null if it no longer reads), and its workflow if the caller may see it.</summary>
public sealed record ScheduleRow(Schedule Schedule, ScheduleTiming? Timing, WorkflowView? Workflow);

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
                .Select(s => new ScheduleRow(s, TimingOf(s, zone), visible.GetValueOrDefault(s.WorkflowId))),
        ];
    }

    /// <summary>The timing as the engine reads it; null for one stored before a rule tightened (the list still shows it).</summary>
    public static ScheduleTiming? TimingOf(Schedule schedule, TimeZoneInfo defaultZone)
    {
        try
        {
            return ScheduleTiming.For(schedule, defaultZone);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
