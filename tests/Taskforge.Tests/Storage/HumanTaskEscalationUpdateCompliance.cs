using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine;
using Taskforge.Server.Faces.Htm;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>
/// <c>PUT /escalation/{esiid}?action=update</c> in the engine on each dialect, on the fake clock (ibm-bpm-htm.md §3.8,
/// §4.6 "runtime changes"): a moved escalation fires at its new instant and not at its old one, an inactive escalation's
/// overridden durations apply when it starts, and what a state does not allow is refused.
/// </summary>
public abstract class HumanTaskEscalationUpdateCompliance : EngineNodeTestBase
{
    private const string Escalating = """
        {"name": "Escalating", "kind": "to-do", "priority": 4,
         "roles": {"potentialOwners": {"users": ["mia"]}, "administrators": {"users": ["ada"]}},
         "escalationChains": [{"escalations": [
           {"name": "notClaimed", "activationState": "ready", "durationUntilEscalated": "PT1H", "expectedState": "claimed", "action": "event"},
           {"name": "notDone", "durationUntilEscalated": "PT2H", "expectedState": "ended", "action": "event", "durationUntilRepeated": "PT1H"}]}]}
        """;

    private static readonly Caller Olga = new("1", "olga", SystemRoles.None, []);
    private static readonly Caller Mia = new("2", "mia", SystemRoles.None, []);
    private static readonly Caller Ada = new("3", "ada", SystemRoles.None, []);

    private TaskLifecycleService Tasks => Node.GetRequiredService<TaskLifecycleService>();

    private TaskEscalationService Escalations => Node.GetRequiredService<TaskEscalationService>();

    private TaskTimerService TaskTimers => Node.GetRequiredService<TaskTimerService>();

    private TimerTick Timers => Node.GetRequiredService<TimerTick>();

    [Fact]
    public async Task UpdateEscalation_MovesAWaitingEscalationsTimer_SoTheOldSlotNoLongerFires()
    {
        var (task, first, _) = await CreateAsync();
        var start = Time.GetUtcNow();
        var claimedEarly = await Node.GetRequiredService<ITimerStore>().ClaimDueAsync("node-x", start.AddHours(1), TimeSpan.FromSeconds(30), 10, Ct);

        var moved = await Escalations.UpdateEscalationAsync(Ada, first, new EscalationUpdate { DurationUntilEscalated = "PT3H", Name = "notClaimedLate" }, Ct);
        Time.Advance(TimeSpan.FromHours(1));
        var stale = await TaskTimers.FireTimerAsync(claimedEarly.Single(t => t.OwnerId == first), Ct);
        await Timers.RunOnceAsync(Ct);
        var atOldInstant = await Escalations.GetEscalationAsync(Olga, first, Ct);
        Time.Advance(TimeSpan.FromHours(2));
        await Timers.RunOnceAsync(Ct);
        var atNewInstant = await Escalations.GetEscalationAsync(Olga, first, Ct);

        Assert.Equal((EscalationState.Waiting, start.AddHours(3), "PT3H", "notClaimedLate"),
            (moved.Escalation.State, moved.Escalation.EscalatesAt, moved.Definition.DurationUntilEscalated.Text, moved.Escalation.Name));
        Assert.False(stale);
        Assert.Equal(EscalationState.Waiting, atOldInstant.Escalation.State);
        Assert.Equal(EscalationState.Escalated, atNewInstant.Escalation.State);
        Assert.True((await Tasks.GetAsync(Olga, task.Id, Ct)).Task.IsEscalated);
    }

    [Fact]
    public async Task UpdateEscalation_OfAnInactiveEscalation_AppliesItsDurationsWhenItStarts()
    {
        var (_, first, second) = await CreateAsync();
        var start = Time.GetUtcNow();

        var overridden = await Escalations.UpdateEscalationAsync(Ada, second, new EscalationUpdate
        {
            DurationUntilEscalated = "PT30M", DurationUntilRepeated = HtmDuration.InfiniteText, CustomProperties = new Dictionary<string, string?> { ["team"] = "finance" },
        }, Ct);
        Time.Advance(TimeSpan.FromHours(1));
        await Timers.RunOnceAsync(Ct);
        var started = await Escalations.GetEscalationAsync(Olga, second, Ct);
        Time.Advance(TimeSpan.FromMinutes(30));
        await Timers.RunOnceAsync(Ct);
        var escalated = await Escalations.GetEscalationAsync(Olga, second, Ct);

        Assert.Equal((EscalationState.Inactive, (DateTimeOffset?)null), (overridden.Escalation.State, overridden.Escalation.EscalatesAt));
        Assert.Equal("finance", overridden.Escalation.CustomProperties!["team"]);
        Assert.Equal(EscalationState.Escalated, (await Escalations.GetEscalationAsync(Olga, first, Ct)).Escalation.State);
        Assert.Equal((EscalationState.Waiting, start.AddHours(1.5)), (started.Escalation.State, started.Escalation.EscalatesAt));
        Assert.Equal((EscalationState.Escalated, (DateTimeOffset?)null, HtmDuration.InfiniteText), (escalated.Escalation.State, escalated.Escalation.EscalatesAt, escalated.Definition.DurationUntilRepeated!.Text));
        Assert.Equal("finance", escalated.Escalation.CustomProperties!["team"]);
    }

    [Fact]
    public async Task UpdateEscalation_OfAnEscalatedEscalation_MovesOnlyItsRepetition()
    {
        var (_, _, second) = await CreateAsync();
        Time.Advance(TimeSpan.FromHours(3));
        await Timers.RunOnceAsync(Ct);
        await Timers.RunOnceAsync(Ct);
        var escalatedAt = Time.GetUtcNow();

        var repeatLater = await Escalations.UpdateEscalationAsync(Ada, second, new EscalationUpdate { DurationUntilRepeated = "PT4H" }, Ct);
        var firstAgain = await Assert.ThrowsAsync<TaskRuleException>(() => Escalations.UpdateEscalationAsync(Ada, second, new EscalationUpdate { DurationUntilEscalated = "PT1H" }, Ct));
        Time.Advance(TimeSpan.FromHours(1));
        await Timers.RunOnceAsync(Ct);
        var notYet = await Escalations.GetEscalationAsync(Olga, second, Ct);
        Time.Advance(TimeSpan.FromHours(3));
        await Timers.RunOnceAsync(Ct);
        var repeated = await Escalations.GetEscalationAsync(Olga, second, Ct);

        Assert.Equal((EscalationState.Escalated, escalatedAt.AddHours(4)), (repeatLater.Escalation.State, repeatLater.Escalation.EscalatesAt));
        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.EscalationStateDoesNotAllowAction), (firstAgain.Kind, firstAgain.ErrorNumber));
        Assert.Equal(1, notYet.Escalation.Fired);
        Assert.Equal((2, escalatedAt.AddHours(8)), (repeated.Escalation.Fired, repeated.Escalation.EscalatesAt));
    }

    [Fact]
    public async Task UpdateEscalation_RefusesNonAdministrators_ConflictingTimes_AndEscalationsOfEndedTasks_AndInfiniteCancelsTheTimer()
    {
        var (task, first, second) = await CreateAsync();
        var inAnHour = Time.GetUtcNow().AddHours(1);

        var byOwner = await Assert.ThrowsAsync<TaskRuleException>(() => Escalations.UpdateEscalationAsync(Mia, first, new EscalationUpdate { Name = "x" }, Ct));
        var both = await Assert.ThrowsAsync<TaskRuleException>(() =>
            Escalations.UpdateEscalationAsync(Ada, first, new EscalationUpdate { DurationUntilEscalated = "PT2H", EscalationTime = inAnHour }, Ct));
        var badDuration = await Assert.ThrowsAsync<ValidationException>(() => Escalations.UpdateEscalationAsync(Ada, first, new EscalationUpdate { DurationUntilEscalated = "soon" }, Ct));
        var timeOfInactive = await Assert.ThrowsAsync<TaskRuleException>(() => Escalations.UpdateEscalationAsync(Ada, second, new EscalationUpdate { EscalationTime = inAnHour }, Ct));
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => Escalations.UpdateEscalationAsync(Ada, "_ESI:nothing", new EscalationUpdate(), Ct));
        var cancelled = await Escalations.UpdateEscalationAsync(Caller.System, first, new EscalationUpdate { DurationUntilEscalated = HtmDuration.InfiniteText }, Ct);
        Time.Advance(TimeSpan.FromDays(30));
        await Timers.RunOnceAsync(Ct);
        var stillWaiting = await Escalations.GetEscalationAsync(Olga, first, Ct);
        await Tasks.ClaimAsync(Mia, task.Id, Ct);
        await Tasks.CompleteAsync(Mia, task.Id, null, null, Ct);
        var finished = await Assert.ThrowsAsync<TaskRuleException>(() => Escalations.UpdateEscalationAsync(Ada, first, new EscalationUpdate { Name = "late" }, Ct));

        Assert.Equal((TaskRuleKind.NotAllowed, HtmErrorNumbers.NotAuthorizedForEscalation), (byOwner.Kind, byOwner.ErrorNumber));
        Assert.Equal((TaskRuleKind.Invalid, HtmErrorNumbers.ConflictingProperties), (both.Kind, both.ErrorNumber));
        Assert.NotNull(badDuration);
        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.EscalationStateDoesNotAllowAction), (timeOfInactive.Kind, timeOfInactive.ErrorNumber));
        Assert.NotNull(unknown);
        Assert.Equal((EscalationState.Waiting, (DateTimeOffset?)null), (cancelled.Escalation.State, cancelled.Escalation.EscalatesAt));
        Assert.Equal(EscalationState.Waiting, stillWaiting.Escalation.State);
        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.EscalationFinished), (finished.Kind, finished.ErrorNumber));
    }

    private async Task<(HumanTask Task, string First, string Second)> CreateAsync()
    {
        var template = await SaveAsync(Escalating);
        var task = (await Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Async), Ct)).Task;
        var escalations = await Escalations.GetEscalationsAsync(Olga, task.Id, Ct);
        return (task, escalations[0].Escalation.Id, escalations[1].Escalation.Id);
    }
}
