using System.Globalization;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Native;

/// <summary>
/// One fired slot: what it did (<c>outcome</c>: started, skipped-misfire, skipped-overlap, refused), why in a sentence
/// (<c>reason</c>), and the data behind it: the lag (fired − slot), the run it started and that run's state, the misfire
/// policy and first missed slot of a late fire, the run still going when an overlap skipped it, a refusal's code and error.
/// </summary>
public sealed record FireDto(
    DateTimeOffset Slot, DateTimeOffset FiredAt, string Outcome, string Reason, long LagMs, string? RunId, string? RunState, string? Misfire,
    DateTimeOffset? MissedFrom, string? ActiveRunId, string? Refusal, string? Error, string Node)
{
    public static FireDto From(FireView view)
    {
        var (fire, facts) = (view.Fire, view.Fire.Facts);
        return new FireDto(fire.Slot, fire.FiredAt, FireOutcomes.ToWire(fire.Outcome), view.Reason, (long)fire.Lag.TotalMilliseconds, fire.RunId,
            view.Run is { } run ? RunStates.ToWire(run.State) : null, facts.Misfire, facts.MissedFrom, facts.ActiveRunId,
            facts.Refusal is { } refusal ? FireRefusals.ToWire(refusal) : null, facts.Error, fire.Node);
    }
}

/// <summary><c>/api/v1/schedules/{id}/fires</c>: a schedule's fire history, newest first, with a reason for every slot.</summary>
public static class ScheduleFiresApi
{
    public static RouteGroupBuilder MapScheduleFires(this RouteGroupBuilder schedules)
    {
        schedules.MapGet("/{id}/fires", async (HttpContext context, ScheduleService service, string id, string? cursor, int? limit) =>
        {
            var page = await service.FiresAsync(context.Caller(), id, limit ?? 50, context.RequestAborted, ReadCursor(cursor));
            return TypedResults.Ok(new KeysetPage<FireDto>([.. page.Items.Select(FireDto.From)], page.Next is { } next
                ? next.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : null));
        })
        .WithName("ListScheduleFires")
        .WithSummary("The schedule's fired slots, newest first (limit 1–10000, default 50; cursor from the previous page's next), each with its outcome, a reason and the data behind it.");

        return schedules;
    }

    // A fires cursor is the slot (Unix milliseconds) of the last fire on the previous page.
    private static DateTimeOffset? ReadCursor(string? cursor) =>
        cursor is null ? null
        : long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new ValidationException("cursor", "is not a cursor this list gave; pass the next of the previous page as it was.");
}
