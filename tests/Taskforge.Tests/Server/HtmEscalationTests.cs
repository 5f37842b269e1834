using System.Net;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// Escalations over HTTP (ibm-bpm-htm.md §3.5 escalationInfo, §3.8): the grouped view, one escalation, the manual trigger,
/// and one that fires by its own timer (the server under test runs in real time, so that one waits a second).
/// </summary>
public sealed class HtmEscalationTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string Root = HtmWorld.Root;

    private readonly HtmWorld _world = new(fixture.Server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _world.SetUpAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Two chains start when the task is READY (a reminder chain of two, and a one-second nudge); one when it is CLAIMED.
    private static string Escalating(string name) => HtmWorld.Approval(name).Replace("\"supportsSubTasks\": true,", """
        "supportsSubTasks": true,
        "escalationChains": [
          {"escalations": [{"name": "remind", "activationState": "ready", "durationUntilEscalated": "PT1H", "expectedState": "claimed",
                            "action": "workItems", "receivers": {"users": ["rita", "eve"]}, "increasePriority": "once"},
                           {"name": "insist", "durationUntilEscalated": "PT2H", "expectedState": "claimed", "action": "event"}]},
          {"escalations": [{"name": "nudge", "activationState": "ready", "durationUntilEscalated": "PT1S", "expectedState": "claimed", "action": "event"}]},
          {"escalations": [{"name": "finish", "activationState": "claimed", "durationUntilEscalated": "P1D", "expectedState": "ended", "action": "event",
                            "durationUntilRepeated": "PT12H"}]}],
        """, StringComparison.Ordinal);

    [Fact]
    public async Task EscalationInfo_GroupsTheChainsByActivationState_AndAnAdministratorTriggersOne()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(Escalating("Escalating")));
        using var olga = _world.As("olga");
        using var mia = _world.As("mia");
        using var eve = _world.As("eve");
        using var admin = fixture.Server.Admin();

        var info = await olga.GetAsync($"{Root}task/{tkiid}/escalationInfo", Ct).JsonAsync();
        var byState = info!["escalationInfo"]!.AsArray();
        var ready = byState.Single(s => s!["activationState"]!.GetValue<string>() == "ACTIVATION_STATE_READY")!["escalationChains"]!.AsArray();
        var claimed = byState.Single(s => s!["activationState"]!.GetValue<string>() == "ACTIVATION_STATE_CLAIMED")!["escalationChains"]!.AsArray();
        var remind = ready[0]!["escalationChain"]![0]!;
        var insist = ready[0]!["escalationChain"]![1]!;
        var esiid = remind["esiid"]!.GetValue<string>();
        var one = await olga.GetAsync($"{Root}escalation/{esiid}", Ct).JsonAsync();
        var strangerReads = await eve.GetAsync($"{Root}escalation/{esiid}", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var strangerCannotSeeTask = await eve.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var byPotentialOwner = await mia.PutAsync($"{Root}escalation/{esiid}?action=trigger", null, Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var triggered = await admin.PutAsync($"{Root}escalation/{esiid}?action=trigger", null, Ct).JsonAsync();
        var again = await admin.PutAsync($"{Root}escalation/{esiid}?action=trigger", null, Ct).JsonAsync(HttpStatusCode.Conflict);
        var receiverReads = await eve.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync();
        var insistNow = await olga.GetAsync($"{Root}escalation/{insist["esiid"]!.GetValue<string>()}", Ct).JsonAsync();
        var unknown = await olga.GetAsync($"{Root}escalation/_ESI:nothing", Ct).JsonAsync(HttpStatusCode.NotFound);
        var badAction = await admin.PutAsync($"{Root}escalation/{esiid}?action=delete", null, Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(2, byState.Count);
        Assert.Equal(2, ready.Count);
        Assert.Single(claimed);
        Assert.Equal(("remind", "ACTION_CREATE_WORK_ITEM", "STATE_WAITING"), (Text(remind, "name"), Text(remind, "action"), Text(remind, "state")));
        Assert.Equal(("PT1H", "AT_LEAST_EXPECTED_STATE_CLAIMED", "INCREASE_PRIORITY_ONCE"),
            (Text(remind, "durationUntilEscalated"), Text(remind, "atLeastExpectedState"), Text(remind, "increasePriority")));
        Assert.Equal(DateTimeOffset.Parse(Text(remind, "activationTime")!, System.Globalization.CultureInfo.InvariantCulture).AddHours(1),
            DateTimeOffset.Parse(Text(remind, "escalationTime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("insist", "ACTION_CREATE_EVENT", "STATE_INACTIVE"), (Text(insist, "name"), Text(insist, "action"), Text(insist, "state")));
        var finish = claimed[0]!["escalationChain"]![0]!;
        Assert.Equal(("STATE_INACTIVE", "AT_LEAST_EXPECTED_STATE_ENDED", "PT12H"), (Text(finish, "state"), Text(finish, "atLeastExpectedState"), Text(finish, "durationUntilRepeated")));
        Assert.Equal((esiid, tkiid), (Text(one!, "esiid"), Text(one!, "tkiid")));
        Assert.NotNull(strangerReads);
        Assert.NotNull(strangerCannotSeeTask);
        Assert.Equal("CWTKA0066E", Text(byPotentialOwner!, "errorNumber"));
        Assert.Equal("STATE_ESCALATED", Text(triggered!, "state"));
        Assert.Equal("CWTKA0117E", Text(again!, "errorNumber"));
        Assert.True(receiverReads!["isEscalated"]!.GetValue<bool>());
        Assert.Equal("STATE_WAITING", Text(insistNow!, "state"));
        Assert.Equal("CWTKA0026E", Text(unknown!, "errorNumber"));
        Assert.Equal("CWTKA0158E", Text(badAction!, "errorNumber"));
    }

    [Fact]
    public async Task UpdateEscalation_AnswersTheEscalationAsGetDoes_AndRefusesWhatCannotChange()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(Escalating("EscalatingUpdated")));
        using var olga = _world.As("olga");
        using var mia = _world.As("mia");
        using var admin = fixture.Server.Admin();
        var info = await olga.GetAsync($"{Root}task/{tkiid}/escalationInfo", Ct).JsonAsync();
        var esiid = Text(info!["escalationInfo"]!.AsArray().Single(s => Text(s!, "activationState") == "ACTIVATION_STATE_READY")!
            ["escalationChains"]![0]!["escalationChain"]![0]!, "esiid");

        var updated = await olga.PutAsync($"{Root}escalation/{esiid}?action=update",
            HtmWorld.Json("""{"durationUntilEscalated": "PT5H", "customProperties": {"team": "finance"}}"""), Ct).JsonAsync();
        var read = await olga.GetAsync($"{Root}escalation/{esiid}", Ct).JsonAsync();
        var byPotentialOwner = await mia.PutAsync($"{Root}escalation/{esiid}?action=update", HtmWorld.Json("""{"name": "mine"}"""), Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var notUpdateable = await admin.PutAsync($"{Root}escalation/{esiid}?action=update", HtmWorld.Json("""{"increasePriority": "INCREASE_PRIORITY_NO"}"""), Ct)
            .JsonAsync(HttpStatusCode.BadRequest);
        var noBody = await admin.PutAsync($"{Root}escalation/{esiid}?action=update", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var unknown = await admin.PutAsync($"{Root}escalation/_ESI:nothing?action=update", HtmWorld.Json("""{"name": "x"}"""), Ct).JsonAsync(HttpStatusCode.NotFound);
        await admin.PutAsync($"{Root}escalation/{esiid}?action=trigger", null, Ct).JsonAsync();
        var afterEscalated = await admin.PutAsync($"{Root}escalation/{esiid}?action=update", HtmWorld.Json("""{"durationUntilEscalated": "PT1H"}"""), Ct)
            .JsonAsync(HttpStatusCode.Conflict);

        Assert.Equal(read!.ToJsonString(), updated!.ToJsonString());
        Assert.Equal(("PT5H", "finance"), (Text(updated, "durationUntilEscalated"), Text(updated["customProperties"]!, "team")));
        Assert.Equal(DateTimeOffset.Parse(Text(updated, "activationTime")!, System.Globalization.CultureInfo.InvariantCulture).AddHours(5),
            DateTimeOffset.Parse(Text(updated, "escalationTime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("CWTKA0066E", Text(byPotentialOwner!, "errorNumber"));
        Assert.Equal("CWTKA0041E", Text(notUpdateable!, "errorNumber"));
        Assert.Equal("CWTKA0159E", Text(noBody!, "errorNumber"));
        Assert.Equal("CWTKA0026E", Text(unknown!, "errorNumber"));
        Assert.Equal("CWTKA0061E", Text(afterEscalated!, "errorNumber"));
    }

    [Fact]
    public async Task AnEscalationDueInASecond_FiresByItsTimer()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(Escalating("EscalatingSoon")));
        using var olga = _world.As("olga");

        JsonNode? nudge = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var info = await olga.GetAsync($"{Root}task/{tkiid}/escalationInfo", Ct).JsonAsync();
            nudge = info!["escalationInfo"]![0]!["escalationChains"]!.AsArray().Select(c => c!["escalationChain"]![0]!).Single(e => Text(e, "name") == "nudge");
            if (Text(nudge, "state") == "STATE_ESCALATED")
            {
                break;
            }

            await Task.Delay(200, Ct);
        }

        var task = await olga.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync();
        Assert.Equal("STATE_ESCALATED", Text(nudge!, "state"));
        Assert.True(task!["isEscalated"]!.GetValue<bool>());
    }

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();
}
