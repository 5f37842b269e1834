using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Operations;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Server.Faces.Console.Charts;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages;

/// <summary>
/// An operator's home page, for administrators and monitors: the last hour's runs by state and schedule fires with
/// their lag, the human tasks waiting by age, and the failed runs to look at. The engine refuses everyone else (403).
/// </summary>
public sealed class OverviewModel(OverviewService overview) : PageModel
{
    public Overview Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Data = await overview.GetAsync(HttpContext.Caller(), ct);

    /// <summary>Runs by state, each bar leading to the runs list in that state over the same hour.</summary>
    public IReadOnlyList<ChartBar> RunBars() =>
        [.. Data.Runs.ByState.Select(s => new ChartBar(ConsoleFormat.RunStateLabel(s.Key), s.Value, "run-" + RunStates.ToWire(s.Key),
            $"/runs?state={RunStates.ToWire(s.Key)}&from={Data.Since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)}"))];

    public IReadOnlyList<ChartBar> FireBars() =>
        [.. Data.Fires.ByOutcome.Select(f => new ChartBar(FireLabel(f.Key), f.Value, "fire-" + FireOutcomes.ToWire(f.Key)))];

    public IReadOnlyList<ChartBar> TaskBars() =>
        [.. Data.Tasks.ByAge.Select((b, i) => new ChartBar(b.Label, b.Count, "age-" + i.ToString(CultureInfo.InvariantCulture)))];

    private static string FireLabel(FireOutcome outcome) => outcome switch
    {
        FireOutcome.Started => "Started a run",
        FireOutcome.SkippedMisfire => "Skipped: too late",
        FireOutcome.SkippedOverlap => "Skipped: still running",
        FireOutcome.Refused => "Refused",
        _ => outcome.ToString(),
    };
}
