using System.Text.Json.Nodes;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Native;

/// <summary>
/// A schedule as the native API takes it: a vRO cycle and pattern, or a cron expression (5 or 6 fields) with an IANA
/// time zone; a misfire policy (<c>skip</c>, <c>fire-once</c>, <c>fire-all:PT1H</c>); an overlap policy (<c>allow</c>,
/// <c>skip</c> while the previous run is active); inputs as plain JSON values. On PATCH, absent fields stay.
/// </summary>
public sealed record ScheduleBody(
    string? Name, string? Description, string? Workflow, JsonObject? Inputs, string? Cycle, string? Pattern, string? Cron, string? TimeZone,
    DateTimeOffset? Start, DateTimeOffset? End, string? StartMode, string? Misfire, string? Overlap, string? State, string? PauseReason)
{
    public ScheduleRequest ToRequest()
    {
        var errors = new Engine.Errors.ValidationErrors();
        StartMode? mode = null;
        if (StartMode is not null)
        {
            if (StartModes.TryFromWire(StartMode, out var parsed))
            {
                mode = parsed;
            }
            else
            {
                errors.Add("startMode", $"'{StartMode}' is not a start mode; use normal or start-in-the-past.");
            }
        }

        ScheduleState? state = null;
        if (State is not null)
        {
            if (ScheduleStates.TryFromWire(State, out var parsed))
            {
                state = parsed;
            }
            else
            {
                errors.Add("state", $"'{State}' is not a schedule state; use pending or suspended.");
            }
        }

        errors.ThrowIfAny();
        return new ScheduleRequest
        {
            Name = Name, Description = Description, WorkflowId = Workflow, Inputs = Inputs?.ToDictionary(p => p.Key, p => p.Value?.DeepClone()),
            Cycle = Cycle, Pattern = Pattern, Cron = Cron, TimeZone = TimeZone, StartAt = Start, EndAt = End, StartMode = mode, Misfire = Misfire,
            Overlap = Overlap, State = state, PauseReason = PauseReason,
        };
    }
}

/// <summary>A schedule as the native API shows it; secure inputs are masked.</summary>
public sealed record ScheduleDto(
    string Id, string Name, string? Description, string Workflow, string Cycle, string? Pattern, string? Cron, string? TimeZone,
    DateTimeOffset Start, DateTimeOffset? End, string StartMode, string Misfire, string Overlap, string State, string? PauseReason, string? Error,
    string User, DateTimeOffset? NextFireAt, DateTimeOffset? LastSlotAt, string? RunningRunId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ScheduleDto From(Schedule s) => new(s.Id, s.Name, s.Description, s.WorkflowId, s.Cycle, s.Pattern, s.Cron, s.TimeZone, s.StartAt, s.EndAt,
        StartModes.ToWire(s.StartMode), s.Misfire, OverlapPolicies.ToWire(s.Overlap), ScheduleStates.ToWire(s.State), s.PauseReason, s.Error, s.UserName, s.NextFireAt, s.LastSlotAt,
        s.RunningRunId, s.CreatedAt, s.UpdatedAt);
}

/// <summary><c>/api/v1/schedules</c>: what the vRO tasks API offers, plus cron, explicit zones, misfire and overlap policies and a preview.</summary>
public static class SchedulesApi
{
    public static RouteGroupBuilder MapSchedules(this RouteGroupBuilder api)
    {
        var schedules = api.MapGroup("/schedules").WithTags("Schedules");

        schedules.MapGet("/", async (HttpContext context, ScheduleService service, string? workflow) =>
            TypedResults.Ok((await service.ListAsync(context.Caller(), workflow, context.RequestAborted)).Select(ScheduleDto.From).ToList()));

        schedules.MapPost("/", async (HttpContext context, ScheduleService service, ScheduleBody body) =>
        {
            var schedule = await service.CreateAsync(context.Caller(), body.ToRequest(), context.RequestAborted);
            return TypedResults.Created($"{FaceRoots.NativeRoot}/schedules/{schedule.Id}", ScheduleDto.From(schedule));
        });

        schedules.MapGet("/{id}", async (HttpContext context, ScheduleService service, string id) =>
            TypedResults.Ok(ScheduleDto.From(await service.GetAsync(context.Caller(), id, context.RequestAborted))));

        schedules.MapPatch("/{id}", async (HttpContext context, ScheduleService service, string id, ScheduleBody body) =>
            TypedResults.Ok(ScheduleDto.From(await service.UpdateAsync(context.Caller(), id, body.ToRequest(), context.RequestAborted))));

        schedules.MapDelete("/{id}", async (HttpContext context, ScheduleService service, string id) =>
        {
            await service.DeleteAsync(context.Caller(), id, context.RequestAborted);
            return TypedResults.NoContent();
        });

        schedules.MapScheduleFires().MapSchedulePreviews();
        return api;
    }
}
