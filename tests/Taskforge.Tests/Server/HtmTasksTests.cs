using System.Net;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>The seed's <c>POST /task</c> in every mode and parameter combination, authorization by role, and a claim race over HTTP.</summary>
public sealed class HtmTasksTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string Root = HtmWorld.Root;

    private readonly HtmWorld _world = new(fixture.Server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _world.SetUpAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Create_InEachMode_AnswersTheSeedsStatesAndIbmErrors()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("Modes"));
        var stopped = await _world.TemplateAsync(HtmWorld.Approval("Stopped"));
        using var admin = fixture.Server.Admin();
        (await admin.PostAsync($"api/v1/task-templates/{stopped}/stop", null, Ct)).EnsureSuccessStatusCode();
        using var olga = _world.As("olga");
        using var eve = _world.As("eve");
        var parent = await _world.TaskAsync(tktid);

        var byDefault = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}", HtmWorld.Xml(HtmWorld.ApprovalInput), Ct).JsonAsync(HttpStatusCode.Created);
        var createOnly = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=createOnly", null, Ct).JsonAsync(HttpStatusCode.Created);
        var async = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=async", HtmWorld.Xml(HtmWorld.ApprovalInput), Ct).JsonAsync(HttpStatusCode.Created);
        var sync = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=sync", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var relationAlone = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=async&relation=subTask", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var relationCreateOnly = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=createOnly&relation=subTask&parentTaskID={parent}", null, Ct)
            .JsonAsync(HttpStatusCode.BadRequest);
        var noTemplate = await olga.PostAsync($"{Root}task", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var unknown = await olga.PostAsync($"{Root}task?taskTemplateID=_TKT:{new string('0', 32)}", null, Ct).JsonAsync(HttpStatusCode.NotFound);
        var fromStopped = await olga.PostAsync($"{Root}task?taskTemplateID={stopped}", null, Ct).JsonAsync(HttpStatusCode.Conflict);
        var notCreator = await eve.PostAsync($"{Root}task?taskTemplateID={tktid}", null, Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var badMode = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=later", null, Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("STATE_INACTIVE", byDefault!["state"]!.GetValue<string>());
        Assert.Equal("STATE_INACTIVE", createOnly!["state"]!.GetValue<string>());
        Assert.Equal("STATE_READY", async!["state"]!.GetValue<string>());
        Assert.Equal("KIND_PARTICIPATING", async["kind"]!.GetValue<string>());
        Assert.Equal(tktid, async["taskTemplateID"]!.GetValue<string>());
        Assert.Equal("olga", async["originator"]!.GetValue<string>());
        Assert.Equal("CWTKA0123E", Number(sync));
        Assert.Equal("CWTKA0122E", Number(relationAlone));
        Assert.Equal("CWTKA0123E", Number(relationCreateOnly));
        Assert.Equal("CWTKA0122E", Number(noTemplate));
        Assert.Equal("CWTKA0025E", Number(unknown));
        Assert.Equal("CWTKA0063E", Number(fromStopped));
        Assert.Equal("CWTKA0067E", Number(notCreator));
        Assert.Equal("CWTKA0158E", Number(badMode));
        Assert.All(new[] { sync, unknown, notCreator }, e => Assert.False(string.IsNullOrEmpty(e!["errorMessage"]?.GetValue<string>())));
    }

    [Fact]
    public async Task CreateSubTask_NeedsAClaimedParent_ThenTheParentWaitsForIt()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("Parent"));
        var help = await _world.TemplateAsync(HtmWorld.Help("Helper"));
        var parent = await _world.TaskAsync(tktid);
        using var admin = fixture.Server.Admin();
        using var mia = _world.As("mia");

        var unclaimed = await admin.PostAsync($"{Root}task?taskTemplateID={help}&mode=async&relation=subTask&parentTaskID={parent}", null, Ct).JsonAsync(HttpStatusCode.Conflict);
        (await mia.PutAsync($"{Root}task/{parent}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        var sub = await mia.PostAsync($"{Root}task?taskTemplateID={help}&mode=async&relation=subTask&parentTaskID={parent}", null, Ct).JsonAsync(HttpStatusCode.Created);
        var waiting = await mia.GetAsync($"{Root}task/{parent}", Ct).JsonAsync();
        var subtasks = await mia.GetAsync($"{Root}task/{parent}/subtasks", Ct).JsonAsync();
        var complete = await mia.PutAsync($"{Root}task/{parent}?action=complete", HtmWorld.Json("""{"approved": true}"""), Ct).JsonAsync(HttpStatusCode.Conflict);

        Assert.StartsWith("CWTKA", Number(unclaimed), StringComparison.Ordinal);
        Assert.Equal("HIERARCHY_POSITION_SUB_TASK", sub!["positionInHierarchy"]!.GetValue<string>());
        Assert.Equal(parent, sub["parentContextID"]!.GetValue<string>());
        Assert.True(waiting!["isWaitingForSubTask"]!.GetValue<bool>());
        Assert.Equal([sub["tkiid"]!.GetValue<string>()], subtasks!["items"]!.AsArray().Select(i => i!["tkiid"]!.GetValue<string>()));
        Assert.Equal("CWTKA0075E", Number(complete));
    }

    [Fact]
    public async Task StartAsSubTask_StartsAnInactiveTaskUnderTheClaimedParent_OnlyWithModeAsync()
    {
        var parent = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("StartParent")));
        var help = await _world.TemplateAsync(HtmWorld.Help("StartHelper"));
        using var mia = _world.As("mia");
        var created = await mia.PostAsync($"{Root}task?taskTemplateID={help}&mode=createOnly", null, Ct).JsonAsync(HttpStatusCode.Created);
        var sub = created!["tkiid"]!.GetValue<string>();

        var unclaimed = await mia.PutAsync($"{Root}task/{sub}?action=start&mode=async&relation=subTask&parentTaskID={parent}", null, Ct).JsonAsync(HttpStatusCode.Unauthorized);
        (await mia.PutAsync($"{Root}task/{parent}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        var relationAlone = await mia.PutAsync($"{Root}task/{sub}?action=start&mode=async&relation=subTask", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var sync = await mia.PutAsync($"{Root}task/{sub}?action=start&mode=sync&relation=subTask&parentTaskID={parent}", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var started = await mia.PutAsync($"{Root}task/{sub}?action=start&mode=async&relation=subTask&parentTaskID={parent}", null, Ct).JsonAsync();
        var waiting = await mia.GetAsync($"{Root}task/{parent}", Ct).JsonAsync();
        var subtasks = await mia.GetAsync($"{Root}task/{parent}/subtasks", Ct).JsonAsync();

        Assert.Equal("CWTKA0068E", Number(unclaimed));
        Assert.Equal("CWTKA0122E", Number(relationAlone));
        Assert.Equal("CWTKA0123E", Number(sync));
        Assert.Equal("STATE_READY", started!["state"]!.GetValue<string>());
        Assert.Equal("HIERARCHY_POSITION_SUB_TASK", started["positionInHierarchy"]!.GetValue<string>());
        Assert.Equal(parent, started["parentContextID"]!.GetValue<string>());
        Assert.True(waiting!["isWaitingForSubTask"]!.GetValue<bool>());
        Assert.Equal([sub], subtasks!["items"]!.AsArray().Select(i => i!["tkiid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Authorization_FollowsTheCallersRoles_WithIbms401AndPerCallerUpdateFlags()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("Roles"));
        var tkiid = await _world.TaskAsync(tktid);
        using var eve = _world.As("eve");
        using var rita = _world.As("rita");
        using var olga = _world.As("olga");
        using var mia = _world.As("mia");

        var eveReads = await eve.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var eveClaims = await eve.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var ritaClaims = await rita.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var asReader = await rita.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync();
        var asOriginator = await olga.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync();
        (await mia.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        var asOwner = await mia.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync();
        var readerUpdates = await rita.PutAsync($"{Root}task/{tkiid}?action=update", HtmWorld.Json("""{"priority": 1}"""), Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var ownerSetsPriority = await mia.PutAsync($"{Root}task/{tkiid}?action=update", HtmWorld.Json("""{"priority": 1}"""), Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var ownerSetsDescription = await mia.PutAsync($"{Root}task/{tkiid}?action=update", HtmWorld.Json("""{"description": "checked"}"""), Ct).JsonAsync();

        Assert.Equal("CWTKA0068E", Number(eveReads));
        Assert.Equal("CWTKA0068E", Number(eveClaims));
        Assert.Equal("CWTKA0068E", Number(ritaClaims));
        Assert.Equal(["reader"], Roles(asReader));
        Assert.False(asReader!["isDescriptionUpdateable"]!.GetValue<bool>());
        Assert.False(asReader["isPriorityUpdateable"]!.GetValue<bool>());
        Assert.Contains("originator", Roles(asOriginator));
        Assert.True(asOriginator!["isPriorityUpdateable"]!.GetValue<bool>());
        Assert.Equal(["owner", "potentialOwner"], Roles(asOwner));
        Assert.True(asOwner!["isDescriptionUpdateable"]!.GetValue<bool>());
        Assert.False(asOwner["isPriorityUpdateable"]!.GetValue<bool>());
        Assert.Equal("CWTKA0068E", Number(readerUpdates));
        Assert.StartsWith("CWTKA", Number(ownerSetsPriority), StringComparison.Ordinal);
        Assert.Equal("checked", ownerSetsDescription!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task TaskJson_CarriesEveryUpdateableFlagOfTheSeedsSchema_AsABoolean()
    {
        // A client generated from the seed's Task schema reads all 23 flags as booleans; the four properties Taskforge has
        // nothing behind are false even for the originator, who may change everything else.
        string[] changeable =
        [
            "isBusinessRelevanceUpdateable", "isDeletionTimeUpdateable", "isDescriptionUpdateable", "isDisplayNameUpdateable", "isDueTimeUpdateable",
            "isDurationUntilDeletedUpdateable", "isDurationUntilDueUpdateable", "isDurationUntilExpiresUpdateable", "isEscalatedUpdateable",
            "isExpirationTimeUpdateable", "isNameUpdateable", "isNamespaceUpdateable", "isPriorityUpdateable", "isReadUpdateable",
            "isSupportsClaimIfSuspendedUpdateable", "isSupportsDelegationUpdateable", "isSupportsFollowOnTasksUpdateable",
            "isSupportsSubTasksUpdateable", "isTypeUpdateable",
        ];
        string[] fixedOnes = ["isContextAuthorizationOfOwnerUpdateable", "isEventHandlerNameUpdateable", "isParentContextIDUpdateable", "isWorkBasketNameUpdateable"];
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("Flags")));
        using var olga = _world.As("olga");
        using var rita = _world.As("rita");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Root}task/{tkiid}");
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        using var asReader = new HttpRequestMessage(HttpMethod.Get, $"{Root}task/{tkiid}");
        asReader.Headers.TryAddWithoutValidation("Accept", "application/json");

        var originator = (await HttpAssert.StatusAsync(await olga.SendAsync(request, Ct), HttpStatusCode.OK))!.AsObject();
        var reader = (await HttpAssert.StatusAsync(await rita.SendAsync(asReader, Ct), HttpStatusCode.OK))!.AsObject();

        var emitted = originator.Select(p => p.Key).Where(k => k.EndsWith("Updateable", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal([.. changeable.Concat(fixedOnes).Order(StringComparer.Ordinal)], emitted);
        foreach (var flag in changeable)
        {
            Assert.Equal(System.Text.Json.JsonValueKind.True, originator[flag]?.GetValueKind());
            Assert.Equal(System.Text.Json.JsonValueKind.False, reader[flag]?.GetValueKind());
        }

        foreach (var flag in fixedOnes)
        {
            Assert.Equal(System.Text.Json.JsonValueKind.False, originator[flag]?.GetValueKind());
            Assert.Equal(System.Text.Json.JsonValueKind.False, reader[flag]?.GetValueKind());
        }
    }

    [Fact]
    public async Task ClaimRace_OverHttp_HasExactlyOneWinnerPerTask_AndEveryLoserGets409WithAnIbmNumber()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("Race"));
        var tasks = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            tasks.Add(await _world.TaskAsync(tktid));
        }

        var clients = new[] { _world.As("mia"), _world.As("max"), _world.As("mia"), _world.As("max") };
        try
        {
            var attempts = tasks.SelectMany(t => clients.Select(async c =>
            {
                using var response = await c.PutAsync($"{Root}task/{t}?action=claim", null, Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                return (Task: t, response.StatusCode, Body: body);
            })).ToList();
            var results = await Task.WhenAll(attempts);

            foreach (var perTask in results.GroupBy(r => r.Task))
            {
                Assert.Single(perTask, r => r.StatusCode == HttpStatusCode.OK);
                Assert.All(perTask.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
                {
                    Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
                    Assert.Matches("^CWTKA\\d{4}E$", JsonNode.Parse(r.Body)!["errorNumber"]!.GetValue<string>());
                });
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static string? Number(JsonNode? error) => error?["errorNumber"]?.GetValue<string>();

    private static List<string> Roles(JsonNode? task) => [.. task!["roles"]!.AsArray().Select(r => r!.GetValue<string>())];
}
