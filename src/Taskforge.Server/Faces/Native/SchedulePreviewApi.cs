using System.Globalization;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Native;

/// <summary>
/// One upcoming fire: the instant (<c>utc</c>), the zone's clock then (<c>local</c> with its offset, also apart as
/// <c>wallTime</c> and <c>offset</c>), and how DST touches it: <c>mark</c> <c>gap</c> (the local time named does not exist
/// that day; it fires at the end of the gap), <c>overlap</c> (the local time happens twice) or <c>none</c>, with a
/// <c>note</c> in a sentence. <c>slot</c> is the occurrence it stands for, earlier than <c>utc</c> for a <c>catchUp</c>.
/// </summary>
public sealed record FirePreviewDto(
    DateTimeOffset Utc, DateTimeOffset Local, string WallTime, string Offset, string Mark, string? Note, DateTimeOffset Slot, bool CatchUp)
{
    public static FirePreviewDto From(PreviewedFire fire) => new(fire.Utc, fire.Local, SchedulePreviewApi.Wall(fire.Local.DateTime),
        SchedulePreviewApi.OffsetText(fire.Offset), DstMarks.ToWire(fire.Mark), fire.Note, fire.Slot, fire.CatchUp);
}

/// <summary>A DST change between now and the last previewed fire: <c>kind</c> <c>gap</c> (clocks forward) or <c>overlap</c> (back).</summary>
public sealed record ClockChangeDto(DateTimeOffset At, string Kind, string LocalBefore, string LocalAfter, string OffsetBefore, string OffsetAfter, string Note)
{
    public static ClockChangeDto From(ClockChange change) => new(change.At, DstMarks.ToWire(change.Kind), SchedulePreviewApi.Wall(change.LocalBefore),
        SchedulePreviewApi.Wall(change.LocalAfter), SchedulePreviewApi.OffsetText(change.OffsetBefore), SchedulePreviewApi.OffsetText(change.OffsetAfter), change.Note);
}

/// <summary>The next fires of a schedule in its zone, and the DST changes on the way.</summary>
public sealed record SchedulePreviewDto(string TimeZone, IReadOnlyList<FirePreviewDto> Fires, IReadOnlyList<ClockChangeDto> Transitions)
{
    public static SchedulePreviewDto From(FirePreview preview) =>
        new(preview.Zone.Id, [.. preview.Fires.Select(FirePreviewDto.From)], [.. preview.Changes.Select(ClockChangeDto.From)]);
}

/// <summary>
/// Previews of a schedule's next fires with DST changes marked: of a saved schedule, and of a draft (the body of a
/// create, not saved), which a form asks for as a person types.
/// </summary>
public static class SchedulePreviewApi
{
    public static RouteGroupBuilder MapSchedulePreviews(this RouteGroupBuilder schedules)
    {
        schedules.MapGet("/{id}/preview", async (HttpContext context, ScheduleService service, string id, int? count) =>
            TypedResults.Ok(SchedulePreviewDto.From((await service.PreviewAsync(context.Caller(), id, count ?? 10, context.RequestAborted)).Preview)))
            .WithName("PreviewSchedule")
            .WithSummary("The next fires of a saved schedule (count 1–1000, default 10) in UTC and local time, DST gaps and overlaps marked.");

        schedules.MapPost("/preview", (HttpContext context, ScheduleService service, ScheduleBody body, int? count) =>
            TypedResults.Ok(SchedulePreviewDto.From(service.PreviewDraft(context.Caller(), body.ToRequest(), count ?? 10))))
            .WithName("PreviewScheduleDraft")
            .WithSummary("The next fires of a schedule not saved yet (the body of a create; start defaults to now), DST gaps and overlaps marked. Saves nothing.");

        return schedules;
    }

    internal static string Wall(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    internal static string OffsetText(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
