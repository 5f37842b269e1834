using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Telemetry;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// Fires claimed schedule timers. For each slot it decides — start a run as the scheduling user (rights checked again
/// now), skip it (misfire or overlap policy), or refuse it and put the schedule in <c>error</c> — with the facts behind
/// that decision (<see cref="FireFacts"/>), and plans the next fire; the whole batch is then committed at once, each slot
/// under its unique (schedule, slot) key, so no slot can fire twice.
/// </summary>
public sealed class ScheduleFiring(
    IScheduleStore schedules, IRunStore runs, WorkflowDefinitions workflows, IIdentityStore identities, Authenticator authenticator,
    RunWakeSignal runWake, TimeProvider time, IOptions<NodeOptions> node, IOptions<ScheduleOptions> options, EngineMetrics? metrics = null) : ITimerHandler
{
    public const string TimerKind = "schedule";

    public string Kind => TimerKind;

    public async Task HandleAsync(IReadOnlyList<DueTimer> timers, CancellationToken ct)
    {
        var found = (await schedules.FindManyAsync([.. timers.Select(t => t.OwnerId)], ct)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var callers = new Dictionary<string, Caller?>(StringComparer.OrdinalIgnoreCase);
        var current = new Dictionary<string, (WorkflowDefinition, int)?>(StringComparer.Ordinal);
        var commands = new List<FireCommand>(timers.Count);
        var defaultZone = ScheduleZones.Default(options.Value);
        // With tracing on, each fire is a trace of its own (linked to the batch's): the run it starts keeps its traceparent.
        var batch = Activity.Current?.Context ?? default;
        var spans = new List<(Activity Span, int Command)>();
        try
        {
            foreach (var timer in timers)
            {
                if (found.TryGetValue(timer.OwnerId, out var schedule))
                {
                    var span = EngineTracing.StartRoot(EngineTracing.ScheduleFire, batch);
                    if (span is not null)
                    {
                        span.SetTag("taskforge.schedule.id", schedule.Id).SetTag("taskforge.schedule.slot", timer.SlotAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                        spans.Add((span, commands.Count));
                    }

                    commands.Add(await DecideAsync(schedule, timer, callers, current, defaultZone, span?.Id, ct));
                }
            }

            // Claimed a little ahead: prepared now, committed no earlier than the latest due instant of the batch.
            await DueWait.UntilAsync(timers.Max(t => t.DueAt), time, ct);

            var firedAt = time.GetUtcNow();
            commands = [.. commands.Select(c => c with { FiredAt = firedAt })];
            if (commands.Count > 0)
            {
                var applied = await schedules.ApplyFiresAsync(node.Value.Id, commands, ct);
                metrics?.FiresApplied(applied);
                TagOutcomes(spans, commands, applied);
                if (applied.Any(c => c.Run is not null))
                {
                    runWake.Wake();
                }
            }
        }
        finally
        {
            foreach (var (span, _) in spans)
            {
                span.Dispose();
            }
        }
    }

    // A fire this node lost (another node or an earlier round fired the slot) committed nothing: dropped.
    private static void TagOutcomes(List<(Activity Span, int Command)> spans, List<FireCommand> commands, IReadOnlyList<FireCommand> applied)
    {
        if (spans.Count == 0)
        {
            return;
        }

        var committed = applied.ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var (span, index) in spans)
        {
            var command = commands[index];
            var won = committed.Contains(command);
            span.SetTag(EngineMetrics.Names.FireOutcome, EngineMetrics.Names.Of(won ? command.Outcome : FireOutcome.Dropped));
            if (won && command.Run is { } run)
            {
                span.SetTag("taskforge.run.id", run.Id);
            }
        }
    }

    // callers and workflows are looked up once per batch: a burst of thousands of slots usually shares a few of each.
    private async Task<FireCommand> DecideAsync(
        Schedule schedule, DueTimer timer, Dictionary<string, Caller?> callers, Dictionary<string, (WorkflowDefinition, int)?> current, TimeZoneInfo defaultZone,
        string? traceParent, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var timing = ScheduleTiming.For(schedule, defaultZone);
        // Found long after its slot (the server was down): one fire stands for every slot missed since, recorded under the
        // latest of them, so the catch-up of start-in-the-past (fire-once) runs once, not once more per slot, and a skip
        // leaves one record that names the slots it skipped.
        var late = now - timer.SlotAt > options.Value.MisfireThreshold;
        var latest = late && timing.Misfire.Action is MisfireAction.FireOnce or MisfireAction.Skip && timing.Rule.LastBefore(now) is { } last && last > timer.SlotAt
            ? last : (DateTimeOffset?)null;
        var slot = latest ?? timer.SlotAt;
        var facts = late ? new FireFacts(Misfire: schedule.Misfire, MissedFrom: latest is null ? null : timer.SlotAt) : FireFacts.None;
        var next = FirePlanner.Next(timing.Rule, timing.Misfire, now, slot);
        var moved = schedule with
        {
            LastSlotAt = slot,
            NextFireAt = next?.FireAt,
            NextSlotAt = next?.Slot,
            UpdatedAt = now,
            Version = schedule.Version + 1,
        };
        FireCommand Fire(FireOutcome outcome, Schedule after, FireFacts recorded, Run? run = null, RunLogEntry? log = null) =>
            new(slot, now, outcome, run, log, after with { State = ScheduleProgress.AfterFire(outcome) ?? after.State }, timer.SlotAt, recorded);
        if (schedule.State is not (ScheduleState.Pending or ScheduleState.Running))
        {
            // Suspended or ended since the timer was claimed: drop the timer, record nothing.
            return Fire(FireOutcome.Dropped, moved with { NextFireAt = null, NextSlotAt = null, LastSlotAt = schedule.LastSlotAt }, facts);
        }

        // Under "normal" (misfire skip) a late slot is not run, only recorded.
        if (late && timing.Misfire.Action == MisfireAction.Skip)
        {
            return Fire(FireOutcome.SkippedMisfire, moved, facts);
        }

        if (!current.TryGetValue(schedule.WorkflowId, out var workflow))
        {
            workflow = await workflows.CurrentAsync(schedule.WorkflowId, ct);
            current[schedule.WorkflowId] = workflow;
        }

        var (refusal, problem, inputs) = await CheckStartAsync(schedule, callers, workflow, ct);
        if (refusal is not null)
        {
            return Fire(FireOutcome.Refused, moved with { Error = problem, NextFireAt = null, NextSlotAt = null }, facts with { Refusal = refusal, Error = problem });
        }

        if (schedule.Overlap == OverlapPolicy.Skip && schedule.RunningRunId is { } previous && await runs.FindAsync(previous, ct) is { } active && !RunStates.IsFinal(active.State))
        {
            return Fire(FireOutcome.SkippedOverlap, moved, facts with { ActiveRunId = previous });
        }

        var (definition, revision) = workflow!.Value;
        var run = new Run(TimeOrderedIds.New(now), definition.Id, revision, RunState.Running, schedule.UserName, inputs!.ToJsonString(),
            RunInputs.InitialVariables(definition).ToJsonString(), definition.Steps[0].Id, 0, null, false, now, null, null, 0, now, null, TraceParent: traceParent);
        var log = new RunLogEntry(now, "info", "server", $"Workflow '{definition.Name}' has started (schedule '{schedule.Name}')", schedule.UserName);
        return Fire(FireOutcome.Started, moved with { RunningRunId = run.Id, Error = null }, facts, run, log);
    }

    // The run starts as the scheduling user, so that user must still exist, be enabled and hold the execute right now.
    // Returns why the run cannot start, or the inputs it starts with (defaults of the current workflow applied).
    private async Task<(FireRefusal? Refusal, string? Problem, JsonObject? Inputs)> CheckStartAsync(
        Schedule schedule, Dictionary<string, Caller?> callers, (WorkflowDefinition, int)? current, CancellationToken ct)
    {
        if (!callers.TryGetValue(schedule.UserName, out var caller))
        {
            var user = await identities.FindUserAsync(schedule.UserName, ct);
            caller = user is null || user.Disabled ? null : await authenticator.ToCallerAsync(user, ct);
            callers[schedule.UserName] = caller;
        }

        if (caller is null)
        {
            return (FireRefusal.UserGone, $"User '{schedule.UserName}', who scheduled it, no longer exists or is disabled.", null);
        }

        if (current is not var (definition, _))
        {
            return (FireRefusal.WorkflowGone, $"Workflow '{schedule.WorkflowId}' no longer exists.", null);
        }

        if (!WorkflowRights.For(caller, definition.Permissions).CanExecute)
        {
            return (FireRefusal.RightLost, $"User '{schedule.UserName}' may no longer run workflow '{schedule.WorkflowId}'.", null);
        }

        // Inputs were checked when the schedule was saved; the workflow may have changed since.
        var errors = new Errors.ValidationErrors();
        var given = (JsonNode.Parse(schedule.Inputs) as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.DeepClone());
        var inputs = RunInputs.Bind(definition, given, null, errors);
        return errors.Any
            ? (FireRefusal.InputsInvalid, $"The inputs no longer fit workflow '{schedule.WorkflowId}': {string.Join("; ", errors.Lines)}", null)
            : (null, null, inputs);
    }
}

/// <summary>The server's default zone for patterns that name none.</summary>
public static class ScheduleZones
{
    public static TimeZoneInfo Default(ScheduleOptions options) =>
        TimeZones.TryFind(options.DefaultTimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
