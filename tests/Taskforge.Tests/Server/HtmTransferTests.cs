using System.Net;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>Work-item transfer over HTTP (ibm-bpm-htm.md §3.5, §3.4, §6.5): one task, and several with <c>failedOperations</c>.</summary>
public sealed class HtmTransferTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string Root = HtmWorld.Root;

    private readonly HtmWorld _world = new(fixture.Server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _world.SetUpAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Transfer_HandsOnTheOwnership_OnlyToAPotentialOwner_AndGroupsOnlyByAnAdministrator()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("Transfer")));
        using var mia = _world.As("mia");
        using var max = _world.As("max");
        using var rita = _world.As("rita");
        using var admin = fixture.Server.Admin();
        (await mia.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct)).EnsureSuccessStatusCode();

        var handedOn = await mia.PutAsync($"{Root}task/{tkiid}/role/owner?action=transfer&toUser=max", null, Ct).JsonAsync();
        var owners = await max.GetAsync($"{Root}task/{tkiid}/role/owner", Ct).JsonAsync();
        var notHersAnyMore = await mia.PutAsync($"{Root}task/{tkiid}/role/owner?action=transfer&toUser=mia", null, Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var notAPotentialOwner = await max.PutAsync($"{Root}task/{tkiid}/role/owner?action=transfer&toUser=eve", null, Ct).JsonAsync(HttpStatusCode.Conflict);
        var groupByReader = await rita.PutAsync($"{Root}task/{tkiid}/role/potentialOwner?action=transfer&fromGroup=managers&toGroup=auditors", null, Ct)
            .JsonAsync(HttpStatusCode.Unauthorized);
        await admin.PutAsync($"{Root}task/{tkiid}/role/potentialOwner?action=transfer&fromGroup=managers&toGroup=auditors", null, Ct).JsonAsync();
        var potentialOwners = await admin.GetAsync($"{Root}task/{tkiid}/role/potentialOwner", Ct).JsonAsync();
        var both = await admin.PutAsync($"{Root}task/{tkiid}/role/owner?action=transfer&toUser=max&toGroup=auditors", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var unknownRole = await admin.PutAsync($"{Root}task/{tkiid}/role/boss?action=transfer&toUser=max", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var unknownAction = await admin.PutAsync($"{Root}task/{tkiid}/role/owner?action=assign&toUser=max", null, Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("max", handedOn!["owner"]!.GetValue<string>());
        Assert.Equal("STATE_CLAIMED", handedOn["state"]!.GetValue<string>());
        Assert.Equal(["max"], owners!["staffResultSet"]!["userIDs"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal("CWTKA0068E", Number(notHersAnyMore));
        Assert.Equal("CWTKA0110E", Number(notAPotentialOwner));
        Assert.Equal("CWTKA0068E", Number(groupByReader));
        Assert.Equal(["auditors"], potentialOwners!["staffResultSet"]!["groupIDs"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("CWTKA0123E", Number(both));
        Assert.Equal("CWTKA0158E", Number(unknownRole));
        Assert.Equal("CWTKA0158E", Number(unknownAction));
    }

    [Fact]
    public async Task BulkTransfer_MovesEachTaskOnItsOwn_AndListsTheOnesThatFailed()
    {
        var first = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("BulkTransfer")));
        var second = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("BulkTransfer")));
        var noDelegation = await _world.TaskAsync(await _world.TemplateAsync(
            HtmWorld.Approval("NoDelegation").Replace("\"supportsSubTasks\": true", "\"supportsSubTasks\": true, \"supportsDelegation\": false", StringComparison.Ordinal)));
        using var olga = _world.As("olga");
        using var eve = _world.As("eve");

        var single = await olga.PutAsync($"{Root}task/{noDelegation}/role/reader?action=transfer&fromUser=rita&toUser=max", null, Ct).JsonAsync(HttpStatusCode.Conflict);
        var bulk = await olga.PutAsync($"{Root}task/role/reader?action=transfer&fromUser=rita&toUser=max",
            HtmWorld.Json($$"""{"taskIDs": ["{{first}}", "{{second}}", "{{noDelegation}}", "_TKI:nothing"]}"""), Ct).JsonAsync();
        var byStranger = await eve.PutAsync($"{Root}task/role/reader?action=transfer&fromUser=max&toUser=eve",
            HtmWorld.Json($$"""{"taskIDs": ["{{first}}"]}"""), Ct).JsonAsync();
        var noIds = await olga.PutAsync($"{Root}task/role/reader?action=transfer&toUser=max", HtmWorld.Json("{}"), Ct).JsonAsync(HttpStatusCode.BadRequest);
        var readers = await olga.GetAsync($"{Root}task/{second}/role/reader", Ct).JsonAsync();

        Assert.Equal("CWTKA0049E", Number(single));
        var failed = bulk!["failedOperations"]!.AsArray().ToDictionary(f => f!["tkiid"]!.GetValue<string>(), f => f!["errorNumber"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { [noDelegation] = "CWTKA0049E", ["_TKI:nothing"] = "CWTKA0024E" }, failed);
        Assert.Equal(["max"], readers!["staffResultSet"]!["userIDs"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Single(byStranger!["failedOperations"]!.AsArray());
        Assert.Equal("CWTKA0159E", Number(noIds));
    }

    private static string? Number(System.Text.Json.Nodes.JsonNode? error) => error?["errorNumber"]?.GetValue<string>();
}
