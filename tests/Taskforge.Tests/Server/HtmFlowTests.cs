using System.Net;
using System.Net.Http.Headers;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>The whole life of a to-do task through the IBM face, once with XML business data and once with JSON, on each database.</summary>
public abstract class HtmFlowTests : IAsyncLifetime
{
    private const string Root = HtmWorld.Root;

    protected abstract ServerInstance Server { get; }

    private HtmWorld World => new(Server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await World.SetUpAsync();

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ToDo_InXml_IsCreatedClaimedByAManagerCompletedAndReadFinished()
    {
        var tktid = await World.TemplateAsync(HtmWorld.Approval("FlowXml"));
        using var olga = World.As("olga");
        using var mia = World.As("mia");

        var created = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=async", HtmWorld.Xml(HtmWorld.ApprovalInput), Ct).JsonAsync(HttpStatusCode.Created);
        var tkiid = created!["tkiid"]!.GetValue<string>();
        using var claim = await mia.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct);
        var input = await claim.Content.ReadAsStringAsync(Ct);
        var saved = await mia.PutAsync($"{Root}task/{tkiid}/output", HtmWorld.Xml("<decision><approved>true</approved><comment>fine</comment></decision>"), Ct).JsonAsync();
        var output = await (await mia.GetAsync($"{Root}task/{tkiid}/output", Ct)).Content.ReadAsStringAsync(Ct);
        var completed = await mia.PutAsync($"{Root}task/{tkiid}?action=complete", null, Ct).JsonAsync();
        var finished = await olga.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync();

        Assert.Equal("STATE_READY", created["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal("application/xml", claim.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<amount>12.5", input, StringComparison.Ordinal);
        Assert.Contains("http://example/approvals", input, StringComparison.Ordinal);
        Assert.Equal("STATE_CLAIMED", saved!["state"]!.GetValue<string>());
        Assert.Equal("mia", saved["owner"]!.GetValue<string>());
        Assert.Contains("<approved>true</approved>", output, StringComparison.Ordinal);
        Assert.Equal("STATE_FINISHED", completed!["state"]!.GetValue<string>());
        Assert.Equal("STATE_FINISHED", finished!["state"]!.GetValue<string>());
        Assert.NotNull(finished["completionTime"]);
    }

    [Fact]
    public async Task ToDo_InJson_IsCreatedClaimedCompletedWithOutputAndReadBack()
    {
        var tktid = await World.TemplateAsync(HtmWorld.Approval("FlowJson"));
        using var olga = World.As("olga");
        using var max = World.As("max");
        max.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var created = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=async", HtmWorld.Json("""{"amount": 99.95, "note": "hotel"}"""), Ct)
            .JsonAsync(HttpStatusCode.Created);
        var tkiid = created!["tkiid"]!.GetValue<string>();
        var input = await max.PutAsync($"{Root}task/{tkiid}?action=claim", null, Ct).JsonAsync();
        var completed = await max.PutAsync($"{Root}task/{tkiid}?action=complete", HtmWorld.Json("""{"approved": false, "comment": "too much"}"""), Ct).JsonAsync();
        var output = await max.GetAsync($"{Root}task/{tkiid}/output", Ct).JsonAsync();

        JsonAssert.Equivalent("""{"amount": 99.95, "note": "hotel"}""", input);
        Assert.Equal("STATE_FINISHED", completed!["state"]!.GetValue<string>());
        JsonAssert.Equivalent("""{"approved": false, "comment": "too much"}""", output);
    }
}

public sealed class SqliteHtmFlowTests(SqliteServerFixture fixture) : HtmFlowTests, IClassFixture<SqliteServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}

public sealed class PostgresHtmFlowTests(PostgresServerFixture fixture) : HtmFlowTests, IClassFixture<PostgresServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}
