using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// The fire history over HTTP: <c>GET /api/v1/schedules/{id}/fires</c> (a page, newest first, with reasons) and the same
/// slots as an extension of the vRO task's executions, which keeps vRO's shape.
/// </summary>
public sealed class ScheduleFiresApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private const string Workflow = """{"name":"Fires","steps":[{"type":"end"}]}""";

    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStartedFire_HasItsRunAndLag_OnBothFaces()
    {
        using var admin = _server.Admin();
        await admin.PutWorkflowAsync("fires-ok", Workflow);
        var id = await ScheduleSoonAsync(admin, "fires-ok");

        var fire = await WaitForFireAsync(admin, id);
        var vco = await admin.GetAsync($"vco/api/tasks/{id}/executions", Ct).JsonAsync();

        Assert.Equal("started", fire["outcome"]!.GetValue<string>());
        var runId = fire["runId"]!.GetValue<string>();
        Assert.Matches($"^Started run {runId} [0-9.]+ (ms|s) after its slot\\.$", fire["reason"]!.GetValue<string>());
        Assert.True(fire["lagMs"]!.GetValue<long>() >= 0);
        var link = Assert.Single(vco!["relations"]!["link"]!.AsArray())!;
        Assert.Equal(runId, VcoTestData.AttributeOf(link, "id"));
        Assert.Equal(fire["reason"]!.GetValue<string>(), VcoTestData.AttributeOf(link, "fireReason"));
        Assert.Equal(runId, vco["fires"]![0]!["execution-id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARefusedFire_IsListed_WithItsReason_ThoughItStartedNoExecution()
    {
        using var admin = _server.Admin();
        await admin.PutWorkflowAsync("fires-gone", Workflow);
        var id = await ScheduleSoonAsync(admin, "fires-gone");
        await admin.DeleteAsync("api/v1/workflows/fires-gone", Ct).JsonAsync(HttpStatusCode.NoContent);

        var fire = await WaitForFireAsync(admin, id);
        var vco = await admin.GetAsync($"vco/api/tasks/{id}/executions", Ct).JsonAsync();

        Assert.Equal("refused", fire["outcome"]!.GetValue<string>());
        Assert.Equal("workflow-gone", fire["refusal"]!.GetValue<string>());
        Assert.Equal("Workflow 'fires-gone' no longer exists.", fire["error"]!.GetValue<string>());
        Assert.Null(fire["runId"]);
        Assert.Equal(0, vco!["relations"]!["total"]!.GetValue<int>());
        Assert.Equal("refused", vco["fires"]![0]!["outcome"]!.GetValue<string>());
        Assert.Contains("no longer exists", vco["fires"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fires_OfAScheduleTheCallerMayNotSee_Are404_AndABadCursorIs400()
    {
        using var admin = _server.Admin();
        await admin.PutWorkflowAsync("fires-private", Workflow);
        var id = await ScheduleSoonAsync(admin, "fires-private");
        await admin.PostAsJsonAsync("api/v1/users", new { name = "fires-outsider", password = "outsider-password-1" }, Ct).JsonAsync(HttpStatusCode.Created);
        using var outsider = _server.As("fires-outsider", "outsider-password-1");

        var hidden = await outsider.GetAsync($"api/v1/schedules/{id}/fires", Ct).JsonAsync(HttpStatusCode.NotFound);
        var bad = await admin.GetAsync($"api/v1/schedules/{id}/fires?cursor=yesterday", Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(404, hidden!["status"]!.GetValue<int>());
        Assert.Contains("cursor", bad!["errors"]!.AsObject().Select(e => e.Key));
    }

    // A one-time schedule due a moment from now (the server runs in real time), time enough to change the workflow first.
    private static async Task<string> ScheduleSoonAsync(HttpClient admin, string workflow)
    {
        var created = await admin.PostAsJsonAsync("api/v1/schedules", new { workflow, start = DateTimeOffset.UtcNow.AddSeconds(1) }, Ct)
            .JsonAsync(HttpStatusCode.Created);
        return created!["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> WaitForFireAsync(HttpClient client, string id)
    {
        for (var i = 0; i < 200; i++)
        {
            var page = await client.GetAsync($"api/v1/schedules/{id}/fires", Ct).JsonAsync();
            if (page!["items"]!.AsArray() is [{ } fire, ..])
            {
                Assert.Null(page["next"]);
                return fire;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"Schedule {id} did not fire.");
    }
}
