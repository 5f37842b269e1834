using System.Net;
using System.Net.Http.Json;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>The native runs API: the list with its filters and rights.</summary>
public sealed class RunsApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string ViewerPassword = "viewer-password-1";

    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using var admin = _server.Admin();
        await admin.PutWorkflowAsync("runs-seen", """{"name":"Seen","permissions":{"runs-viewer":"r"},"steps":[{"type":"script","script":"System.log('hi');"}]}""");
        await admin.PutWorkflowAsync("runs-hidden", """{"name":"Hidden","steps":[{"type":"end"}]}""");
        await admin.PutWorkflowAsync("runs-secret", """
            {"name":"Secret","input-parameters":[{"name":"who","type":"string","default":"Ada"},{"name":"pin","type":"SecureString","default":"1234"}],
             "steps":[{"id":"greet","type":"script","script":"System.log('hi ' + who);"},{"id":"rest","type":"wait","duration":"PT1H"}]}
            """);
        await admin.PostAsJsonAsync("api/v1/users", new { name = "runs-viewer", password = ViewerPassword }, Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task List_FiltersByWorkflowAndState_AndPagesNewestFirst()
    {
        using var admin = _server.Admin();
        var first = await StartAsync(admin, "runs-seen");
        var second = await StartAsync(admin, "runs-seen");
        await WaitForAsync(admin, "runs-seen", first, "completed");
        await WaitForAsync(admin, "runs-seen", second, "completed");

        var page = await admin.GetAsync("api/v1/runs?workflow=runs-seen&state=completed&limit=1", Ct).JsonAsync();
        var next = await admin.GetAsync($"api/v1/runs?workflow=runs-seen&state=completed&limit=1&cursor={Uri.EscapeDataString(page!["next"]!.GetValue<string>())}", Ct).JsonAsync();

        var item = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal(second, item["id"]!.GetValue<string>());
        Assert.Equal("Seen", item["workflowName"]!.GetValue<string>());
        Assert.Equal("admin", item["startedBy"]!.GetValue<string>());
        Assert.True(item["durationMs"]!.GetValue<long>() >= 0);
        Assert.Contains(first, next!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_ShowsAUser_OnlyRunsOfWorkflowsTheyMayView()
    {
        using var admin = _server.Admin();
        await StartAsync(admin, "runs-hidden");
        await StartAsync(admin, "runs-seen");
        using var viewer = _server.As("runs-viewer", ViewerPassword);

        var page = await viewer.GetAsync("api/v1/runs", Ct).JsonAsync();
        var hidden = await viewer.GetAsync("api/v1/runs?workflow=runs-hidden", Ct).JsonAsync(HttpStatusCode.NotFound);

        Assert.NotEmpty(page!["items"]!.AsArray());
        Assert.All(page["items"]!.AsArray(), i => Assert.Equal("runs-seen", i!["workflow"]!.GetValue<string>()));
        Assert.Equal(404, hidden!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_WithABadStateOrCursor_Is400_WithBothProblems()
    {
        using var admin = _server.Admin();

        var problem = await admin.GetAsync("api/v1/runs?state=done&cursor=nonsense", Ct).JsonAsync(HttpStatusCode.BadRequest);

        var fields = problem!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("state", fields);
        Assert.Contains("cursor", fields);
    }

    [Fact]
    public async Task Detail_HasTheTimeline_MasksSecureInputs_AndTheLogIsTailedFromALine()
    {
        using var admin = _server.Admin();
        var id = await StartAsync(admin, "runs-secret");
        await WaitForAsync(admin, "runs-secret", id, "waiting");

        var run = await admin.GetAsync($"api/v1/runs/{id}", Ct).JsonAsync();
        var logs = await admin.GetAsync($"api/v1/runs/{id}/logs", Ct).JsonAsync();
        var after = await admin.GetAsync($"api/v1/runs/{id}/logs?after={logs!["next"]}", Ct).JsonAsync();

        Assert.Equal("waiting", run!["state"]!.GetValue<string>());
        Assert.True(run["canCancel"]!.GetValue<bool>());
        JsonAssert.Equivalent("""[{"name":"who","type":"string","value":"Ada","masked":false},{"name":"pin","type":"SecureString","masked":true}]""", run["inputs"]);
        var steps = run["steps"]!.AsArray();
        Assert.Equal(["greet", "rest"], steps.Select(s => s!["step"]!.GetValue<string>()));
        Assert.Equal(("script", "running", 1), (steps[0]!["kind"]!.GetValue<string>(), steps[0]!["outcome"]!.GetValue<string>(), steps[0]!["seq"]!.GetValue<int>()));
        Assert.True(steps[0]!["durationMs"]!.GetValue<long>() >= 0);
        Assert.Null(steps[1]!["endedAt"]);
        Assert.Equal(["Workflow 'Secret' has started", "hi Ada"], logs["items"]!.AsArray().Select(l => l!["message"]!.GetValue<string>()));
        Assert.Equal(2, logs["next"]!.GetValue<long>());
        Assert.Empty(after!["items"]!.AsArray());
        Assert.Equal("waiting", after["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_StopsAWaitingRun_AndIs404ForOneTheCallerCannotSee()
    {
        using var admin = _server.Admin();
        var id = await StartAsync(admin, "runs-secret");
        await WaitForAsync(admin, "runs-secret", id, "waiting");
        using var viewer = _server.As("runs-viewer", ViewerPassword);

        var hidden = await viewer.PostAsync($"api/v1/runs/{id}/cancel", null, Ct).JsonAsync(HttpStatusCode.NotFound);
        var accepted = await admin.PostAsync($"api/v1/runs/{id}/cancel", null, Ct).JsonAsync(HttpStatusCode.Accepted);
        await WaitForAsync(admin, "runs-secret", id, "canceled");
        var run = await admin.GetAsync($"api/v1/runs/{id}", Ct).JsonAsync();

        Assert.Equal(404, hidden!["status"]!.GetValue<int>());
        Assert.True(accepted!["cancelRequested"]!.GetValue<bool>());
        Assert.Equal("canceled", run!["state"]!.GetValue<string>());
        Assert.Equal("canceled", run["steps"]!.AsArray()[^1]!["outcome"]!.GetValue<string>());
        Assert.False(run["canCancel"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Overview_CountsTheLastHour_ForAdministrators_AndIsForbiddenToOthers()
    {
        using var admin = _server.Admin();
        var id = await StartAsync(admin, "runs-seen");
        await WaitForAsync(admin, "runs-seen", id, "completed");
        using var viewer = _server.As("runs-viewer", ViewerPassword);

        var overview = await admin.GetAsync("api/v1/overview", Ct).JsonAsync();
        var forbidden = await viewer.GetAsync("api/v1/overview", Ct).JsonAsync(HttpStatusCode.Forbidden);

        Assert.True(overview!["runs"]!["byState"]!["completed"]!.GetValue<int>() >= 1);
        Assert.Equal(["running", "waiting", "waiting-signal", "completed", "failed", "canceled"], overview["runs"]!["byState"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["started", "skipped-misfire", "skipped-overlap", "refused"], overview["fires"]!["byOutcome"]!.AsObject().Select(p => p.Key));
        Assert.Equal(4, overview["tasksWaiting"]!["byAge"]!.AsArray().Count);
        Assert.NotNull(overview["failedRuns"]);
        Assert.Equal(403, forbidden!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task OpenApi_NamesTheRunAndScheduleEndpoints()
    {
        using var anonymous = _server.Anonymous();

        var document = await anonymous.GetAsync("openapi/v1.json", Ct).JsonAsync();

        var operations = document!["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Id: o.Value?["operationId"]?.GetValue<string>(), Summary: o.Value?["summary"]?.GetValue<string>())))
            .ToList();
        foreach (var (path, id) in new[]
        {
            ("/api/v1/runs", "ListRuns"), ("/api/v1/runs/{id}", "GetRun"), ("/api/v1/runs/{id}/logs", "GetRunLogs"), ("/api/v1/runs/{id}/cancel", "CancelRun"),
            ("/api/v1/overview", "GetOverview"), ("/api/v1/schedules/{id}/fires", "ListScheduleFires"), ("/api/v1/schedules/preview", "PreviewScheduleDraft"), ("/api/v1/schedules/{id}/preview", "PreviewSchedule"),
        })
        {
            Assert.Contains(operations, o => o.Path == path && o.Id == id && !string.IsNullOrEmpty(o.Summary));
        }
    }

    internal static async Task<string> StartAsync(HttpClient client, string workflow)
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        var started = await client.PostAsync($"vco/api/workflows/{workflow}/executions", content, Ct).JsonAsync(HttpStatusCode.Accepted);
        return started!["id"]!.GetValue<string>();
    }

    /// <summary>Polls a run's state, as vRO clients do, until it is one of <paramref name="states"/>.</summary>
    internal static async Task WaitForAsync(HttpClient client, string workflow, string runId, params string[] states)
    {
        for (var i = 0; i < 200; i++)
        {
            var state = await client.GetAsync($"vco/api/workflows/{workflow}/executions/{runId}/state", Ct).JsonAsync();
            if (states.Contains(state!["value"]!.GetValue<string>()))
            {
                return;
            }

            await Task.Delay(25, Ct);
        }

        throw new TimeoutException($"Run {runId} did not reach {string.Join(" or ", states)}.");
    }
}
