using System.Net;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// <c>PUT /task/{tkiid}?action=restart</c> (ibm-bpm-htm.md §3.3, §5.1, §5.2) and Taskforge's
/// <c>action=completeWithFollowOnTask</c> extension (IBM has it in Java only, §2 row 28; §5.3).
/// </summary>
public sealed class HtmRestartAndFollowOnTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string Root = HtmWorld.Root;

    private readonly HtmWorld _world = new(fixture.Server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _world.SetUpAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A review of an approval's decision: its input is the approval's output type.</summary>
    private static string Review(string name) => """
        {"name": "NAME", "kind": "collaboration",
         "input": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}, {"name": "comment", "type": "string"}]},
         "roles": {"potentialOwners": {"users": ["max"]}, "potentialInstanceCreators": "everybody", "potentialStarters": "everybody"}}
        """.Replace("NAME", name, StringComparison.Ordinal);

    private static string ApprovalWithFollowOns(string name) =>
        HtmWorld.Approval(name).Replace("\"supportsSubTasks\": true", "\"supportsSubTasks\": true, \"supportsFollowOnTasks\": true", StringComparison.Ordinal);

    [Fact]
    public async Task Restart_BringsAFinishedTaskBackToReady_WithANewInput_AndKeepsTheOutputOnlyWhenAsked()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("Restart")));
        var inactive = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("Restart")), mode: "createOnly");
        using var olga = _world.As("olga");
        using var mia = _world.As("mia");
        await FinishAsync(mia, tkiid);

        var byOwner = await mia.PutAsync($"{Root}task/{tkiid}?action=restart", null, Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var kept = await olga.PutAsync($"{Root}task/{tkiid}?action=restart&keepResultMessages=true", null, Ct).JsonAsync();
        var keptOutput = await olga.GetAsync($"{Root}task/{tkiid}/output", Ct);
        await FinishAsync(mia, tkiid);
        var restarted = await olga.PutAsync($"{Root}task/{tkiid}?action=restart",
            HtmWorld.Xml("""<request xmlns="http://example/approvals"><amount>99</amount></request>"""), Ct).JsonAsync();
        var droppedOutput = await olga.GetAsync($"{Root}task/{tkiid}/output", Ct);
        var input = await olga.GetAsync($"{Root}task/{tkiid}/input", Ct).JsonAsync();
        var notStarted = await olga.PutAsync($"{Root}task/{inactive}?action=restart", null, Ct).JsonAsync(HttpStatusCode.Conflict);

        Assert.Equal("CWTKA0068E", byOwner!["errorNumber"]!.GetValue<string>());
        Assert.Equal("STATE_READY", kept!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, keptOutput.StatusCode);
        Assert.Equal("STATE_READY", restarted!["state"]!.GetValue<string>());
        Assert.False(restarted.AsObject().ContainsKey("owner") && restarted["owner"] is not null);
        Assert.Equal(HttpStatusCode.NoContent, droppedOutput.StatusCode);
        Assert.Contains("<amount>99</amount>", input!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("CWTKA0062E", notStarted!["errorNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restart_OfAFinishedInvocationTask_InvokesItsWorkflowAgain()
    {
        await HtmInvocationTests.SaveWorkflowAsync(fixture.Server, "htm-check", HtmInvocationTests.CheckWorkflow);
        var tktid = await _world.TemplateAsync(HtmInvocationTests.Check("RestartCheck", "htm-check"));
        using var olga = _world.As("olga");
        var created = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=createOnly", HtmWorld.Json("""{"amount": 3}"""), Ct).JsonAsync(HttpStatusCode.Created);
        var tkiid = created!["tkiid"]!.GetValue<string>();
        await olga.PutAsync($"{Root}task/{tkiid}?action=start&mode=sync", null, Ct).JsonAsync();

        var restarted = await olga.PutAsync($"{Root}task/{tkiid}?action=restart", HtmWorld.Json("""{"amount": 4}"""), Ct).JsonAsync();
        JsonNode? task = null;
        for (var attempt = 0; attempt < 100 && task?["state"]?.GetValue<string>() != "STATE_FINISHED"; attempt++)
        {
            await Task.Delay(100, Ct);
            task = await olga.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync();
        }

        var output = await olga.GetAsync($"{Root}task/{tkiid}/output", Ct).JsonAsync();
        Assert.Equal("STATE_RUNNING", restarted!["state"]!.GetValue<string>());
        Assert.Equal("STATE_FINISHED", task!["state"]!.GetValue<string>());
        Assert.Contains("<verdict>fine: 4</verdict>", output!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteWithFollowOnTask_ForwardsTheTask_AndStartsTheFollowOnWithItsOutput()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(ApprovalWithFollowOns("Forwarding")));
        var plain = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("NotForwarding")));
        var review = await _world.TemplateAsync(Review("Review"));
        var inactiveReview = await _world.TemplateAsync(Review("ReviewLater"));
        using var mia = _world.As("mia");
        using var max = _world.As("max");
        using var olga = _world.As("olga");
        (await mia.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        (await mia.PutAsync($"{Root}task/{plain}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        var later = await olga.PostAsync($"{Root}task?taskTemplateID={inactiveReview}&mode=createOnly", null, Ct).JsonAsync(HttpStatusCode.Created);

        var both = await mia.PutAsync($"{Root}task/{tkiid}?action=completeWithFollowOnTask&followOnTaskTemplateID={review}&followOnTaskID={later!["tkiid"]}", null, Ct)
            .JsonAsync(HttpStatusCode.BadRequest);
        var unsupported = await mia.PutAsync($"{Root}task/{plain}?action=completeWithFollowOnTask&followOnTaskTemplateID={review}",
            HtmWorld.Xml("<decision><approved>true</approved></decision>"), Ct).JsonAsync(HttpStatusCode.Conflict);
        var forwarded = await mia.PutAsync($"{Root}task/{tkiid}?action=completeWithFollowOnTask&followOnTaskTemplateID={review}",
            HtmWorld.Xml("<decision><approved>true</approved><comment>check the receipt</comment></decision>"), Ct).JsonAsync();
        var followOnId = forwarded!["followOnTaskID"]!.GetValue<string>();
        var followOn = await max.GetAsync($"{Root}task/{followOnId}", Ct).JsonAsync();
        var followOnInput = await max.GetAsync($"{Root}task/{followOnId}/input", Ct).JsonAsync();

        Assert.Equal("CWTKA0123E", both!["errorNumber"]!.GetValue<string>());
        Assert.Equal("CWTKA0077E", unsupported!["errorNumber"]!.GetValue<string>());
        Assert.Equal("STATE_FORWARDED", forwarded["state"]!.GetValue<string>());
        Assert.Equal("STATE_READY", followOn!["state"]!.GetValue<string>());
        Assert.Equal("HIERARCHY_POSITION_FOLLOW_ON_TASK", followOn["positionInHierarchy"]!.GetValue<string>());
        Assert.Contains("<comment>check the receipt</comment>", followOnInput!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteWithFollowOnTask_ContinuesWithAnInactiveTask()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(ApprovalWithFollowOns("ForwardingToExisting")));
        using var mia = _world.As("mia");
        var created = await mia.PostAsync($"{Root}task?taskTemplateID={await _world.TemplateAsync(Review("ExistingReview"))}&mode=createOnly", null, Ct)
            .JsonAsync(HttpStatusCode.Created);
        var existing = created!["tkiid"]!.GetValue<string>();
        (await mia.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct)).EnsureSuccessStatusCode();

        var forwarded = await mia.PutAsync($"{Root}task/{tkiid}?action=completeWithFollowOnTask&followOnTaskID={existing}",
            HtmWorld.Json("""{"approved": false}"""), Ct).JsonAsync();
        var followOn = await mia.GetAsync($"{Root}task/{existing}", Ct).JsonAsync();

        Assert.Equal(existing, forwarded!["followOnTaskID"]!.GetValue<string>());
        Assert.Equal("STATE_READY", followOn!["state"]!.GetValue<string>());
    }

    private static async Task FinishAsync(HttpClient owner, string tkiid)
    {
        (await owner.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        await owner.PutAsync($"{Root}task/{tkiid}?action=complete", HtmWorld.Xml("<decision><approved>true</approved></decision>"), Ct).JsonAsync();
    }
}
