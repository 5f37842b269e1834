using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine;
using Taskforge.Server.Faces.Htm;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>
/// Human tasks below the faces, on each dialect: the lifecycle of ibm-bpm-htm.md §5 with its roles, the claim race,
/// subtasks, and the history each action leaves.
/// </summary>
public abstract class HumanTaskCompliance : EngineNodeTestBase
{
    private const string Approval = """
        {"name": "Approve", "namespace": "http://example/approvals", "kind": "to-do", "priority": 4, "durationUntilExpires": "P7D",
         "supportsSubTasks": true,
         "input": {"element": "request", "fields": [{"name": "amount", "type": "decimal", "required": true}]},
         "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
         "faults": {"rejected": {"element": "rejection", "fields": [{"name": "reason", "type": "string", "required": true}]}},
         "roles": {"potentialOwners": {"groups": ["managers"]}, "potentialInstanceCreators": {"users": ["olga"]},
                   "potentialStarters": {"users": ["olga"]}, "readers": {"users": ["rita"]}}}
        """;

    private const string Help = """
        {"name": "Help", "kind": "collaboration", "roles": {"potentialOwners": {"users": ["hank"]}}}
        """;

    private static readonly Caller Olga = new("1", "olga", SystemRoles.None, []);
    private static readonly Caller Mia = new("2", "mia", SystemRoles.None, ["Managers"]);
    private static readonly Caller Max = new("3", "max", SystemRoles.None, ["managers"]);
    private static readonly Caller Rita = new("4", "rita", SystemRoles.None, []);
    private static readonly Caller Hank = new("5", "hank", SystemRoles.None, []);
    private static readonly Caller Eve = new("6", "eve", SystemRoles.None, []);

    private TaskLifecycleService Tasks => Node.GetRequiredService<TaskLifecycleService>();

    private TaskDataService Data => Node.GetRequiredService<TaskDataService>();

    private TaskHierarchyService Hierarchy => Node.GetRequiredService<TaskHierarchyService>();

    private TaskQueryService TaskQueries => Node.GetRequiredService<TaskQueryService>();

    private TaskTemplateService Templates => Node.GetRequiredService<TaskTemplateService>();

    [Fact]
    public async Task ATask_GoesFromCreationThroughClaimToFinished_WithItsRolesAndHistory()
    {
        var template = await SaveAsync(Approval);
        var created = await Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Async, Input: BusinessMessage.FromXml("<request><amount>12.50</amount></request>")), Ct);
        var (claimed, input) = await Tasks.ClaimAsync(Mia, created.Task.Id, Ct);
        await Data.SetOutputAsync(Mia, created.Task.Id, BusinessMessage.FromJson(new JsonObject { ["approved"] = false }), Ct);
        var done = await Tasks.CompleteAsync(Mia, created.Task.Id, BusinessMessage.FromJson(new JsonObject { ["approved"] = true }), null, Ct);
        var read = await Tasks.GetAsync(Rita, created.Task.Id, Ct);
        var history = await Data.GetHistoryAsync(Olga, created.Task.Id, Ct);

        Assert.Equal(TaskState.Ready, created.Task.State);
        Assert.Equal("olga", created.Task.Starter);
        Assert.Equal(Time.GetUtcNow().AddDays(7), created.Task.ExpiresAt);
        Assert.Contains(created.WorkItems, w => w is { Reason: TaskRole.PotentialOwner, Kind: WorkItemKind.Group, Principal: "managers" });
        Assert.Equal(TaskState.Claimed, claimed.Task.State);
        Assert.Equal("mia", claimed.Task.Owner);
        Assert.Contains(TaskRole.Owner, claimed.Caller.Roles);
        Assert.Equal("<request><amount>12.50</amount></request>", input);
        Assert.Equal(TaskState.Finished, done.Task.State);
        Assert.Equal("<decision><approved>true</approved></decision>", done.Task.Output);
        Assert.Equal(TaskState.Finished, read.Task.State);
        Assert.Equal([TaskRole.Reader], read.Caller.Roles);
        Assert.Equal([TaskEvents.Created, TaskEvents.Started, TaskEvents.Claimed, TaskEvents.OutputSet, TaskEvents.Completed], history.Select(e => e.Event));
    }

    [Fact]
    public async Task ManyClaimsAtOnce_HaveExactlyOneWinner_AndEveryLoserGetsAStateConflict()
    {
        var template = await SaveAsync(Approval);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Async), Ct)).Task.Id);
        }

        var claimers = Enumerable.Range(0, 6).Select(i => new Caller($"c{i}", $"manager{i}", SystemRoles.None, ["managers"])).ToList();
        var attempts = ids.SelectMany(id => claimers.Select(c => Task.Run(async () =>
        {
            try
            {
                await Tasks.ClaimAsync(c, id, Ct);
                return (id, Winner: c.UserName, Error: (TaskRuleException?)null);
            }
            catch (TaskRuleException ex)
            {
                return (id, Winner: (string?)null, Error: ex);
            }
        }, Ct))).ToList();
        var results = await Task.WhenAll(attempts);

        foreach (var id in ids)
        {
            var outcomes = results.Where(r => r.id == id).ToList();
            var winner = Assert.Single(outcomes, r => r.Winner is not null).Winner;
            Assert.All(outcomes.Where(r => r.Winner is null), r =>
            {
                Assert.Equal(TaskRuleKind.Conflict, r.Error!.Kind);
                Assert.Equal(HtmErrorNumbers.TaskStateDoesNotAllowAction, r.Error.ErrorNumber);
            });
            var task = await Tasks.GetAsync(Olga, id, Ct);
            Assert.Equal(winner, task.Task.Owner);
            Assert.Equal([winner!], task.WorkItems.Where(w => w.Reason == TaskRole.Owner).Select(w => w.Principal));
        }
    }

    [Fact]
    public async Task ChangesCommittedTogether_FailOnlyWhereTheirOwnFenceFails()
    {
        var template = await SaveAsync(Approval);
        var store = Node.GetRequiredService<ITaskStore>();
        var tasks = new List<HumanTask>();
        for (var i = 0; i < 8; i++)
        {
            tasks.Add((await Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Async), Ct)).Task);
        }

        // Every change renames its task and records it; the stale ones expect a version their task no longer has, and
        // number their history entry as the committed version's (a collision the fence must answer, not an error).
        var stale = new HashSet<string>([tasks[2].Id, tasks[5].Id]);
        var changes = tasks.Select(t =>
        {
            var expected = stale.Contains(t.Id) ? t.Version - 1 : t.Version;
            var change = new TaskChange();
            change.Tasks.Add(new TaskWrite(t with { DisplayName = "renamed", Version = expected + 1 }, expected));
            change.Roles.Add(new RoleWrite(t.Id, TaskRole.Reader, [WorkItem.ForUser(TaskRole.Reader, "Rolf")]));
            change.Events.Add(new TaskEvent(t.Id, (expected + 1) * 64, "renamed", Time.GetUtcNow(), "olga"));
            return (t.Id, Change: change);
        }).ToList();
        var applied = await Task.WhenAll(changes.Select(c => Task.Run(() => store.ApplyAsync(c.Change, Ct), Ct)));

        foreach (var ((id, _), ok) in changes.Zip(applied))
        {
            var after = (await store.FindAsync(id, Ct))!;
            Assert.Equal(!stale.Contains(id), ok);
            Assert.Equal(ok ? "renamed" : null, after.Task.DisplayName);
            Assert.Equal(ok, after.WorkItems.Contains(WorkItem.ForUser(TaskRole.Reader, "rolf")));
            Assert.Equal(ok, (await store.ListEventsAsync(id, Ct)).Any(e => e.Event == "renamed"));
        }
    }

    [Fact]
    public async Task ACreatedTask_AnswersAsItIsThenRead()
    {
        var template = await SaveAsync(Approval);

        var created = await Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Async, Input: BusinessMessage.FromXml("<request><amount>3</amount></request>")), Ct);
        var read = await Tasks.GetAsync(Olga, created.Task.Id, Ct);

        // The store keeps instants to the millisecond, as the Task JSON shows them.
        static object Shown(HumanTask t) => new
        {
            t.Id, t.State, t.Version, t.Priority, t.Originator, t.Starter, t.Owner, t.Input, t.TopLevelId, t.DurationUntilExpires,
            Created = t.CreatedAt.ToUnixTimeMilliseconds(), Activated = t.ActivatedAt?.ToUnixTimeMilliseconds(), Expires = t.ExpiresAt?.ToUnixTimeMilliseconds(),
            Texts = string.Join("|", t.CustomTexts), Properties = string.Join("|", t.CustomProperties.OrderBy(p => p.Key)),
        };
        Assert.Equal(Shown(read.Task), Shown(created.Task));
        Assert.Equal(read.WorkItems.OrderBy(w => w.ToString()), created.WorkItems.OrderBy(w => w.ToString()));
        Assert.Equal(read.Caller.Roles.Order(), created.Caller.Roles.Order());
    }

    [Fact]
    public async Task TheInbox_FollowsEachTasksStateAndPriority_ThroughItsWorkItems()
    {
        var template = await SaveAsync(Approval);
        var admin = new Caller("9", "ada", SystemRoles.Administrator, []);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Async), Ct)).Task.Id);
        }

        async Task<List<string>> InboxAsync(Caller caller) =>
            [.. (await TaskQueries.QueryStoredAsync(caller, "TASKS_CLAIMABLE", new TaskQueryOptions(), Ct)).Tasks.Select(t => t.Task.Id)];

        var before = await InboxAsync(Mia);
        await Data.UpdateAsync(admin, ids[2], new TaskUpdate { Priority = 1 }, Ct);
        var reordered = await InboxAsync(Mia);
        await Tasks.ClaimAsync(Max, ids[0], Ct);
        var afterClaim = await InboxAsync(Mia);
        await Tasks.CancelClaimAsync(Max, ids[0], keepTaskData: false, Ct);
        var afterCancel = await InboxAsync(Mia);
        await Tasks.SuspendAsync(admin, ids[1], null, Ct);
        var afterSuspend = await InboxAsync(Mia);
        var owned = (await TaskQueries.QueryStoredAsync(Max, "TASKS_OWNED", new TaskQueryOptions(), Ct)).Tasks;
        // Work items made while the task was INACTIVE must follow it to READY.
        var late = (await Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.CreateOnly), Ct)).Task.Id;
        var inactive = await InboxAsync(Mia);
        await Tasks.StartAsync(Olga, late, null, Ct);
        var started = await InboxAsync(Mia);

        // By priority, then by id (the query's tie-break).
        List<string> Ordered(params string[] same) => [.. same.Order(StringComparer.Ordinal)];
        Assert.Equal(Ordered([.. ids]), before);
        Assert.Equal([ids[2], .. Ordered(ids[0], ids[1])], reordered);
        Assert.Equal([ids[2], ids[1]], afterClaim);
        Assert.Equal([ids[2], .. Ordered(ids[0], ids[1])], afterCancel);
        Assert.Equal([ids[2], ids[0]], afterSuspend);
        Assert.Empty(owned);
        Assert.DoesNotContain(late, inactive);
        Assert.Contains(late, started);
        Assert.Empty(await InboxAsync(Olga));
    }

    [Fact]
    public async Task TheRules_AnswerWithIbmsNumbers()
    {
        var template = await SaveAsync(Approval);
        var task = (await Tasks.CreateAsync(Olga, new TaskCreation(template), Ct)).Task;

        var notCreator = await Assert.ThrowsAsync<TaskRuleException>(() => Tasks.CreateAsync(Eve, new TaskCreation(template), Ct));
        var inactiveClaim = await Assert.ThrowsAsync<TaskRuleException>(() => Tasks.ClaimAsync(Mia, task.Id, Ct));
        var stranger = await Assert.ThrowsAsync<TaskRuleException>(() => Tasks.GetAsync(Eve, task.Id, Ct));
        var badInput = await Assert.ThrowsAsync<TaskRuleException>(() =>
            Tasks.CreateAsync(Olga, new TaskCreation(template, Input: BusinessMessage.FromXml("<request><amount>lots</amount></request>")), Ct));
        var sync = await Assert.ThrowsAsync<TaskRuleException>(() => Tasks.CreateAsync(Olga, new TaskCreation(template, TaskStartMode.Sync), Ct));
        await Templates.SetStartedAsync(Caller.System, template, started: false, Ct);
        var stopped = await Assert.ThrowsAsync<TaskRuleException>(() => Tasks.CreateAsync(Olga, new TaskCreation(template), Ct));

        Assert.Equal((TaskRuleKind.NotAllowed, HtmErrorNumbers.NotAuthorizedForTemplate), (notCreator.Kind, notCreator.ErrorNumber));
        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.TaskStateDoesNotAllowAction), (inactiveClaim.Kind, inactiveClaim.ErrorNumber));
        Assert.Equal((TaskRuleKind.NotAllowed, HtmErrorNumbers.NotAuthorizedForTask), (stranger.Kind, stranger.ErrorNumber));
        Assert.Equal((TaskRuleKind.Invalid, HtmErrorNumbers.InvalidDocument), (badInput.Kind, badInput.ErrorNumber));
        Assert.Contains("amount", badInput.Parameters.Single());
        Assert.Equal((TaskRuleKind.Invalid, HtmErrorNumbers.InvalidParameterSet), (sync.Kind, sync.ErrorNumber));
        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.TemplateStateDoesNotAllowAction), (stopped.Kind, stopped.ErrorNumber));
    }

    [Fact]
    public async Task ATemplateStoppedOnAnotherNode_StopsCreatesHere_ThoughThisNodeKnowsItStarted()
    {
        var template = await SaveAsync(Approval);
        await Tasks.CreateAsync(Olga, new TaskCreation(template), Ct);
        await using var other = NewNode();
        var there = other.GetRequiredService<TaskTemplateService>();

        await there.SetStartedAsync(Caller.System, template, started: false, Ct);
        var stopped = await Assert.ThrowsAsync<TaskRuleException>(() => Tasks.CreateAsync(Olga, new TaskCreation(template), Ct));
        await there.SetStartedAsync(Caller.System, template, started: true, Ct);
        var created = await Tasks.CreateAsync(Olga, new TaskCreation(template), Ct);

        Assert.Equal((TaskRuleKind.Conflict, HtmErrorNumbers.TemplateStateDoesNotAllowAction), (stopped.Kind, stopped.ErrorNumber));
        Assert.Equal(TaskState.Inactive, created.Task.State);
        Assert.Equal(2, (await TaskQueries.QueryAsync(Olga, new TaskQueryOptions(), Ct)).Tasks.Count);
    }

    [Fact]
    public async Task AParentWaitsForItsSubtasks_AndTerminatingItTakesThemAlong()
    {
        var approval = await SaveAsync(Approval);
        var help = await SaveAsync(Help);
        var parent = (await Tasks.CreateAsync(Olga, new TaskCreation(approval, TaskStartMode.Async), Ct)).Task;
        await Tasks.ClaimAsync(Mia, parent.Id, Ct);
        var first = (await Tasks.CreateAsync(Mia, new TaskCreation(help, TaskStartMode.Async, "subTask", parent.Id), Ct)).Task;
        var second = (await Tasks.CreateAsync(Mia, new TaskCreation(help, TaskStartMode.Async, "subTask", parent.Id), Ct)).Task;
        var waiting = await Tasks.GetAsync(Mia, parent.Id, Ct);
        var blocked = await Assert.ThrowsAsync<TaskRuleException>(() =>
            Tasks.CompleteAsync(Mia, parent.Id, BusinessMessage.FromXml("<decision><approved>true</approved></decision>"), null, Ct));
        await Tasks.ClaimAsync(Hank, first.Id, Ct);
        await Tasks.CompleteAsync(Hank, first.Id, null, null, Ct);
        var stillWaiting = await Tasks.GetAsync(Mia, parent.Id, Ct);
        await Tasks.TerminateAsync(Olga, parent.Id, Ct);
        var subtasks = await Hierarchy.GetSubTasksAsync(Olga, parent.Id, Ct);

        Assert.Equal(HierarchyPosition.SubTask, first.Position);
        Assert.Equal(parent.Id, first.TopLevelId);
        Assert.True(waiting.Task.IsWaitingForSubTask);
        Assert.Equal(HtmErrorNumbers.TaskWaitingForSubTasks, blocked.ErrorNumber);
        Assert.True(stillWaiting.Task.IsWaitingForSubTask);
        Assert.Equal(
            new[] { (first.Id, TaskState.Finished), (second.Id, TaskState.Terminated) }.OrderBy(s => s.Item1, StringComparer.Ordinal),
            subtasks.Select(s => (s.Task.Id, s.Task.State)).OrderBy(s => s.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task SubtasksEndingReleaseTheirParent_AndDeleteTakesTheHierarchy()
    {
        var approval = await SaveAsync(Approval);
        var help = await SaveAsync(Help);
        var parent = (await Tasks.CreateAsync(Olga, new TaskCreation(approval, TaskStartMode.Async), Ct)).Task;
        await Tasks.ClaimAsync(Max, parent.Id, Ct);
        var sub = (await Tasks.CreateAsync(Max, new TaskCreation(help, TaskStartMode.Async, "subTask", parent.Id), Ct)).Task;
        await Tasks.TerminateAsync(Max, sub.Id, Ct);
        var released = await Tasks.GetAsync(Max, parent.Id, Ct);
        await Tasks.CompleteAsync(Max, parent.Id, BusinessMessage.FromXml("<decision><approved>false</approved></decision>"), null, Ct);
        await Tasks.DeleteAsync(Olga, parent.Id, Ct);

        Assert.False(released.Task.IsWaitingForSubTask);
        await Assert.ThrowsAsync<Taskforge.Engine.Errors.NotFoundException>(() => Tasks.GetAsync(Olga, parent.Id, Ct));
        await Assert.ThrowsAsync<Taskforge.Engine.Errors.NotFoundException>(() => Tasks.GetAsync(Caller.System, sub.Id, Ct));
    }
}
