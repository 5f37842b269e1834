using Taskforge.Engine.Operations;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Native;

/// <summary>Runs created in the window by their state now (keys are the wire names of every state).</summary>
public sealed record RunCountsDto(int Total, IReadOnlyDictionary<string, int> ByState);

/// <summary>Slots fired in the window by outcome, and the lag (fired − slot) of those that started a run: p50/p99 over the newest <c>lagSample</c>.</summary>
public sealed record FireStatsDto(int Total, IReadOnlyDictionary<string, int> ByOutcome, long? LagP50Ms, long? LagP99Ms, int LagSample);

/// <summary>Human tasks waiting [<c>fromMs</c>, <c>toMs</c>) since they became ready; no <c>toMs</c>: longer.</summary>
public sealed record AgeBucketDto(string Label, long FromMs, long? ToMs, int Count);

/// <summary>Human tasks waiting to be claimed (READY) now, in all and by age.</summary>
public sealed record WaitingTasksDto(int Total, IReadOnlyList<AgeBucketDto> ByAge);

/// <summary>The operations overview: the last hour's runs and fires, the tasks waiting now, the latest failed runs.</summary>
public sealed record OverviewDto(DateTimeOffset Since, DateTimeOffset Until, RunCountsDto Runs, FireStatsDto Fires, WaitingTasksDto TasksWaiting, IReadOnlyList<RunSummaryDto> FailedRuns)
{
    public static OverviewDto From(Overview o) => new(o.Since, o.Until,
        new RunCountsDto(o.Runs.Total, o.Runs.ByState.ToDictionary(s => RunStates.ToWire(s.Key), s => s.Value)),
        new FireStatsDto(o.Fires.Total, o.Fires.ByOutcome.ToDictionary(f => FireOutcomes.ToWire(f.Key), f => f.Value), Milliseconds(o.Fires.LagP50), Milliseconds(o.Fires.LagP99),
            o.Fires.LagSample),
        new WaitingTasksDto(o.Tasks.Total, [.. o.Tasks.ByAge.Select(b => new AgeBucketDto(b.Label, (long)b.From.TotalMilliseconds, Milliseconds(b.To), b.Count))]),
        [.. o.FailedRuns.Select(RunSummaryDto.From)]);

    private static long? Milliseconds(TimeSpan? span) => span is { } s ? (long)s.TotalMilliseconds : null;
}

/// <summary><c>/api/v1/overview</c>: an operator's home page in one request.</summary>
public static class OverviewApi
{
    public static RouteGroupBuilder MapOverview(this RouteGroupBuilder api)
    {
        api.MapGet("/overview", async (HttpContext context, OverviewService service) =>
            TypedResults.Ok(OverviewDto.From(await service.GetAsync(context.Caller(), context.RequestAborted))))
            .WithTags("Overview")
            .WithName("GetOverview")
            .WithSummary("For administrators and monitors: runs created in the last hour by state, schedule fires in the last hour by outcome with lag p50/p99, human tasks waiting (READY) by age, the latest failed runs.");
        return api;
    }
}
