using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>The schedule pages over plain HTTP on a real socket: the preview fragment, forms and their tokens, and who reaches what.</summary>
public sealed partial class SchedulePagesTests(WorkflowWorldFixture world) : IClassFixture<WorkflowWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("^/schedules/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex SchedulePage();

    [Fact]
    public async Task ThePreviewFragment_MarksTheSpringForwardGap()
    {
        using var olga = await world.SignInAsync("olga");
        var year = DateTime.UtcNow.Year + 1;
        var gap = ScheduleWorld.SpringForward(year).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var response = await olga.GetAsync($"schedules/preview?cycle=every-days&pattern=02:30&zone=America/New_York&start={year}-03-08T12:00:00&misfire=skip", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(10, Regex.Count(html, "<tr class=\"fire-row "));
        Assert.Equal(1, Regex.Count(html, "<tr class=\"fire-row dst-gap\">"));
        Assert.Contains($"02:30 does not exist on {gap}", html, StringComparison.Ordinal);
        Assert.Contains("Skipped hour", html, StringComparison.Ordinal);
        Assert.Contains("Clocks go forward", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePreviewFragment_OfABadCron_Is400WithTheEnginesProblem()
    {
        using var olga = await world.SignInAsync("olga");

        using var response = await olga.GetAsync("schedules/preview?cycle=cron&cron=61+*+*+*+*&zone=UTC", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("No preview until the timing reads", html, StringComparison.Ordinal);
        Assert.Contains("Cron expression: &#x27;61 * * * *&#x27; is not a valid cron expression", html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task ThePreviewFragment_EscapesWhatWasTyped()
    {
        using var olga = await world.SignInAsync("olga");

        using var response = await olga.GetAsync(
            "schedules/preview?cycle=every-days&pattern=" + Uri.EscapeDataString("<script>alert(1)</script>") + "&zone=" + Uri.EscapeDataString("\"><img src=x onerror=alert(2)>"), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("Time zone: &#x27;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&#x27; is not an IANA time zone.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePreviewButton_WorksWithoutScript_AndSavesNothing()
    {
        await ScheduleWorld.SaveReportAsync(world);
        using var olga = await world.SignInAsync("olga");
        var year = DateTime.UtcNow.Year + 1;

        using var response = await ConsoleHttp.PostFormAsync(olga, "schedules/new?workflow=report", "schedules/new?handler=Preview",
            ("workflow", "report"), ("name", "Preview only"), ("cycle", "every-days"), ("pattern", "02:30"), ("zone", "America/New_York"),
            ("start", $"{year}-03-08T12:00"), ("misfire", "skip"), ("overlap", "allow"), ("in.recipients", "ops@example.test"));
        var html = await response.Content.ReadAsStringAsync(Ct);
        var list = await olga.GetStringAsync("schedules", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Skipped hour", html, StringComparison.Ordinal);
        Assert.Contains("value=\"ops@example.test\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Preview only", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedSchedule_ShowsEachProblemBesideItsField()
    {
        await ScheduleWorld.SaveReportAsync(world);
        using var olga = await world.SignInAsync("olga");

        using var response = await ConsoleHttp.PostFormAsync(olga, "schedules/new?workflow=report", "schedules/new",
            ("workflow", "report"), ("cycle", "every-weeks"), ("pattern", "Someday 02:00"), ("zone", "Europe/Zurich"), ("start", ""),
            ("misfire", "fire-all"), ("window", "an hour"), ("overlap", "allow"));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Matches("id=\"e-pattern\">[^<]*Someday", html);
        Assert.Contains("id=\"e-start\">This is required", html, StringComparison.Ordinal);
        Assert.Contains("id=\"e-misfire\">&#x27;fire-all:an hour&#x27; is not a misfire policy", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASchedule_MadeByTheForm_IsListedAndCanBeEdited()
    {
        await ScheduleWorld.SaveReportAsync(world);
        using var olga = await world.SignInAsync("olga");

        using var created = await ConsoleHttp.PostFormAsync(olga, "schedules/new?workflow=report", "schedules/new",
            ("workflow", "report"), ("name", "Weekly numbers"), ("cycle", "every-weeks"), ("pattern", "Monday 06:00"), ("zone", "Europe/Zurich"),
            ("start", "2030-01-01T00:00"), ("misfire", "fire-once"), ("overlap", "skip"), ("in.recipients", "board@example.test"));
        var path = created.Headers.Location?.OriginalString ?? "";
        var id = SchedulePage().Match(path).Groups["id"].Value;
        var list = await olga.GetStringAsync("schedules", Ct);
        var edit = await olga.GetStringAsync($"schedules/{id}/edit", Ct);
        using var saved = await ConsoleHttp.PostFormAsync(olga, $"schedules/{id}/edit", $"schedules/{id}/edit",
            ("name", "Weekly numbers"), ("cycle", "every-weeks"), ("pattern", "Monday 06:00"), ("zone", "Europe/Zurich"),
            ("start", "2030-01-01T00:00"), ("misfire", "fire-once"), ("overlap", "allow"), ("in.recipients", "board@example.test"));
        using var api = world.Server.Admin();
        var stored = await api.GetAsync($"api/v1/schedules/{id}", Ct).JsonAsync();

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("Weekly numbers", list, StringComparison.Ordinal);
        Assert.Contains("Every Monday at 06:00", list, StringComparison.Ordinal);
        Assert.Contains("Europe/Zurich", list, StringComparison.Ordinal);
        Assert.Contains("value=\"Monday 06:00\"", edit, StringComparison.Ordinal);
        Assert.Contains("value=\"Europe/Zurich\"", edit, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("(Europe/Zurich) Monday 06:00,", stored!["pattern"]!.GetValue<string>());
        Assert.Equal("allow", stored["overlap"]!.GetValue<string>());
        Assert.Equal("fire-once", stored["misfire"]!.GetValue<string>());
    }

    [Fact]
    public async Task EveryForm_WithoutItsAntiforgeryToken_IsRefused()
    {
        await ScheduleWorld.SaveReportAsync(world);
        var id = await ScheduleWorld.DailyAsync(world, "Token check");
        using var olga = await world.SignInAsync("olga");
        string[] posts = ["schedules/new", "schedules/new?handler=Preview", $"schedules/{id}/edit", $"schedules/{id}?handler=Pause", $"schedules/{id}?handler=Resume", $"schedules/{id}?handler=Delete"];

        foreach (var path in posts)
        {
            using var response = await olga.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create("workflow", "report"), KeyValuePair.Create("reason", "no token")]), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} answered {(int)response.StatusCode} without a token");
        }

        using var api = world.Server.Admin();
        var stored = await api.GetAsync($"api/v1/schedules/{id}", Ct).JsonAsync();
        Assert.Equal("pending", stored!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task APersonWithoutRights_IsRefused()
    {
        await ScheduleWorld.SaveReportAsync(world);
        var id = await ScheduleWorld.DailyAsync(world, "Not for eve");
        using var eve = await world.SignInAsync("eve");
        using var rita = await world.SignInAsync("rita");

        var list = await eve.GetStringAsync("schedules", Ct);
        var form = await eve.GetStringAsync("schedules/new", Ct);
        using var page = await eve.GetAsync($"schedules/{id}", Ct);
        using var create = await ConsoleHttp.PostFormAsync(eve, "schedules", "schedules/new",
            ("workflow", "report"), ("cycle", "every-days"), ("pattern", "02:30"), ("zone", "UTC"), ("start", "2030-01-01T00:00"));
        using var pause = await ConsoleHttp.PostFormAsync(eve, "schedules", $"schedules/{id}?handler=Pause", ("reason", "mischief"));
        using var ritaCreate = await ConsoleHttp.PostFormAsync(rita, "schedules", "schedules/new",
            ("workflow", "report"), ("cycle", "every-days"), ("pattern", "02:30"), ("zone", "UTC"), ("start", "2030-01-01T00:00"));
        using var api = world.Server.Admin();
        var stored = await api.GetAsync($"api/v1/schedules/{id}", Ct).JsonAsync();

        Assert.DoesNotContain("Not for eve", list, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"report\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, pause.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ritaCreate.StatusCode);
        Assert.Equal("pending", stored!["state"]!.GetValue<string>());
        Assert.Null(stored["pauseReason"]);
    }
}
