using System.Net;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>
/// The run pages over a real socket: the log fragment the run page's script tails (who may read it, what it escapes,
/// which <c>after</c> it takes), cancel's antiforgery and rights, the list's refused filters, and the task page's link to its run.
/// </summary>
public sealed class RunPagesTests(RunWorldFixture world) : IClassFixture<RunWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheLogFragment_WithoutASession_IsRefused()
    {
        var runId = await world.StartAsync("olga", "window");
        using var anonymous = ConsoleHttp.NewClient(world.Server.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"runs/{runId}/log?after=0");
        request.Headers.Add("X-Requested-With", "fetch");

        using var fromScript = await anonymous.SendAsync(request, Ct);
        using var navigating = await anonymous.GetAsync($"runs/{runId}/log", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, fromScript.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, navigating.StatusCode);
        Assert.Contains("/signin?returnUrl=", navigating.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLogFragment_OfARunTheCallerMayNotSee_DoesNotExist()
    {
        var runId = await world.StartAsync("olga", "window");
        using var eve = await world.SignInAsync("eve");

        using var fragment = await eve.GetAsync($"runs/{runId}/log?after=0", Ct);
        using var page = await eve.GetAsync($"runs/{runId}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, fragment.StatusCode);
        Assert.DoesNotContain("maintenance window", await fragment.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task TheLogFragment_EscapesWhatScriptsWrote_AndSaysWhereToGoOn()
    {
        var runId = await world.StartAsync("olga", "noisy");
        await world.WaitForAsync("noisy", runId, "failed");
        using var olga = await world.SignInAsync("olga");

        using var all = await olga.GetAsync($"runs/{runId}/log?after=0", Ct);
        var rows = await all.Content.ReadAsStringAsync(Ct);
        using var rest = await olga.GetAsync($"runs/{runId}/log?after=1", Ct);
        using var none = await olga.GetAsync($"runs/{runId}/log?after={all.Headers.GetValues("X-Log-Next").Single()}", Ct);
        var page = await olga.GetStringAsync($"runs/{runId}", Ct);

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/html", all.Content.Headers.ContentType!.MediaType);
        Assert.Contains("&lt;script&gt;window.hacked=1&lt;/script&gt;", rows, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=&quot;window.hacked=2&quot;&gt;", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", rows, StringComparison.Ordinal);
        var count = rows.Split("<li ").Length - 1;
        Assert.Equal("failed", all.Headers.GetValues("X-Run-State").Single());
        Assert.Equal("true", all.Headers.GetValues("X-Run-Final").Single());
        var restRows = await rest.Content.ReadAsStringAsync(Ct);
        Assert.Equal(count - 1, restRows.Split("<li ").Length - 1);
        Assert.DoesNotContain("id=\"log-1\"", restRows, StringComparison.Ordinal);
        Assert.Equal("", await none.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain("<script>window", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>on purpose", page, StringComparison.Ordinal);
        Assert.Contains("Stopped &lt;i&gt;on purpose&lt;/i&gt;.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-log-tail", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public async Task TheLogFragment_RefusesAnAfterThatIsNoLineNumber(string after)
    {
        var runId = await world.StartAsync("olga", "window");
        using var olga = await world.SignInAsync("olga");

        using var response = await olga.GetAsync($"runs/{runId}/log?after={Uri.EscapeDataString(after)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("after must be a line number", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_WithoutItsAntiforgeryToken_IsRefused_AndTheRunGoesOn()
    {
        var runId = await world.StartAsync("olga", "window");
        await world.WaitForAsync("window", runId, "waiting");
        using var olga = await world.SignInAsync("olga");

        using var forged = await olga.PostAsync($"runs/{runId}?handler=Cancel", new FormUrlEncodedContent([]), Ct);
        var page = await olga.GetStringAsync($"runs/{runId}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("data-log-tail", page, StringComparison.Ordinal);
        Assert.Contains("Cancel the run", page, StringComparison.Ordinal);
        Assert.Contains("badge-run-waiting", page, StringComparison.Ordinal);
        // Without script the page still shows the log written so far, and how to see more.
        Assert.Contains("Waiting for the maintenance window", page, StringComparison.Ordinal);
        Assert.Contains("<noscript>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_IsOfferedOnlyToThoseWhoMay_AndAViewerIsToldNo()
    {
        var runId = await world.StartAsync("olga", "window");
        await world.WaitForAsync("window", runId, "waiting");
        using var rita = await world.SignInAsync("rita");

        var page = await rita.GetStringAsync($"runs/{runId}", Ct);
        using var refused = await ConsoleHttp.PostFormAsync(rita, $"runs/{runId}", $"runs/{runId}?handler=Cancel");
        var after = await rita.GetStringAsync($"runs/{runId}", Ct);

        Assert.DoesNotContain("Cancel the run", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("You are not allowed to cancel run", after, StringComparison.Ordinal);
        Assert.Contains("badge-run-waiting", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRunsList_SaysWhichFilterItCannotRead()
    {
        using var olga = await world.SignInAsync("olga");

        using var state = await olga.GetAsync("runs?state=sleeping", Ct);
        using var range = await olga.GetAsync("runs?from=2026-03-02T00:00&to=2026-03-01T00:00", Ct);
        using var cursor = await olga.GetAsync("runs?cursor=nonsense", Ct);
        using var hidden = await olga.GetAsync("runs?workflow=secret-of-someone", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, state.StatusCode);
        Assert.Contains("This is not a run state", await state.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, range.StatusCode);
        Assert.Contains("This must be after from", await range.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, cursor.StatusCode);
        Assert.Contains("Page is not one this list gave", await cursor.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task ARunAndItsHumanTask_LinkToEachOther()
    {
        var runId = await world.StartAsync("olga", "approval");
        await world.WaitForAsync("approval", runId, "waiting-signal", "waiting");
        using var olga = await world.SignInAsync("olga");

        var runPage = await olga.GetStringAsync($"runs/{runId}", Ct);
        var taskLink = System.Text.RegularExpressions.Regex.Match(runPage, "href=\"/tasks/(?<id>[^\"]+)\"");
        var taskPage = await olga.GetStringAsync($"tasks/{taskLink.Groups["id"].Value}", Ct);

        Assert.True(taskLink.Success, "the run page links to its task");
        Assert.Contains("asked by a step", runPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"/runs/{runId}\"", taskPage, StringComparison.Ordinal);
        Assert.Contains("Asked by run", taskPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOverview_IsForAdministratorsAndMonitors()
    {
        using var admin = await world.SignInAsync(ServerInstance.AdminName);
        using var rita = await world.SignInAsync("rita");

        using var forAdmin = await admin.GetAsync("overview", Ct);
        using var forRita = await rita.GetAsync("overview", Ct);
        var ritasHome = await rita.GetStringAsync("runs", Ct);

        Assert.Equal(HttpStatusCode.OK, forAdmin.StatusCode);
        Assert.Contains("Failed runs to look at", await forAdmin.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forRita.StatusCode);
        Assert.DoesNotContain("href=\"/overview\"", ritasHome, StringComparison.Ordinal);
    }
}
