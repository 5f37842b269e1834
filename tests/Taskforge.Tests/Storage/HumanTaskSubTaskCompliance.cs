using Microsoft.Extensions.DependencyInjection;
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
/// Subtasks on each dialect (ibm-bpm-htm.md §4.6, §5.1, §5.3): an INACTIVE task started as a subtask, and the
/// parent's escalations that wait for its subtasks.
/// </summary>
public abstract class HumanTaskSubTaskCompliance : EngineNodeTestBase
{
    private const string Parent = """
        {"name": "Parent", "kind": "to-do", "supportsSubTasks": true,
         "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean"}]},
         "roles": {"potentialOwners": {"users": ["mia"]}, "administrators": {"users": ["ada"]}},
         "escalationChains": [
           {"escalations": [{"name": "helpSlow", "activationState": "waitingForSubTask", "durationUntilEscalated": "PT1H", "expectedState": "subTasksCompleted", "action": "event"}]},
           {"escalations": [{"name": "parentSlow", "activationState": "waitingForSubTask", "durationUntilEscalated": "PT3H", "expectedState": "ended", "action": "event"}]}]}
        """;

    private const string Help = """
        {"name": "Help", "kind": "collaboration",
         "roles": {"potentialOwners": {"users": ["hank"]}, "potentialInstanceCreators": "everybody"}}
        """;

    private static readonly Caller Olga = new("1", "olga", SystemRoles.None, []);
    private static readonly Caller Mia = new("2", "mia", SystemRoles.None, []);
    private static readonly Caller Hank = new("3", "hank", SystemRoles.None, []);
    private static readonly Caller Ada = new("4", "ada", SystemRoles.None, []);
    private static readonly Caller Root = new("5", "root", SystemRoles.Administrator, []);

    private TaskLifecycleService Tasks => Node.GetRequiredService<TaskLifecycleService>();

    private TaskEscalationService Escalations => Node.GetRequiredService<TaskEscalationService>();

    private TaskHierarchyService Hierarchy => Node.GetRequiredService<TaskHierarchyService>();

    [Fact]
    public async Task StartAsSubTask_StartsAnInactiveTaskUnderAClaimedParent_WhichThenWaitsForIt()
    {
        var parent = await CreateAsync(Olga, await SaveAsync(Parent), TaskStartMode.Async);
        var help = await SaveAsync(Help);
        var sub = await CreateAsync(Mia, help, TaskStartMode.CreateOnly);
        var foreign = await CreateAsync(Olga, help, TaskStartMode.CreateOnly);
        var toDo = await CreateAsync(Olga, await SaveAsync(Parent), TaskStartMode.CreateOnly);

        var unclaimed = await Assert.ThrowsAsync<TaskRuleException>(() => Hierarchy.StartAsSubTaskAsync(Root, sub.Id, "subTask", parent.Id, null, Ct));
        await Tasks.ClaimAsync(Mia, parent.Id, Ct);
        var noParent = await Assert.ThrowsAsync<TaskRuleException>(() => Hierarchy.StartAsSubTaskAsync(Mia, sub.Id, "subTask", null, null, Ct));
        var notStarter = await Assert.ThrowsAsync<TaskRuleException>(() => Hierarchy.StartAsSubTaskAsync(Mia, foreign.Id, "subTask", parent.Id, null, Ct));
        var notParentOwner = await Assert.ThrowsAsync<TaskRuleException>(() => Hierarchy.StartAsSubTaskAsync(Olga, foreign.Id, "subTask", parent.Id, null, Ct));
        var wrongKind = await Assert.ThrowsAsync<TaskRuleException>(() => Hierarchy.StartAsSubTaskAsync(Olga, toDo.Id, "subTask", parent.Id, null, Ct));
        var started = await Hierarchy.StartAsSubTaskAsync(Mia, sub.Id, "subTask", parent.Id, null, Ct);
        var waiting = await Tasks.GetAsync(Mia, parent.Id, Ct);
        var byParentAdmin = await Tasks.GetAsync(Ada, sub.Id, Ct);
        var twice = await Assert.ThrowsAsync<TaskRuleException>(() => Hierarchy.StartAsSubTaskAsync(Mia, sub.Id, "subTask", parent.Id, null, Ct));
        var stillInactive = await Tasks.GetAsync(Olga, foreign.Id, Ct);
        await Tasks.ClaimAsync(Hank, sub.Id, Ct);
        await Tasks.CompleteAsync(Hank, sub.Id, null, null, Ct);
        var released = await Tasks.GetAsync(Mia, parent.Id, Ct);
        var subtasks = await Hierarchy.GetSubTasksAsync(Mia, parent.Id, Ct);

        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.TaskStateDoesNotAllowAction), (unclaimed.Kind, unclaimed.ErrorNumber));
        Assert.Equal((TaskRuleKind.Invalid, HtmErrorNumbers.MandatoryParameterMissing), (noParent.Kind, noParent.ErrorNumber));
        Assert.Equal(TaskRuleKind.NotAllowed, notStarter.Kind);
        Assert.Equal(TaskRuleKind.NotAllowed, notParentOwner.Kind);
        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.WrongKind), (wrongKind.Kind, wrongKind.ErrorNumber));
        Assert.Equal((TaskState.Ready, HierarchyPosition.SubTask, parent.Id, parent.Id, "mia"),
            (started.Task.State, started.Task.Position, started.Task.ParentId, started.Task.TopLevelId, started.Task.Starter));
        Assert.True(waiting.Task.IsWaitingForSubTask);
        Assert.Contains(TaskRole.Administrator, byParentAdmin.Caller.Roles);
        Assert.Equal(TaskRuleKind.Conflict, twice.Kind);
        Assert.Equal((TaskState.Inactive, HierarchyPosition.TopTask), (stillInactive.Task.State, stillInactive.Task.Position));
        Assert.False(released.Task.IsWaitingForSubTask);
        Assert.Equal([sub.Id], subtasks.Select(s => s.Task.Id));
    }

    [Fact]
    public async Task WaitingForSubTaskEscalations_StartWithTheFirstSubtask_AndEndWithWhatTheyExpect()
    {
        var template = await SaveAsync(Parent);
        var help = await SaveAsync(Help);
        var parent = await CreateAsync(Olga, template, TaskStartMode.Async);
        await Tasks.ClaimAsync(Mia, parent.Id, Ct);
        var beforeSubtask = await EscalationsAsync(parent.Id);

        var start = Time.GetUtcNow();
        var sub = (await Tasks.CreateAsync(Mia, new TaskCreation(help, TaskStartMode.Async, "subTask", parent.Id), Ct)).Task;
        var waiting = await EscalationsAsync(parent.Id);
        Time.Advance(TimeSpan.FromMinutes(30));
        await Tasks.ClaimAsync(Hank, sub.Id, Ct);
        await Tasks.CompleteAsync(Hank, sub.Id, null, null, Ct);
        var subtasksDone = await EscalationsAsync(parent.Id);
        Time.Advance(TimeSpan.FromHours(1));
        await Node.GetRequiredService<TimerTick>().RunOnceAsync(Ct);
        var afterTimer = await Tasks.GetAsync(Mia, parent.Id, Ct);
        await Tasks.CompleteAsync(Mia, parent.Id, BusinessMessage.FromXml("<decision><approved>true</approved></decision>"), null, Ct);
        var ended = await EscalationsAsync(parent.Id);

        Assert.Equal([EscalationState.Inactive, EscalationState.Inactive], beforeSubtask.Select(e => e.State));
        Assert.Equal([(EscalationState.Waiting, (DateTimeOffset?)start.AddHours(1)), (EscalationState.Waiting, start.AddHours(3))], waiting.Select(e => (e.State, e.EscalatesAt)));
        Assert.Equal([EscalationState.Superfluous, EscalationState.Waiting], subtasksDone.Select(e => e.State));
        Assert.False(afterTimer.Task.IsEscalated);
        Assert.Equal([EscalationState.Superfluous, EscalationState.Superfluous], ended.Select(e => e.State));
    }

    [Fact]
    public async Task AParentStillWaitingForASubtaskStartedLater_Escalates()
    {
        var parent = await CreateAsync(Olga, await SaveAsync(Parent), TaskStartMode.Async);
        var sub = await CreateAsync(Mia, await SaveAsync(Help), TaskStartMode.CreateOnly);
        await Tasks.ClaimAsync(Mia, parent.Id, Ct);
        await Hierarchy.StartAsSubTaskAsync(Mia, sub.Id, "subTask", parent.Id, null, Ct);

        Time.Advance(TimeSpan.FromHours(1));
        await Node.GetRequiredService<TimerTick>().RunOnceAsync(Ct);
        var escalations = await EscalationsAsync(parent.Id);
        var escalated = await Tasks.GetAsync(Mia, parent.Id, Ct);
        var subtask = await Tasks.GetAsync(Mia, sub.Id, Ct);

        Assert.Equal([EscalationState.Escalated, EscalationState.Waiting], escalations.Select(e => e.State));
        Assert.True(escalated.Task.IsEscalated);
        Assert.False(subtask.Task.IsEscalated); // §5.3: a parent's escalation is not passed down
    }

    private async Task<List<TaskEscalation>> EscalationsAsync(string taskId) =>
        [.. (await Escalations.GetEscalationsAsync(Olga, taskId, Ct)).Select(e => e.Escalation).OrderBy(e => e.Chain)];

    private async Task<HumanTask> CreateAsync(Caller caller, string template, TaskStartMode mode) =>
        (await Tasks.CreateAsync(caller, new TaskCreation(template, mode), Ct)).Task;
}
