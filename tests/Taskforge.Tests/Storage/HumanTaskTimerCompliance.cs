using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine;
using Taskforge.Server.Faces.Htm;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>
/// Human-task timers and escalations on each dialect, driven tick by tick on the fake clock (ibm-bpm-htm.md §4.4, §4.6,
/// §5.1): expiry, due, auto-resume, auto-deletion, escalation chains, and timers that outlived their reason.
/// </summary>
public abstract class HumanTaskTimerCompliance : EngineNodeTestBase
{
    private const string Timed = """
        {"name": "Timed", "kind": "to-do", "priority": 4, "durationUntilDue": "PT10M", "durationUntilExpires": "PT1H",
         "durationUntilDeleted": "PT2H", "autoDeletionMode": "onCompletion",
         "roles": {"potentialOwners": {"users": ["mia", "max"]}, "administrators": {"users": ["ada"]}}}
        """;

    private const string Escalating = """
        {"name": "Escalating", "kind": "to-do", "priority": 4,
         "roles": {"potentialOwners": {"users": ["mia"]}, "administrators": {"users": ["ada"]}, "escalationReceivers": {"users": ["boss"]}},
         "escalationChains": [{"escalations": [
           {"name": "notClaimed", "activationState": "ready", "durationUntilEscalated": "PT1H", "expectedState": "claimed", "action": "email", "increasePriority": "once"},
           {"name": "notDone", "durationUntilEscalated": "PT2H", "expectedState": "ended", "action": "workItems", "increasePriority": "repeated", "durationUntilRepeated": "PT1H"}]}]}
        """;

    private static readonly Caller Olga = new("1", "olga", SystemRoles.None, []);
    private static readonly Caller Mia = new("2", "mia", SystemRoles.None, []);
    private static readonly Caller Ada = new("3", "ada", SystemRoles.None, []);
    private static readonly Caller Boss = new("4", "boss", SystemRoles.None, []);

    private readonly RecordingNotifier _notifier = new();

    private TaskLifecycleService Tasks => Node.GetRequiredService<TaskLifecycleService>();

    private TaskDataService Data => Node.GetRequiredService<TaskDataService>();

    private TaskEscalationService Escalations => Node.GetRequiredService<TaskEscalationService>();

    private TaskTimerService TaskTimers => Node.GetRequiredService<TaskTimerService>();

    private TimerTick Timers => Node.GetRequiredService<TimerTick>();

    protected override void Configure(IServiceCollection services) => services.AddSingleton<ITaskNotifier>(_notifier);

    [Fact]
    public async Task Expiry_FiresOnceAtItsInstant_AndNotBefore()
    {
        var task = await CreateAsync(await SaveAsync(Timed));
        Time.Advance(TimeSpan.FromMinutes(10));
        await Timers.RunOnceAsync(Ct); // the due timer

        Time.Advance(TimeSpan.FromMinutes(49));
        var early = await Timers.RunOnceAsync(Ct);
        var before = await Tasks.GetAsync(Olga, task.Id, Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        var fired = await Timers.RunOnceAsync(Ct);
        var expired = await Tasks.GetAsync(Olga, task.Id, Ct);
        var again = await Timers.RunOnceAsync(Ct);
        var history = await Data.GetHistoryAsync(Olga, task.Id, Ct);

        Assert.Equal(0, early);
        Assert.Equal(TaskState.Ready, before.Task.State);
        Assert.Equal(1, fired);
        Assert.Equal(TaskState.Expired, expired.Task.State);
        Assert.Equal(0, again);
        Assert.Single(history, e => e.Event == TaskEvents.Expired);
        Assert.Equal("system", history.Single(e => e.Event == TaskEvents.Expired).Principal);
    }

    [Fact]
    public async Task AMovedExpiry_LeavesTheOldTimerHarmless_AndFiresAtItsNewInstant()
    {
        var task = await CreateAsync(await SaveAsync(Timed));
        var oldSlot = task.ExpiresAt!.Value;
        var claimed = await Node.GetRequiredService<ITimerStore>().ClaimDueAsync("node-x", oldSlot, TimeSpan.FromSeconds(30), 10, Ct);
        var moved = await Data.UpdateAsync(Olga, task.Id, new TaskUpdate { ExpirationTime = oldSlot.AddHours(1) }, Ct);

        Time.Advance(oldSlot - Time.GetUtcNow());
        var stale = await TaskTimers.FireTimerAsync(claimed.Single(t => t.Kind == TaskTimerKinds.Expiry), Ct);
        var afterStale = await Tasks.GetAsync(Olga, task.Id, Ct);
        Time.Advance(TimeSpan.FromHours(1));
        await Timers.RunOnceAsync(Ct);
        var expired = await Tasks.GetAsync(Olga, task.Id, Ct);

        Assert.False(stale);
        Assert.Equal(TaskState.Ready, afterStale.Task.State);
        Assert.Equal(oldSlot.AddHours(1), moved.Task.ExpiresAt);
        Assert.Equal(TaskState.Expired, expired.Task.State);
    }

    [Fact]
    public async Task DueTimer_WritesTaskDueAndNotifies_AndTheTaskStaysAsItIs()
    {
        var task = await CreateAsync(await SaveAsync(Timed));

        Time.Advance(TimeSpan.FromMinutes(10));
        await Timers.RunOnceAsync(Ct);
        var after = await Tasks.GetAsync(Olga, task.Id, Ct);
        var history = await Data.GetHistoryAsync(Olga, task.Id, Ct);

        Assert.Equal(TaskState.Ready, after.Task.State);
        Assert.Equal(task.DueAt, after.Task.DueAt);
        Assert.Contains(history, e => e.Event == TaskEvents.Due);
        var notification = Assert.Single(_notifier.Sent);
        Assert.Equal((task.Id, TaskEvents.Due), (notification.TaskId, notification.Event));
        Assert.Equal(["max", "mia"], notification.Receivers.Select(r => r.Principal).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SuspendUntil_ResumesByItself_AndSuspendAndCancelClaimAlsoCancelsTheClaim()
    {
        var template = await SaveAsync(Timed);
        var plain = await CreateAsync(template);
        var claimed = await CreateAsync(template);
        await Tasks.ClaimAsync(Mia, claimed.Id, Ct);
        var until = Time.GetUtcNow().AddMinutes(5);
        await Tasks.SuspendAsync(Olga, plain.Id, until, Ct);
        await Tasks.SuspendAndCancelClaimAsync(Ada, claimed.Id, until, keepTaskData: true, Ct);

        Time.Advance(TimeSpan.FromMinutes(4));
        await Timers.RunOnceAsync(Ct);
        var stillSuspended = await Tasks.GetAsync(Olga, plain.Id, Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Timers.RunOnceAsync(Ct);
        var resumed = await Tasks.GetAsync(Olga, plain.Id, Ct);
        var unclaimed = await Tasks.GetAsync(Olga, claimed.Id, Ct);

        Assert.True(stillSuspended.Task.IsSuspended);
        Assert.False(resumed.Task.IsSuspended);
        Assert.Null(resumed.Task.ResumesAt);
        Assert.Equal((false, TaskState.Ready, (string?)null), (unclaimed.Task.IsSuspended, unclaimed.Task.State, unclaimed.Task.Owner));
    }

    [Fact]
    public async Task AnEndedTask_IsDeletedAfterItsDeletionDuration()
    {
        var task = await CreateAsync(await SaveAsync(Timed));
        await Tasks.ClaimAsync(Mia, task.Id, Ct);
        var done = await Tasks.CompleteAsync(Mia, task.Id, null, null, Ct);

        Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        await Timers.RunOnceAsync(Ct);
        var kept = await Tasks.GetAsync(Olga, task.Id, Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Timers.RunOnceAsync(Ct);

        Assert.Equal(done.Task.CompletedAt!.Value.AddHours(2), done.Task.DeletionAt);
        Assert.Equal(TaskState.Finished, kept.Task.State);
        await Assert.ThrowsAsync<NotFoundException>(() => Tasks.GetAsync(Olga, task.Id, Ct));
    }

    [Fact]
    public async Task AnEscalationChain_Escalates_StartsItsNextEscalation_Repeats_AndCreatesReceiverWorkItems()
    {
        var task = await CreateAsync(await SaveAsync(Escalating));
        var start = Time.GetUtcNow();
        var initial = await Escalations.GetEscalationsAsync(Olga, task.Id, Ct);
        var bossBefore = await Assert.ThrowsAsync<TaskRuleException>(() => Tasks.GetAsync(Boss, task.Id, Ct));

        Time.Advance(TimeSpan.FromHours(1));
        await Timers.RunOnceAsync(Ct);
        var afterFirst = await Escalations.GetEscalationsAsync(Olga, task.Id, Ct);
        var escalatedOnce = await Tasks.GetAsync(Olga, task.Id, Ct);
        var seenByBoss = await Tasks.GetAsync(Boss, task.Id, Ct); // an e-mail escalation also gives its receivers work items
        Time.Advance(TimeSpan.FromHours(2));
        await Timers.RunOnceAsync(Ct);
        var secondFired = await Escalations.GetEscalationsAsync(Olga, task.Id, Ct);
        Time.Advance(TimeSpan.FromHours(1));
        await Timers.RunOnceAsync(Ct);
        var repeated = await Escalations.GetEscalationsAsync(Olga, task.Id, Ct);
        var afterRepeat = await Tasks.GetAsync(Olga, task.Id, Ct);
        await Tasks.ClaimAsync(Mia, task.Id, Ct);
        await Tasks.CompleteAsync(Mia, task.Id, null, null, Ct);
        var ended = await Escalations.GetEscalationsAsync(Olga, task.Id, Ct);

        Assert.Equal([(EscalationState.Waiting, start.AddHours(1)), (EscalationState.Inactive, (DateTimeOffset?)null)],
            initial.Select(e => (e.Escalation.State, e.Escalation.EscalatesAt)));
        Assert.Equal([(EscalationState.Escalated, 1), (EscalationState.Waiting, 0)], afterFirst.Select(e => (e.Escalation.State, e.Escalation.Fired)));
        Assert.Equal(start.AddHours(3), afterFirst[1].Escalation.EscalatesAt);
        Assert.True(escalatedOnce.Task.IsEscalated);
        Assert.Equal(3, escalatedOnce.Task.Priority);
        var mail = Assert.Single(_notifier.Sent);
        Assert.Equal(("notClaimed", EscalationAction.SendEmail, "boss"), (mail.EscalationName, mail.Action, mail.Receivers.Single().Principal));
        Assert.Equal(TaskRuleKind.NotAllowed, bossBefore.Kind);
        Assert.Contains(TaskRole.EscalationReceiver, seenByBoss.Caller.Roles);
        Assert.Equal((EscalationState.Escalated, 1), (secondFired[1].Escalation.State, secondFired[1].Escalation.Fired));
        Assert.Single(_notifier.Sent); // workItems: no notification
        Assert.Equal((EscalationState.Escalated, 2, start.AddHours(5)), (repeated[1].Escalation.State, repeated[1].Escalation.Fired, repeated[1].Escalation.EscalatesAt));
        Assert.Equal(1, afterRepeat.Task.Priority);
        Assert.Equal([(EscalationState.Escalated, (DateTimeOffset?)null), (EscalationState.Escalated, null)], ended.Select(e => (e.Escalation.State, e.Escalation.EscalatesAt)));
    }

    [Fact]
    public async Task AnEscalation_IsSuperfluous_WhenTheTaskIsClaimedInTime()
    {
        var task = await CreateAsync(await SaveAsync(Escalating));

        Time.Advance(TimeSpan.FromMinutes(30));
        await Tasks.ClaimAsync(Mia, task.Id, Ct);
        Time.Advance(TimeSpan.FromMinutes(30));
        await Timers.RunOnceAsync(Ct);
        var escalations = await Escalations.GetEscalationsAsync(Olga, task.Id, Ct);
        var after = await Tasks.GetAsync(Olga, task.Id, Ct);

        Assert.Equal([EscalationState.Superfluous, EscalationState.Inactive], escalations.Select(e => e.Escalation.State));
        Assert.False(after.Task.IsEscalated);
        Assert.Equal(4, after.Task.Priority);
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task TriggeringAnEscalation_NeedsAnAdministrator_AndAWaitingEscalation()
    {
        var task = await CreateAsync(await SaveAsync(Escalating));
        var first = (await Escalations.GetEscalationsAsync(Olga, task.Id, Ct))[0].Escalation.Id;

        var byOwner = await Assert.ThrowsAsync<TaskRuleException>(() => Escalations.TriggerEscalationAsync(Mia, first, Ct));
        var triggered = await Escalations.TriggerEscalationAsync(Ada, first, Ct);
        var twice = await Assert.ThrowsAsync<TaskRuleException>(() => Escalations.TriggerEscalationAsync(Ada, first, Ct));
        var inactive = (await Escalations.GetEscalationsAsync(Olga, task.Id, Ct))[1];
        var next = await Escalations.TriggerEscalationAsync(Ada, inactive.Escalation.Id, Ct);

        Assert.Equal((TaskRuleKind.NotAllowed, HtmErrorNumbers.NotAuthorizedForEscalation), (byOwner.Kind, byOwner.ErrorNumber));
        Assert.Equal(EscalationState.Escalated, triggered.Escalation.State);
        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.EscalationFinished), (twice.Kind, twice.ErrorNumber));
        Assert.Equal(EscalationState.Waiting, inactive.Escalation.State);
        Assert.Equal(EscalationState.Escalated, next.Escalation.State);
        Assert.True((await Tasks.GetAsync(Olga, task.Id, Ct)).Task.IsEscalated);
    }

    private async Task<HumanTask> CreateAsync(string template) =>
        (await Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Async), Ct)).Task;

    private sealed class RecordingNotifier : ITaskNotifier
    {
        public List<TaskNotification> Sent { get; } = [];

        public Task NotifyAsync(TaskNotification notification, CancellationToken ct)
        {
            lock (Sent)
            {
                Sent.Add(notification);
            }

            return Task.CompletedTask;
        }
    }
}
