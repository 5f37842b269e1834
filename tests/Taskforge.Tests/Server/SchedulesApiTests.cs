using System.Net;
using System.Net.Http.Json;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>The native schedules API: cron with an explicit zone, the preview across a DST change, policies, and errors.</summary>
public sealed class SchedulesApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using var admin = _server.Admin();
        using var content = new StringContent("""{"name":"Tick","input-parameters":[{"name":"n","type":"number","default":1}],"steps":[{"type":"end"}]}""",
            System.Text.Encoding.UTF8, "application/json");
        (await admin.PutAsync("api/v1/workflows/tick", content, Ct)).EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Preview_ShowsACronScheduleAcrossTheSpringForwardGap()
    {
        using var admin = _server.Admin();
        var created = await admin.PostAsJsonAsync("api/v1/schedules", new
        {
            name = "Nightly", workflow = "tick", cron = "30 2 * * *", timeZone = "Europe/Zurich", start = "2027-03-26T00:00:00Z",
            misfire = "fire-all:PT6H", overlap = "skip", inputs = new { n = 5 },
        }, Ct).JsonAsync(HttpStatusCode.Created);
        var id = created!["id"]!.GetValue<string>();

        var preview = await admin.GetAsync($"api/v1/schedules/{id}/preview?count=4", Ct).JsonAsync();

        Assert.Equal("cron", created["cycle"]!.GetValue<string>());
        Assert.Equal("skip", created["overlap"]!.GetValue<string>());
        Assert.Equal("Europe/Zurich", preview!["timeZone"]!.GetValue<string>());
        var local = preview["fires"]!.AsArray().Select(f => f!["local"]!.GetValue<string>()).ToArray();
        Assert.Equal(["2027-03-26T02:30:00+01:00", "2027-03-27T02:30:00+01:00", "2027-03-28T03:00:00+02:00", "2027-03-29T02:30:00+02:00"], local);
    }

    [Fact]
    public async Task PreviewOfADraft_MarksTheSpringForwardGap_AndSavesNothing()
    {
        using var admin = _server.Admin();
        var before = (await admin.GetAsync("api/v1/schedules", Ct).JsonAsync())!.AsArray().Count;

        var preview = await admin.PostAsJsonAsync("api/v1/schedules/preview?count=3", new
        {
            workflow = "tick", cycle = "every-days", pattern = "(America/New_York) 02:30:00,", start = "2027-03-13T00:00:00Z",
        }, Ct).JsonAsync();

        Assert.Equal(before, (await admin.GetAsync("api/v1/schedules", Ct).JsonAsync())!.AsArray().Count);
        Assert.Equal("America/New_York", preview!["timeZone"]!.GetValue<string>());
        var fires = preview["fires"]!.AsArray();
        Assert.Equal(["none", "gap", "none"], fires.Select(f => f!["mark"]!.GetValue<string>()));
        Assert.Equal("2027-03-14T03:00:00-04:00", fires[1]!["local"]!.GetValue<string>());
        Assert.Equal("2027-03-14T03:00:00", fires[1]!["wallTime"]!.GetValue<string>());
        Assert.Equal("-04:00", fires[1]!["offset"]!.GetValue<string>());
        Assert.StartsWith("02:30 does not exist on 2027-03-14", fires[1]!["note"]!.GetValue<string>(), StringComparison.Ordinal);
        var change = Assert.Single(preview["transitions"]!.AsArray())!;
        Assert.Equal("gap", change["kind"]!.GetValue<string>());
        Assert.Equal("2027-03-14T02:00:00", change["localBefore"]!.GetValue<string>());
    }

    [Fact]
    public async Task PreviewOfADraft_WithABadPattern_Is400()
    {
        using var admin = _server.Admin();

        var problem = await admin.PostAsJsonAsync("api/v1/schedules/preview", new { cycle = "every-days", pattern = "25:00:00," }, Ct)
            .JsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("recurrence-pattern", problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Create_WithBadPolicies_Is400_WithEveryProblem()
    {
        using var admin = _server.Admin();

        var problem = await admin.PostAsJsonAsync("api/v1/schedules", new
        {
            workflow = "tick", cron = "61 * * * *", timeZone = "Mars/Olympus", start = "2027-01-01T00:00:00Z", misfire = "sometimes", overlap = "never",
        }, Ct).JsonAsync(HttpStatusCode.BadRequest);

        var errors = problem!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("misfire", errors);
        Assert.Contains("overlap", errors);
        Assert.True(errors.Contains("cron") || errors.Contains("time-zone"), string.Join(",", errors));
    }

    [Fact]
    public async Task Suspend_WithAReason_ThenResume()
    {
        using var admin = _server.Admin();
        var created = await admin.PostAsJsonAsync("api/v1/schedules", new { workflow = "tick", cycle = "every-days", pattern = "(UTC) 06:00:00,", start = "2027-01-01T00:00:00Z" }, Ct)
            .JsonAsync(HttpStatusCode.Created);
        var id = created!["id"]!.GetValue<string>();

        var paused = await admin.PatchAsJsonAsync($"api/v1/schedules/{id}", new { state = "suspended", pauseReason = "database upgrade" }, Ct).JsonAsync();
        var resumed = await admin.PatchAsJsonAsync($"api/v1/schedules/{id}", new { state = "pending" }, Ct).JsonAsync();

        Assert.Equal("suspended", paused!["state"]!.GetValue<string>());
        Assert.Equal("database upgrade", paused["pauseReason"]!.GetValue<string>());
        Assert.Null(paused["nextFireAt"]);
        Assert.Equal("pending", resumed!["state"]!.GetValue<string>());
        Assert.NotNull(resumed["nextFireAt"]);
    }
}
