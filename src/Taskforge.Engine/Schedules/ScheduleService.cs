using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// Schedules for every face. Scheduling needs the execute right on the workflow (and view, else 404). What a caller
/// may do with a schedule is its <see cref="ScheduleRights"/>: a caller who may not view it is told it does not exist.
/// Every change plans the next fire at once and moves the schedule's timer in the same transaction.
/// </summary>
public sealed partial class ScheduleService(
    IScheduleStore store, IRunStore runs, WorkflowService workflows, TimerWakeSignal wake, TimeProvider time, IOptions<ScheduleOptions> options)
{
    public async Task<Schedule> CreateAsync(Caller caller, ScheduleRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.WorkflowId))
        {
            errors.Add("workflow", "names the workflow to run (by id or href).");
        }

        if (request.StartAt is null)
        {
            errors.Add("recurrence-start-date", "is required (ISO 8601 with an offset, e.g. 2050-01-06T05:02:00Z).");
        }

        errors.ThrowIfAny();
        var view = await workflows.GetAsync(caller, request.WorkflowId!, null, ct);
        if (!view.Rights.CanExecute)
        {
            throw new AccessDeniedException($"schedule workflow '{request.WorkflowId}'");
        }

        var now = time.GetUtcNow();
        var mode = request.StartMode ?? StartMode.Normal;
        var state = request.State ?? ScheduleState.Pending;
        if (state is not (ScheduleState.Pending or ScheduleState.Suspended))
        {
            errors.Add("state", $"'{ScheduleStates.ToWire(state)}' cannot be given to a new schedule; use pending or suspended.");
        }

        var inputs = RunInputs.Given(view.Definition, request.Inputs ?? new Dictionary<string, JsonNode?>(), request.RejectedInputs, errors);
        var schedule = new Schedule(Guid.NewGuid().ToString(), request.Name?.Trim() is { Length: > 0 } name ? name : view.Definition.Name, request.Description,
            view.Definition.Id, inputs.ToJsonString(), request.Parameters ?? "[]", CycleOf(request), request.Pattern, request.Cron, request.TimeZone,
            request.StartAt!.Value, request.EndAt, mode, request.Misfire ?? ScheduleTiming.MisfireFor(mode), OverlapOf(request.Overlap, OverlapPolicy.Allow, errors), state,
            state == ScheduleState.Suspended ? request.PauseReason : null, null, caller.UserName, "[]", null, null, null, null, now, now, 0);
        schedule = Plan(schedule, null, now, errors);
        await store.CreateAsync(schedule, ct);
        wake.Wake();
        return schedule;
    }

    public async Task<Schedule> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var schedule = await store.FindAsync(id, ct);
        return schedule is not null && CanView(caller, schedule) ? schedule : throw new NotFoundException("Task", id);
    }

    public async Task<IReadOnlyList<Schedule>> ListAsync(Caller caller, string? workflowId, CancellationToken ct)
    {
        if (workflowId is not null)
        {
            await workflows.GetAsync(caller, workflowId, null, ct);
        }

        return [.. (await store.ListAsync(workflowId, ct)).Where(s => CanView(caller, s))];
    }

    /// <summary>A partial update: absent fields stay. A changed date or pattern reschedules; another workflow is refused.</summary>
    public async Task<Schedule> UpdateAsync(Caller caller, string id, ScheduleRequest request, CancellationToken ct)
    {
        var current = await GetAsync(caller, id, ct);
        Require(ScheduleRights.For(caller, current).CanEdit, $"change task '{id}'");
        var errors = new ValidationErrors();
        if (request.WorkflowId is { } workflowId && !workflowId.Equals(current.WorkflowId, StringComparison.Ordinal))
        {
            errors.Add("workflow", $"cannot change: this task runs '{current.WorkflowId}'. Delete it and schedule '{workflowId}' anew.");
        }

        var inputs = current.Inputs;
        if (request.Inputs is not null || request.RejectedInputs is not null)
        {
            // Inputs decide what the run does as the scheduling user: whoever changes them must be allowed to run the workflow too.
            var view = await workflows.GetAsync(caller, current.WorkflowId, null, ct);
            Require(view.Rights.CanExecute, $"change the inputs of task '{id}' without the right to run workflow '{current.WorkflowId}'");
            inputs = RunInputs.Given(view.Definition, request.Inputs ?? new Dictionary<string, JsonNode?>(), request.RejectedInputs, errors).ToJsonString();
        }

        var mode = request.StartMode ?? current.StartMode;
        var retimed = request.Cycle is not null || request.Pattern is not null || request.Cron is not null || request.TimeZone is not null
            || request.StartAt is not null || request.EndAt is not null || request.StartMode is not null || request.Misfire is not null;
        var state = request.State ?? current.State;
        var resumed = current.State is ScheduleState.Suspended or ScheduleState.Error && state == ScheduleState.Pending;
        if (request.State is { } asked && asked != current.State && asked is not (ScheduleState.Pending or ScheduleState.Suspended))
        {
            errors.Add("state", $"cannot be set to '{ScheduleStates.ToWire(asked)}'; use suspended to pause and pending to resume.");
        }

        var now = time.GetUtcNow();
        var updated = current with
        {
            Name = request.Name ?? current.Name,
            Description = request.Description ?? current.Description,
            Inputs = inputs,
            // New inputs without a parameter list (the native API's) leave the old list describing inputs that are gone.
            Parameters = request.Parameters ?? (request.Inputs is not null ? "[]" : current.Parameters),
            Cycle = request.Cycle is null && request.Cron is null ? current.Cycle : CycleOf(request),
            Pattern = request.Pattern ?? current.Pattern,
            Cron = request.Cron ?? current.Cron,
            TimeZone = request.TimeZone ?? current.TimeZone,
            StartAt = request.StartAt ?? current.StartAt,
            EndAt = request.EndAt ?? current.EndAt,
            StartMode = mode,
            Misfire = request.Misfire ?? (request.StartMode is not null ? ScheduleTiming.MisfireFor(mode) : current.Misfire),
            Overlap = OverlapOf(request.Overlap, current.Overlap, errors),
            State = state == ScheduleState.Pending && current.State == ScheduleState.Running ? ScheduleState.Running : state,
            PauseReason = state == ScheduleState.Suspended ? request.PauseReason ?? current.PauseReason : null,
            Error = resumed ? null : current.Error,
            UpdatedAt = now,
            Version = current.Version + 1,
        };
        if (updated.State == ScheduleState.Suspended)
        {
            errors.ThrowIfAny();
            updated = updated with { NextFireAt = null, NextSlotAt = null };
        }
        else if (retimed || resumed)
        {
            updated = Plan(updated, current.LastSlotAt, now, errors);
        }

        errors.ThrowIfAny();
        if (!await store.UpdateAsync(updated, current.Version, ct))
        {
            throw new ConflictException($"Task '{id}' was changed meanwhile; read it again and retry.");
        }

        wake.Wake();
        return updated;
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        var schedule = await GetAsync(caller, id, ct);
        Require(ScheduleRights.For(caller, schedule).CanAdminister, $"delete task '{id}'");
        await store.DeleteAsync(id, ct);
    }

    /// <summary>
    /// A page of a schedule's fired slots, newest first (those before <paramref name="before"/> when given), each with the
    /// run it started as far as it still exists, and why it did what it did; <see cref="FirePage.Next"/> asks for the next page.
    /// </summary>
    public async Task<FirePage> FiresAsync(Caller caller, string id, int limit, CancellationToken ct, DateTimeOffset? before = null)
    {
        await GetAsync(caller, id, ct);
        limit = Math.Clamp(limit, 1, 10_000);
        var fires = await store.ListFiresAsync(id, before, limit + 1, ct);
        var page = fires.Take(limit).ToList();
        var started = (await runs.FindManyAsync([.. page.Where(f => f.RunId is not null).Select(f => f.RunId!)], ct)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        return new FirePage(
            [.. page.Select(f => new FireView(f, f.RunId is { } runId ? started.GetValueOrDefault(runId) : null, FireReasons.Describe(f)))],
            fires.Count > limit ? page[^1].Slot : null);
    }

    /// <summary>
    /// The next <paramref name="count"/> fires of a saved schedule (UTC and local, DST changes marked), so people can see
    /// what it will do across a DST change; a suspended schedule shows what resuming it now would do.
    /// </summary>
    public async Task<(Schedule Schedule, FirePreview Preview)> PreviewAsync(Caller caller, string id, int count, CancellationToken ct)
    {
        var schedule = await GetAsync(caller, id, ct);
        var timing = ScheduleTiming.For(schedule, ScheduleZones.Default(options.Value));
        return (schedule, FirePreviews.Of(timing.Rule, timing.Misfire, time.GetUtcNow(), schedule.LastSlotAt, Math.Clamp(count, 1, 1000)));
    }

    /// <summary>
    /// The next <paramref name="count"/> fires of a schedule not saved yet, from the timing fields of a create request
    /// (cycle and pattern or cron, zone, start and end, start mode or misfire policy; the start defaults to now), so a form
    /// can show them while a person types. Any signed-in caller may ask: nothing is read or stored. Every problem with the
    /// timing is a validation error under the field names a create reports.
    /// </summary>
    public FirePreview PreviewDraft(Caller caller, ScheduleRequest draft, int count)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        var timing = ScheduleTiming.Read(CycleOf(draft), draft.Pattern, draft.Cron, draft.TimeZone, draft.StartAt ?? now, draft.EndAt,
            draft.Misfire ?? ScheduleTiming.MisfireFor(draft.StartMode ?? StartMode.Normal), ScheduleZones.Default(options.Value), errors);
        errors.ThrowIfAny();
        return FirePreviews.Of(timing!.Rule, timing.Misfire, now, null, Math.Clamp(count, 1, 1000));
    }

    /// <summary>Plans the next fire from now (and the last fired slot); a schedule with no fire left is finished.</summary>
    private Schedule Plan(Schedule schedule, DateTimeOffset? lastSlot, DateTimeOffset now, ValidationErrors errors)
    {
        var timing = ScheduleTiming.Read(schedule.Cycle, schedule.Pattern, schedule.Cron, schedule.TimeZone, schedule.StartAt, schedule.EndAt,
            schedule.Misfire, ScheduleZones.Default(options.Value), errors);
        errors.ThrowIfAny();
        if (schedule.State == ScheduleState.Suspended)
        {
            return schedule with { NextFireAt = null, NextSlotAt = null };
        }

        var next = FirePlanner.Next(timing!.Rule, timing.Misfire, now, lastSlot);
        return schedule with
        {
            NextFireAt = next?.FireAt, NextSlotAt = next?.Slot,
            State = ScheduleProgress.AfterPlanning(schedule.State, hasNextFire: next is not null, runGoing: schedule.RunningRunId is not null),
        };
    }

    private static string CycleOf(ScheduleRequest request) =>
        request.Cron is not null ? ScheduleTiming.Cron
        : request.Cycle is null ? RecurrenceCycles.ToWire(RecurrenceCycle.OneTime)
        : request.Cycle.Equals(ScheduleTiming.Cron, StringComparison.OrdinalIgnoreCase) ? ScheduleTiming.Cron
        : RecurrenceCycles.TryFromWire(request.Cycle, out var cycle) ? RecurrenceCycles.ToWire(cycle) : request.Cycle;

    /// <summary>The overlap policy a request names (wire name), or <paramref name="fallback"/> when it names none.</summary>
    private static OverlapPolicy OverlapOf(string? overlap, OverlapPolicy fallback, ValidationErrors errors)
    {
        if (overlap is null)
        {
            return fallback;
        }

        if (OverlapPolicies.TryFromWire(overlap, out var policy))
        {
            return policy;
        }

        errors.Add("overlap", $"'{overlap}' is not an overlap policy; use allow or skip.");
        return fallback;
    }

    private static bool CanView(Caller caller, Schedule schedule) => ScheduleRights.For(caller, schedule).CanView;

    private static void Require(bool allowed, string action)
    {
        if (!allowed)
        {
            throw new AccessDeniedException(action);
        }
    }
}
