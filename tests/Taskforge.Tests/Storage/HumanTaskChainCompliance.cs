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
/// Restart, work-item transfer and follow-on chains on each dialect (ibm-bpm-htm.md §5.1, §5.3, §6.5).
/// </summary>
public abstract class HumanTaskChainCompliance : EngineNodeTestBase
{
    private const string Work = """
        {"name": "Work", "kind": "to-do", "priority": 4, "durationUntilExpires": "PT1H", "supportsFollowOnTasks": true,
         "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
         "roles": {"potentialOwners": {"users": ["mia", "max"]}, "administrators": {"users": ["ada"]}, "readers": {"users": ["rita"]}},
         "escalationChains": [{"escalations": [
           {"name": "notClaimed", "activationState": "ready", "durationUntilEscalated": "PT30M", "expectedState": "claimed", "action": "event", "increasePriority": "once"}]}]}
        """;

    private const string Next = """
        {"name": "Next", "kind": "collaboration",
         "input": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
         "roles": {"potentialOwners": {"users": ["hank"]}, "potentialInstanceCreators": {"users": ["mia"]}, "potentialStarters": {"users": ["mia"]}}}
        """;

    private const string Other = """
        {"name": "Other", "kind": "collaboration", "input": {"element": "other", "fields": [{"name": "x", "type": "string"}]},
         "roles": {"potentialInstanceCreators": {"users": ["mia"]}, "potentialStarters": {"users": ["mia"]}}}
        """;

    private const string Fixed = """
        {"name": "Fixed", "kind": "to-do", "supportsDelegation": false, "roles": {"potentialOwners": {"users": ["mia", "max"]}}}
        """;

    private const string Step = """
        {"name": "Step", "kind": "to-do", "supportsFollowOnTasks": true, "autoDeletionMode": "onCompletion", "durationUntilDeleted": "PT10M",
         "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
         "roles": {"potentialOwners": {"users": ["mia"]}}}
        """;

    private const string Done = """
        {"name": "Done", "kind": "collaboration", "autoDeletionMode": "onCompletion", "durationUntilDeleted": "PT1H",
         "input": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
         "roles": {"potentialOwners": {"users": ["hank"]}, "potentialInstanceCreators": {"users": ["mia"]}, "potentialStarters": {"users": ["mia"]}}}
        """;

    private const string Review = """
        {"name": "Review", "kind": "collaboration",
         "input": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
         "roles": {"potentialOwners": {"users": ["hank"]}, "potentialInstanceCreators": {"users": ["mia"]}, "potentialStarters": {"users": ["mia"]}},
         "escalationChains": [{"escalations": [
           {"name": "reviewNotClaimed", "activationState": "ready", "durationUntilEscalated": "PT10M", "expectedState": "claimed", "action": "event"}]}]}
        """;

    private static readonly Caller Olga = new("1", "olga", SystemRoles.None, []);
    private static readonly Caller Hank = new("5", "hank", SystemRoles.None, []);
    private static readonly Caller Mia = new("2", "mia", SystemRoles.None, []);
    private static readonly Caller Rita = new("4", "rita", SystemRoles.None, []);
    private static readonly BusinessMessage Approved = BusinessMessage.FromXml("<decision><approved>true</approved></decision>");

    private TaskLifecycleService Tasks => Node.GetRequiredService<TaskLifecycleService>();

    private TaskDataService Data => Node.GetRequiredService<TaskDataService>();

    private TaskEscalationService Escalations => Node.GetRequiredService<TaskEscalationService>();

    private TaskHierarchyService Hierarchy => Node.GetRequiredService<TaskHierarchyService>();

    private TaskPeopleService People => Node.GetRequiredService<TaskPeopleService>();

    [Fact]
    public async Task Restart_BringsAnEndedTaskBackToReady_WithItsTimersAndEscalationsReset()
    {
        var task = await CreateAsync(await SaveAsync(Work));
        await Tasks.ClaimAsync(Mia, task.Id, Ct);
        await Tasks.CompleteAsync(Mia, task.Id, Approved, null, Ct);
        Time.Advance(TimeSpan.FromHours(3));

        var byOwner = await Assert.ThrowsAsync<TaskRuleException>(() => Tasks.RestartAsync(Mia, task.Id, keepResultMessages: false, input: null, Ct));
        var restarted = await Tasks.RestartAsync(Olga, task.Id, keepResultMessages: false, input: null, Ct);
        var escalations = await Escalations.GetEscalationsAsync(Olga, task.Id, Ct);
        var history = await Data.GetHistoryAsync(Olga, task.Id, Ct);

        Assert.Equal(TaskRuleKind.NotAllowed, byOwner.Kind);
        Assert.Equal((TaskState.Ready, (string?)null, (string?)null), (restarted.Task.State, restarted.Task.Owner, restarted.Task.Output));
        Assert.Equal(Time.GetUtcNow().AddHours(1), restarted.Task.ExpiresAt);
        Assert.DoesNotContain(restarted.WorkItems, w => w.Reason == TaskRole.Owner);
        Assert.Equal((EscalationState.Waiting, Time.GetUtcNow().AddMinutes(30)), (escalations[0].Escalation.State, escalations[0].Escalation.EscalatesAt));
        Assert.Contains(history, e => e.Event == TaskEvents.Restarted);
    }

    [Fact]
    public async Task Transfer_MovesOwnershipOnlyToAPotentialOwner_AndRefusesWhoMayNot()
    {
        var task = await CreateAsync(await SaveAsync(Work));
        var fixedTask = await CreateAsync(await SaveAsync(Fixed));
        await Tasks.ClaimAsync(Mia, task.Id, Ct);

        var toStranger = await Assert.ThrowsAsync<TaskRuleException>(() => People.TransferAsync(Mia, task.Id, TaskRole.Owner, null, "eve", null, null, Ct));
        var handedOn = await People.TransferAsync(Mia, task.Id, TaskRole.Owner, null, "max", null, null, Ct);
        var notOwnerAnyMore = await Assert.ThrowsAsync<TaskRuleException>(() => People.TransferAsync(Mia, task.Id, TaskRole.Owner, null, "mia", null, null, Ct));
        var byReader = await Assert.ThrowsAsync<TaskRuleException>(() => People.TransferAsync(Rita, task.Id, TaskRole.Reader, null, "eve", null, null, Ct));
        var byOriginator = await People.TransferAsync(Olga, task.Id, TaskRole.Reader, "rita", "eve", null, null, Ct);
        var groups = await Assert.ThrowsAsync<TaskRuleException>(() => People.TransferAsync(Olga, task.Id, TaskRole.PotentialOwner, null, null, "a", "b", Ct));
        var noDelegation = await Assert.ThrowsAsync<TaskRuleException>(() => People.TransferAsync(Olga, fixedTask.Id, TaskRole.PotentialOwner, "mia", "eve", null, null, Ct));
        var history = await Data.GetHistoryAsync(Olga, task.Id, Ct);

        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.NoWorkItemForUser), (toStranger.Kind, toStranger.ErrorNumber));
        Assert.Equal("max", handedOn.Task.Owner);
        Assert.Equal(["max"], handedOn.WorkItems.Where(w => w.Reason == TaskRole.Owner).Select(w => w.Principal));
        Assert.Equal(TaskRuleKind.NotAllowed, notOwnerAnyMore.Kind);
        Assert.Equal(TaskRuleKind.NotAllowed, byReader.Kind);
        Assert.Equal(["eve"], byOriginator.WorkItems.Where(w => w.Reason == TaskRole.Reader).Select(w => w.Principal));
        Assert.Equal(TaskRuleKind.NotAllowed, groups.Kind);
        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.DelegationNotSupported), (noDelegation.Kind, noDelegation.ErrorNumber));
        Assert.Contains(history, e => e is { Event: TaskEvents.WorkItemTransferred, From: "mia", To: "max", Reason: TaskRole.Owner });
    }

    [Fact]
    public async Task AFollowOnChain_TakesTheOutputOn_ActsAsOneTask_AndExpiresByItsFirstTask()
    {
        var work = await SaveAsync(Work);
        var next = await SaveAsync(Next);
        var other = await SaveAsync(Other);
        var first = await CreateAsync(work);
        var second = await CreateAsync(work);
        await Tasks.ClaimAsync(Mia, first.Id, Ct);
        await Tasks.ClaimAsync(Mia, second.Id, Ct);

        var mismatch = await Assert.ThrowsAsync<TaskRuleException>(() => Hierarchy.CompleteWithFollowOnAsync(Mia, second.Id, other, Approved, Ct));
        var forwarded = await Hierarchy.CompleteWithFollowOnAsync(Mia, first.Id, next, Approved, Ct);
        var followOn = await Tasks.GetAsync(Olga, forwarded.Task.FollowOnId!, Ct);
        await Tasks.SuspendAsync(Olga, first.Id, null, Ct);
        var suspended = await Tasks.GetAsync(Olga, followOn.Task.Id, Ct);
        await Tasks.ResumeAsync(Olga, first.Id, Ct);
        Time.Advance(first.ExpiresAt!.Value - Time.GetUtcNow());
        await Node.GetRequiredService<TimerTick>().RunOnceAsync(Ct);
        var expired = await Tasks.GetAsync(Olga, followOn.Task.Id, Ct);
        var head = await Tasks.GetAsync(Olga, first.Id, Ct);
        var restarted = await Tasks.RestartAsync(Olga, first.Id, keepResultMessages: true, input: null, Ct);

        Assert.Equal((TaskRuleKind.Invalid, HtmErrorNumbers.FollowOnTypeMismatch), (mismatch.Kind, mismatch.ErrorNumber));
        Assert.Equal(TaskState.Forwarded, forwarded.Task.State);
        Assert.Equal((TaskState.Ready, HierarchyPosition.FollowOnTask, first.Id, first.Id), (followOn.Task.State, followOn.Task.Position, followOn.Task.ParentId, followOn.Task.TopLevelId));
        Assert.Equal("<decision><approved>true</approved></decision>", followOn.Task.Input);
        Assert.Equal(("olga", "mia", (DateTimeOffset?)null), (followOn.Task.Originator, followOn.Task.Starter, followOn.Task.ExpiresAt));
        Assert.True(suspended.Task.IsSuspended);
        Assert.Equal(TaskState.Expired, expired.Task.State);
        Assert.Equal(TaskState.Forwarded, head.Task.State);
        Assert.Equal((TaskState.Ready, "<decision><approved>true</approved></decision>"), (restarted.Task.State, restarted.Task.Output));
        await Assert.ThrowsAsync<NotFoundException>(() => Tasks.GetAsync(Olga, followOn.Task.Id, Ct));
    }

    [Fact]
    public async Task Restart_ResolvesThePeopleAgain_SoATransferDoesNotSurviveIt_AndTheEscalatedPriorityGoes()
    {
        var task = await CreateAsync(await SaveAsync(Work));
        Time.Advance(TimeSpan.FromMinutes(30));
        await Node.GetRequiredService<TimerTick>().RunOnceAsync(Ct);
        var escalated = await Tasks.GetAsync(Olga, task.Id, Ct);
        await People.TransferAsync(Olga, task.Id, TaskRole.Reader, "rita", "eve", null, null, Ct);
        await People.TransferAsync(Olga, task.Id, TaskRole.PotentialOwner, "max", "eve", null, null, Ct);
        await Tasks.ClaimAsync(Mia, task.Id, Ct);
        await Tasks.CompleteAsync(Mia, task.Id, Approved, null, Ct);

        var restarted = await Tasks.RestartAsync(Olga, task.Id, keepResultMessages: false, input: null, Ct);
        var readable = await Tasks.GetAsync(Rita, task.Id, Ct);

        string Members(TaskRole role) => string.Join(",", restarted.WorkItems.Where(w => w.Reason == role).Select(w => w.Principal).Order(StringComparer.Ordinal));
        Assert.Equal((true, 3), (escalated.Task.IsEscalated, escalated.Task.Priority));
        Assert.Equal((false, 4), (restarted.Task.IsEscalated, restarted.Task.Priority));
        Assert.Equal(("rita", "max,mia", "ada", "olga", "olga", ""),
            (Members(TaskRole.Reader), Members(TaskRole.PotentialOwner), Members(TaskRole.Administrator), Members(TaskRole.Originator), Members(TaskRole.Starter), Members(TaskRole.Owner)));
        Assert.Equal(("olga", "olga"), (restarted.Task.Originator, restarted.Task.Starter));
        Assert.Contains(TaskRole.Reader, readable.Caller.Roles);
    }

    [Fact]
    public async Task AFollowOnChain_IsAutoDeletedWhole_WhenItsLastTaskEnds_AndItsForwardedTaskNeverAlone()
    {
        var head = await CreateAsync(await SaveAsync(Step));
        await Tasks.ClaimAsync(Mia, head.Id, Ct);
        var forwarded = await Hierarchy.CompleteWithFollowOnAsync(Mia, head.Id, await SaveAsync(Done), Approved, Ct);
        var followOn = forwarded.Task.FollowOnId!;

        Time.Advance(TimeSpan.FromMinutes(5));
        await Tasks.ClaimAsync(Hank, followOn, Ct);
        var done = await Tasks.CompleteAsync(Hank, followOn, null, null, Ct);
        Time.Advance(TimeSpan.FromMinutes(30));
        await Node.GetRequiredService<TimerTick>().RunOnceAsync(Ct);
        var headKept = await Tasks.GetAsync(Olga, head.Id, Ct);
        var lastKept = await Tasks.GetAsync(Olga, followOn, Ct);
        Time.Advance(TimeSpan.FromMinutes(30));
        await Node.GetRequiredService<TimerTick>().RunOnceAsync(Ct);

        Assert.Null(forwarded.Task.DeletionAt);
        Assert.Equal(done.Task.CompletedAt!.Value.AddHours(1), done.Task.DeletionAt);
        Assert.Equal((TaskState.Forwarded, TaskState.Finished), (headKept.Task.State, lastKept.Task.State));
        await Assert.ThrowsAsync<NotFoundException>(() => Tasks.GetAsync(Olga, head.Id, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Tasks.GetAsync(Olga, followOn, Ct));
    }

    [Fact]
    public async Task AnEscalationInAChain_EscalatesTheChain_AndFollowOnsOfAnEscalatedTaskStartEscalated()
    {
        var work = await SaveAsync(Work);
        var review = await SaveAsync(Review);
        var late = await CreateAsync(work);
        var quick = await CreateAsync(work);
        await Tasks.ClaimAsync(Mia, quick.Id, Ct);
        var quickReview = (await Hierarchy.CompleteWithFollowOnAsync(Mia, quick.Id, review, Approved, Ct)).Task.FollowOnId!;
        var before = await Tasks.GetAsync(Olga, quick.Id, Ct);

        Time.Advance(TimeSpan.FromMinutes(10));
        await Node.GetRequiredService<TimerTick>().RunOnceAsync(Ct);
        var reviewEscalated = await Tasks.GetAsync(Olga, quickReview, Ct);
        var headEscalated = await Tasks.GetAsync(Olga, quick.Id, Ct);
        Time.Advance(TimeSpan.FromMinutes(20));
        await Node.GetRequiredService<TimerTick>().RunOnceAsync(Ct);
        await Tasks.ClaimAsync(Mia, late.Id, Ct);
        var lateReview = (await Hierarchy.CompleteWithFollowOnAsync(Mia, late.Id, review, Approved, Ct)).Task.FollowOnId!;
        var inherited = await Tasks.GetAsync(Olga, lateReview, Ct);

        Assert.False(before.Task.IsEscalated);
        Assert.True(reviewEscalated.Task.IsEscalated);
        Assert.True(headEscalated.Task.IsEscalated);
        Assert.True(inherited.Task.IsEscalated);
    }

    private async Task<HumanTask> CreateAsync(string template) =>
        (await Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Async), Ct)).Task;
}
