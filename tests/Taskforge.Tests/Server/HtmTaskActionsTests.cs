using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary><c>PUT /task/{tkiid}?action=</c>, DELETE, the sub-resources of a task, and the bulk operations on <c>PUT /task</c>.</summary>
public sealed class HtmTaskActionsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string Root = HtmWorld.Root;

    private readonly HtmWorld _world = new(fixture.Server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _world.SetUpAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Update_ChangesWhatTheCallerMay_AndRefusesUnknownOrConflictingProperties()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("Update")));
        using var olga = _world.As("olga");

        var updated = await olga.PutAsync($"{Root}task/{tkiid}?action=update",
            HtmWorld.Json("""{"priority": 1, "customText2": "urgent", "customProperties": {"costCenter": "42"}, "dueTime": "2031-01-31T12:00:00"}"""), Ct).JsonAsync();
        var unknown = await olga.PutAsync($"{Root}task/{tkiid}?action=update", HtmWorld.Json("""{"colour": "red"}"""), Ct).JsonAsync(HttpStatusCode.BadRequest);
        var noCounterpart = await olga.PutAsync($"{Root}task/{tkiid}?action=update", HtmWorld.Json("""{"workBasketName": "b"}"""), Ct).JsonAsync(HttpStatusCode.BadRequest);
        var both = await olga.PutAsync($"{Root}task/{tkiid}?action=update", HtmWorld.Json("""{"dueTime": "2031-01-31T12:00:00Z", "durationUntilDue": "P1D"}"""), Ct)
            .JsonAsync(HttpStatusCode.BadRequest);
        var wrongType = await olga.PutAsync($"{Root}task/{tkiid}?action=update", HtmWorld.Json("""{"priority": "high"}"""), Ct).JsonAsync(HttpStatusCode.BadRequest);
        var noBody = await olga.PutAsync($"{Root}task/{tkiid}?action=update", null, Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(1, updated!["priority"]!.GetValue<int>());
        Assert.Equal("urgent", updated["customText2"]!.GetValue<string>());
        Assert.Equal("42", updated["customProperties"]!["costCenter"]!.GetValue<string>());
        Assert.Equal("2031-01-31T12:00:00.000Z", updated["dueTime"]!.GetValue<string>());
        Assert.Equal("CWTKA0158E", Number(unknown));
        Assert.Equal("CWTKA0041E", Number(noCounterpart));
        Assert.Equal("CWTKA0116E", Number(both));
        Assert.Equal("CWTKA0149E", Number(wrongType));
        Assert.Equal("CWTKA0159E", Number(noBody));
    }

    [Fact]
    public async Task Lifecycle_SuspendResumeCancelFailTerminateDelete_AnswerTheTaskAndIbmErrors()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("Lifecycle"));
        var first = await _world.TaskAsync(tktid);
        var second = await _world.TaskAsync(tktid);
        using var olga = _world.As("olga");
        using var mia = _world.As("mia");

        var suspended = await olga.PutAsync($"{Root}task/{first}?action=suspend&duration=PT1H", null, Ct).JsonAsync();
        var badDuration = await olga.PutAsync($"{Root}task/{second}?action=suspend&duration=soon", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var bothEnds = await olga.PutAsync($"{Root}task/{second}?action=suspend&duration=PT1H&deadline=2031-01-01T00:00:00Z", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var resumed = await olga.PutAsync($"{Root}task/{first}?action=resume", null, Ct).JsonAsync();
        var resumedAgain = await olga.PutAsync($"{Root}task/{first}?action=resume", null, Ct).JsonAsync(HttpStatusCode.Conflict);
        (await mia.PutAsync($"{Root}task/{first}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        await mia.PutAsync($"{Root}task/{first}/output", HtmWorld.Xml("<decision><approved>true</approved></decision>"), Ct).JsonAsync();
        var cancelledKeeping = await mia.PutAsync($"{Root}task/{first}?action=cancel&keepTaskData=true", null, Ct).JsonAsync();
        var keptOutput = await mia.GetAsync($"{Root}task/{first}/output", Ct);
        (await mia.PutAsync($"{Root}task/{first}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        var failed = await mia.PutAsync($"{Root}task/{first}?action=complete&faultName=rejected", HtmWorld.Xml("<rejection><reason>no receipt</reason></rejection>"), Ct).JsonAsync();
        var fault = await (await mia.GetAsync($"{Root}task/{first}/fault", Ct)).Content.ReadAsStringAsync(Ct);
        var terminated = await olga.PutAsync($"{Root}task/{second}?action=terminate", null, Ct).JsonAsync();
        using var deleted = await olga.DeleteAsync($"{Root}task/{second}", Ct);
        var gone = await olga.GetAsync($"{Root}task/{second}", Ct).JsonAsync(HttpStatusCode.NotFound);
        var unknownAction = await olga.PutAsync($"{Root}task/{first}?action=dance", null, Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.True(suspended!["isSuspended"]!.GetValue<bool>());
        Assert.NotNull(suspended["resumptionTime"]);
        Assert.Equal("CWTKA0121E", Number(badDuration));
        Assert.Equal("CWTKA0123E", Number(bothEnds));
        Assert.False(resumed!["isSuspended"]!.GetValue<bool>());
        Assert.Equal("CWTKA0112E", Number(resumedAgain));
        Assert.Equal("STATE_READY", cancelledKeeping!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, keptOutput.StatusCode);
        Assert.Equal("STATE_FAILED", failed!["state"]!.GetValue<string>());
        Assert.Contains("<reason>no receipt</reason>", fault, StringComparison.Ordinal);
        Assert.Equal("STATE_TERMINATED", terminated!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("CWTKA0024E", Number(gone));
        Assert.Equal("CWTKA0158E", Number(unknownAction));
    }

    [Fact]
    public async Task SubResources_RolesHistoryActionsAndEmptyMessages_HaveIbmsShapes()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("Resources")));
        using var mia = _world.As("mia");
        using var eve = _world.As("eve");
        using var json = _world.As("mia");
        json.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var owners = await mia.GetAsync($"{Root}task/{tkiid}/role/potentialOwner", Ct).JsonAsync();
        var readers = await mia.GetAsync($"{Root}task/{tkiid}/role/reader", Ct).JsonAsync();
        var editors = await mia.GetAsync($"{Root}task/{tkiid}/role/editor", Ct).JsonAsync();
        var badRole = await mia.GetAsync($"{Root}task/{tkiid}/role/boss", Ct).JsonAsync(HttpStatusCode.BadRequest);
        var actions = await mia.GetAsync($"{Root}task/actions?taskIDs={tkiid},_TKI:{new string('0', 32)}", Ct).JsonAsync();
        var eveActions = await eve.GetAsync($"{Root}task/actions?taskIDs={tkiid}", Ct).JsonAsync();
        var emptyJson = await json.GetAsync($"{Root}task/{tkiid}/output?new=true", Ct).JsonAsync();
        var emptyXml = await (await mia.GetAsync($"{Root}task/{tkiid}/input?new=true", Ct)).Content.ReadAsStringAsync(Ct);
        using var noOutput = await mia.GetAsync($"{Root}task/{tkiid}/output", Ct);
        (await mia.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        var history = await mia.GetAsync($"{Root}task/{tkiid}/history", Ct).JsonAsync();

        JsonAssert.Equivalent("""{"staffResultSet":{"resultType":"RESULT_TYPE_GROUPIDS","userIDs":[],"groupIDs":["managers"]}}""", owners);
        JsonAssert.Equivalent("""{"staffResultSet":{"resultType":"RESULT_TYPE_USERIDS","userIDs":["rita"],"groupIDs":[]}}""", readers);
        Assert.Equal("RESULT_TYPE_NOBODY", editors!["staffResultSet"]!["resultType"]!.GetValue<string>());
        Assert.Equal("CWTKA0158E", Number(badRole));
        var entries = actions!["tasks"]!.AsArray();
        Assert.Contains("ACTION_CLAIM", Names(entries[0]!["actions"]));
        Assert.DoesNotContain("ACTION_COMPLETE", Names(entries[0]!["actions"]));
        Assert.Empty(Names(entries[1]!["actions"]));
        Assert.Empty(Names(eveActions!["tasks"]![0]!["actions"]));
        JsonAssert.Equivalent("{}", emptyJson);
        var emptyRoot = System.Xml.Linq.XDocument.Parse(emptyXml).Root!;
        Assert.Equal(System.Xml.Linq.XName.Get("request", "http://example/approvals"), emptyRoot.Name);
        Assert.False(emptyRoot.HasElements);
        Assert.Equal(HttpStatusCode.NoContent, noOutput.StatusCode);
        var events = history!["items"]!.AsArray().Select(i => i!["event"]!.GetValue<string>()).ToList();
        Assert.Equal(["TASK_CREATED", "TASK_STARTED", "TASK_CLAIMED"], events);
        Assert.Equal("REASON_OWNER", history["items"]![2]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bulk_SuspendUpdateAndCancel_ListOnlyTheFailedTasks()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("Bulk"));
        var (a, b, c) = (await _world.TaskAsync(tktid), await _world.TaskAsync(tktid), await _world.TaskAsync(tktid));
        var unknown = $"_TKI:{new string('f', 32)}";
        using var olga = _world.As("olga");
        using var mia = _world.As("mia");

        var suspend = await olga.PutAsync($"{Root}task?action=suspend", HtmWorld.Json(new JsonObject { ["taskIDs"] = new JsonArray(a, b, unknown) }), Ct).JsonAsync();
        var update = await olga.PutAsync($"{Root}task?action=update",
            HtmWorld.Json(new JsonObject { ["updatedTaskIDs"] = new JsonArray(a, c), ["updatedPropertyValues"] = new JsonObject { ["priority"] = 0 } }), Ct).JsonAsync();
        (await mia.PutAsync($"{Root}task/{c}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        var cancel = await mia.PutAsync($"{Root}task?action=cancel", HtmWorld.Json(new JsonObject { ["taskIDs"] = new JsonArray(c, a) }), Ct).JsonAsync();
        var noIds = await olga.PutAsync($"{Root}task?action=suspend", HtmWorld.Json("{}"), Ct).JsonAsync(HttpStatusCode.BadRequest);

        var suspendFailures = suspend!["failedOperations"]!.AsArray();
        Assert.Equal(unknown, Assert.Single(suspendFailures)!["tkiid"]!.GetValue<string>());
        Assert.Equal("CWTKA0024E", suspendFailures[0]!["errorNumber"]!.GetValue<string>());
        Assert.True((await olga.GetAsync($"{Root}task/{b}", Ct).JsonAsync())!["isSuspended"]!.GetValue<bool>());
        Assert.Empty(update!["failedOperations"]!.AsArray());
        Assert.Equal(0, (await olga.GetAsync($"{Root}task/{c}", Ct).JsonAsync())!["priority"]!.GetValue<int>());
        var cancelFailure = Assert.Single(cancel!["failedOperations"]!.AsArray());
        Assert.Equal(a, cancelFailure!["tkiid"]!.GetValue<string>());
        Assert.Matches("^CWTKA\\d{4}E$", cancelFailure["errorNumber"]!.GetValue<string>());
        Assert.Equal("STATE_READY", (await olga.GetAsync($"{Root}task/{c}", Ct).JsonAsync())!["state"]!.GetValue<string>());
        Assert.Equal("CWTKA0159E", Number(noIds));
    }

    [Fact]
    public async Task ClaimNext_TakesTheMostUrgentClaimableTask_GetNextReturnsTheOneAlreadyClaimed_ThenNothingIs204()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("NextUp"));
        var (first, urgent, last) = (await _world.TaskAsync(tktid), await _world.TaskAsync(tktid), await _world.TaskAsync(tktid));
        using var olga = _world.As("olga");
        using var mia = _world.As("mia");
        using var max = _world.As("max");
        await olga.PutAsync($"{Root}task/{urgent}?action=update", HtmWorld.Json("""{"priority": 1}"""), Ct).JsonAsync();
        await olga.PutAsync($"{Root}task/{last}?action=update", HtmWorld.Json("""{"priority": 5}"""), Ct).JsonAsync();
        const string Filter = "queryFilter=TASK.NAME%20%3D%20%27NextUp%27";

        var miaFirst = await mia.PutAsync($"{Root}task?action=claimNext&{Filter}", null, Ct).JsonAsync();
        var miaAgain = await mia.PutAsync($"{Root}task?action=getNext&{Filter}", null, Ct).JsonAsync();
        var maxFirst = await max.PutAsync($"{Root}task?action=claimNext&{Filter}", null, Ct).JsonAsync();
        var maxSecond = await max.PutAsync($"{Root}task?action=claimNext&{Filter}", null, Ct).JsonAsync();
        using var none = await mia.PutAsync($"{Root}task?action=claimNext&{Filter}", null, Ct);
        var badFilter = await mia.PutAsync($"{Root}task?action=claimNext&queryFilter=TASK.COLOUR%20%3D%201", null, Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal((urgent, "STATE_CLAIMED", "mia"), (miaFirst!["tkiid"]!.GetValue<string>(), miaFirst["state"]!.GetValue<string>(), miaFirst["owner"]!.GetValue<string>()));
        Assert.Equal(urgent, miaAgain!["tkiid"]!.GetValue<string>());
        Assert.Equal((first, "max"), (maxFirst!["tkiid"]!.GetValue<string>(), maxFirst["owner"]!.GetValue<string>()));
        Assert.Equal(last, maxSecond!["tkiid"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        Assert.Equal("CWTKA0038E", Number(badFilter));
    }

    private static string? Number(JsonNode? error) => error?["errorNumber"]?.GetValue<string>();

    private static List<string> Names(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
