using System.Net;
using Taskforge.Tests.Server;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>The task page over plain HTTP: who may reach it, what it offers, and the actions that have no browser test.</summary>
public sealed class TaskPageTests(ConsoleWorldFixture world) : IClassFixture<ConsoleWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APersonWithoutAWorkItem_NeverReachesTheTask_NorActsOnIt()
    {
        var id = await world.ReviewTaskAsync();
        using var eve = await SignInAsync("eve");

        using var page = await eve.GetAsync(TaskPath(id), Ct);
        using var claim = await ConsoleHttp.PostFormAsync(eve, "inbox", TaskPath(id) + "?handler=Claim");
        using var events = await eve.GetAsync(TaskPath(id) + "/events", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("Move the database", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, claim.StatusCode);
        Assert.Equal("/inbox", claim.Headers.Location!.OriginalString);
        using var olga = world.World.As("olga");
        Assert.Contains("STATE_READY", await olga.GetStringAsync($"{HtmWorld.Root}task/{id}", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageOffers_ExactlyTheActionsTheEngineAllows()
    {
        var id = await world.ReviewTaskAsync();
        using var mia = await SignInAsync("mia");
        using var rita = await SignInAsync("rita");
        using var olga = await SignInAsync("olga");

        var forMia = await mia.GetStringAsync(TaskPath(id), Ct);
        var forRita = await rita.GetStringAsync(TaskPath(id), Ct);
        var forOlga = await olga.GetStringAsync(TaskPath(id), Ct);

        // mia is a potential owner: she may claim, nothing else yet. rita only reads. olga made it and so administers it
        // (IBM's default): she may claim too, and suspend, transfer and terminate.
        Assert.Contains(">Claim</button>", forMia, StringComparison.Ordinal);
        Assert.DoesNotContain("<summary>", forMia, StringComparison.Ordinal);
        Assert.Contains("Move the database", forRita, StringComparison.Ordinal);
        Assert.DoesNotContain(">Claim</button>", forRita, StringComparison.Ordinal);
        Assert.DoesNotContain("<summary>", forRita, StringComparison.Ordinal);
        Assert.Contains("<summary>Suspend</summary>", forOlga, StringComparison.Ordinal);
        Assert.Contains("<summary>Terminate</summary>", forOlga, StringComparison.Ordinal);
        Assert.DoesNotContain("Complete</button>", forOlga, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletingWithAFault_UsesTheFaultsOwnForm()
    {
        var id = await world.ReviewTaskAsync();
        using var mia = await SignInAsync("mia");
        (await ConsoleHttp.PostFormAsync(mia, TaskPath(id), TaskPath(id) + "?handler=Claim")).Dispose();

        using var empty = await ConsoleHttp.PostFormAsync(mia, TaskPath(id) + "?fault=rejected", TaskPath(id) + "?handler=Fault", ("faultName", "rejected"));
        using var done = await ConsoleHttp.PostFormAsync(mia, TaskPath(id) + "?fault=rejected", TaskPath(id) + "?handler=Fault",
            ("faultName", "rejected"), ("data.reason", "Too risky on a Friday"));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("This is required.", await empty.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        using var olga = world.World.As("olga");
        var fault = await olga.GetStringAsync($"{HtmWorld.Root}task/{id}/fault", Ct);
        Assert.Contains("<reason>Too risky on a Friday</reason>", fault, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuspendUntil_ThenResume_AndAStartedSubtask()
    {
        var id = await world.ReviewTaskAsync();
        var helper = await world.World.TemplateAsync(HtmWorld.Help("ConsoleHelp"));
        using var mia = await SignInAsync("mia");
        (await ConsoleHttp.PostFormAsync(mia, TaskPath(id), TaskPath(id) + "?handler=Claim")).Dispose();

        using var suspend = await ConsoleHttp.PostFormAsync(mia, TaskPath(id), TaskPath(id) + "?handler=Suspend", ("until", "2099-01-02T03:04:00"));
        var suspended = await mia.GetStringAsync(TaskPath(id), Ct);
        using var resume = await ConsoleHttp.PostFormAsync(mia, TaskPath(id), TaskPath(id) + "?handler=Resume");
        using var subtask = await ConsoleHttp.PostFormAsync(mia, $"start/{helper}?parent={Uri.EscapeDataString(id)}", $"start/{helper}?parent={Uri.EscapeDataString(id)}", ("intent", "start"));
        var parent = await mia.GetStringAsync(TaskPath(id), Ct);

        Assert.Equal(HttpStatusCode.Redirect, suspend.StatusCode);
        Assert.Contains("badge-suspended", suspended, StringComparison.Ordinal);
        Assert.Contains("2099-01-02T03:04:00Z", suspended, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, resume.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, subtask.StatusCode);
        Assert.Contains("Waiting for subtasks", parent, StringComparison.Ordinal);
        Assert.Contains(subtask.Headers.Location!.OriginalString, parent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateTexts_FollowTheBrowsersLanguage()
    {
        var id = await world.ReviewTaskAsync();
        using var mia = await SignInAsync("mia");
        mia.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-CH, de;q=0.9, en;q=0.5");

        var page = await mia.GetStringAsync(TaskPath(id), Ct);
        var inbox = await mia.GetStringAsync("inbox", Ct);

        Assert.Contains("<h1>Änderung prüfen</h1>", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("Änderung prüfen", System.Net.WebUtility.HtmlDecode(inbox), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADraft_MayLeaveRequiredFieldsOut_ButCompletingChecksThemAll()
    {
        var id = await world.ReviewTaskAsync();
        using var mia = await SignInAsync("mia");
        (await ConsoleHttp.PostFormAsync(mia, TaskPath(id), TaskPath(id) + "?handler=Claim")).Dispose();

        using var saved = await ConsoleHttp.PostFormAsync(mia, TaskPath(id), TaskPath(id) + "?handler=Output", ("intent", "save"), ("data.comment", "Half done"));
        var page = await mia.GetStringAsync(TaskPath(id), Ct);
        using var olga = world.World.As("olga");
        olga.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        var output = await olga.GetStringAsync($"{HtmWorld.Root}task/{id}/output", Ct);
        using var complete = await ConsoleHttp.PostFormAsync(mia, TaskPath(id), TaskPath(id) + "?handler=Output", ("intent", "complete"));
        using var ibm = await world.World.As("mia").PutAsync($"{HtmWorld.Root}task/{id}?action=complete", null, Ct);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Your draft is saved.", page, StringComparison.Ordinal);
        Assert.Contains(">Half done</textarea>", page, StringComparison.Ordinal);
        Assert.Equal("""{"reviewer":{},"comment":"Half done"}""", output);
        Assert.Equal(HttpStatusCode.BadRequest, complete.StatusCode);
        Assert.Contains("This is required.", await complete.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, ibm.StatusCode);
    }

    [Fact]
    public async Task AChangeBetweenThePageAndItsStream_IsNotMissed()
    {
        var id = await world.ReviewTaskAsync();
        using var mia = await SignInAsync("mia");
        var page = await mia.GetStringAsync(TaskPath(id), Ct);
        var events = System.Text.RegularExpressions.Regex.Match(page, "data-live-events=\"([^\"]+)\"").Groups[1].Value;
        using var max = world.World.As("max");
        (await max.PutAsync($"{HtmWorld.Root}task/{id}?action=claim", null, Ct)).EnsureSuccessStatusCode();

        using var stream = await mia.GetAsync(System.Net.WebUtility.HtmlDecode(events).TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(Ct));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));

        Assert.Equal("retry: 5000", await reader.ReadLineAsync(deadline.Token));
        Assert.Equal("", await reader.ReadLineAsync(deadline.Token));
        Assert.Equal("event: changed", await reader.ReadLineAsync(deadline.Token));
    }

    private static string TaskPath(string id) => "tasks/" + Uri.EscapeDataString(id);

    private Task<HttpClient> SignInAsync(string user) => ConsoleHttp.SignInAsync(world.Server.BaseAddress, user, HtmWorld.Password(user));
}
