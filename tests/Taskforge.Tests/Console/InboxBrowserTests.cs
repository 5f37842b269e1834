using Microsoft.Playwright;
using Taskforge.Tests.Server;
using Taskforge.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Taskforge.Tests.Console;

/// <summary>People working their inbox in a real browser: claim, fill in the generated form, complete, race, transfer.</summary>
public sealed class InboxBrowserTests(ConsoleWorldFixture world, BrowserFixture browser) : IClassFixture<ConsoleWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AManager_ClaimsFromAvailable_AndCompletesAFormWithRepeatedAndNestedFields()
    {
        var id = await world.ReviewTaskAsync();
        var (context, page) = await world.SignedInAsync(browser, "mia");
        await using var _ = context;

        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator($"a[href='/tasks/{Uri.EscapeDataString(id)}']") });
        await Expect(row).ToContainTextAsync("Review a change");
        await Expect(row).ToContainTextAsync("Ready");
        await BrowserFixture.ScreenshotAsync(page, "inbox-available");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review a change", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Move the database")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You claimed this task");

        await page.GetByLabel("Approved").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add conditions" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add conditions" }).ClickAsync();
        await page.GetByLabel("Conditions 1", new() { Exact = true }).FillAsync("Back up first");
        await page.GetByLabel("Conditions 2", new() { Exact = true }).FillAsync("Weekend only");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Mia Manager");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add checks" }).ClickAsync();
        await page.GetByLabel("What").FillAsync("Restore tested");
        await page.GetByLabel("Comment").FillAsync("Looks good");
        await BrowserFixture.ScreenshotAsync(page, "task-claimed-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The task is complete");
        await Expect(page.Locator(".badge-finished")).ToBeVisibleAsync();
        using var olga = world.World.As("olga");
        var output = await olga.GetStringAsync($"{HtmWorld.Root}task/{id}/output", Ct);
        Assert.Contains("<approved>true</approved>", output, StringComparison.Ordinal);
        Assert.Contains("<conditions>Back up first</conditions><conditions>Weekend only</conditions>", output, StringComparison.Ordinal);
        Assert.Contains("<reviewer><name>Mia Manager</name><checks><what>Restore tested</what></checks></reviewer>", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerTheEngineRefuses_ShowsEachProblemAtItsField_AndKeepsWhatWasTyped()
    {
        var id = await world.ReviewTaskAsync();
        var (context, page) = await world.SignedInAsync(browser, "max");
        await using var _ = context;
        await page.GotoAsync($"/tasks/{Uri.EscapeDataString(id)}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add conditions" }).ClickAsync();
        await page.GetByLabel("Conditions 1", new() { Exact = true }).FillAsync("Only at night");
        await page.GetByLabel("Comment").FillAsync("Who signs?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Some fields need your attention");
        var name = page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true });
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator($"#{await name.GetAttributeAsync("aria-describedby")}")).ToHaveTextAsync("This is required.");
        await Expect(page.GetByLabel("Conditions 1", new() { Exact = true })).ToHaveValueAsync("Only at night");
        await Expect(page.GetByLabel("Comment")).ToHaveValueAsync("Who signs?");
        await BrowserFixture.ScreenshotAsync(page, "task-validation-error");
    }

    [Fact]
    public async Task TwoManagersRaceForOneClaim_TheLoserIsToldWhoWon()
    {
        var id = await world.ReviewTaskAsync();
        var (miaContext, mia) = await world.SignedInAsync(browser, "mia");
        var (maxContext, max) = await world.SignedInAsync(browser, "max");
        await using var _ = miaContext;
        await using var __ = maxContext;
        // max's page must not learn of mia's claim before he clicks (it would take the button away): his live updates are
        // cut, as if both clicked at the same moment.
        await maxContext.RouteAsync("**/events*", route => route.AbortAsync());
        await mia.GotoAsync($"/tasks/{Uri.EscapeDataString(id)}");
        await max.GotoAsync($"/tasks/{Uri.EscapeDataString(id)}");

        await mia.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Expect(mia.GetByRole(AriaRole.Status)).ToContainTextAsync("You claimed this task");
        await max.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();

        await Expect(max.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Already claimed by mia.");
        await Expect(max.GetByRole(AriaRole.Button, new() { Name = "Claim" })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(max, "task-claim-lost");
    }

    [Fact]
    public async Task TheOwner_TransfersTheTask_AndItIsInTheOthersMineList()
    {
        var id = await world.ReviewTaskAsync();
        var (miaContext, mia) = await world.SignedInAsync(browser, "mia");
        await using var _ = miaContext;
        await mia.GotoAsync($"/tasks/{Uri.EscapeDataString(id)}");
        await mia.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();

        await mia.Locator("summary", new() { HasText = "Transfer" }).ClickAsync();
        await mia.GetByLabel("Give this task to (user name)").FillAsync("max");
        await mia.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();

        await Expect(mia.GetByRole(AriaRole.Status)).ToHaveTextAsync("The task went to max.");
        await Expect(mia.GetByRole(AriaRole.Button, new() { Name = "Release" })).ToHaveCountAsync(0);
        var (maxContext, max) = await world.SignedInAsync(browser, "max");
        await using var __ = maxContext;
        await max.GotoAsync("/inbox?tab=mine");
        await Expect(max.Locator($"a[href='/tasks/{Uri.EscapeDataString(id)}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task HostileTextInTasks_IsShownAsText_NeverRun()
    {
        var hostile = "<script>window.hacked=1</script>\"><img src=x onerror=\"window.hacked=2\">";
        var id = await world.ReviewTaskAsync($"""<change xmlns="http://example/changes"><title>{System.Security.SecurityElement.Escape(hostile)}</title></change>""");
        var (context, page) = await world.SignedInAsync(browser, "mia");
        await using var _ = context;
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        await page.GotoAsync($"/tasks/{Uri.EscapeDataString(id)}");
        await Expect(page.GetByText(hostile)).ToBeVisibleAsync();
        await page.GotoAsync("/inbox?q=" + Uri.EscapeDataString(hostile));

        Assert.Equal(0, dialogs);
        Assert.Null(await page.EvaluateAsync<int?>("window.hacked"));
        await Expect(page.Locator("img[src=x]")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Search")).ToHaveValueAsync(hostile);
    }

    [Fact]
    public async Task APerson_StartsATaskFromATemplateForm_AndFollowsItInStartedByMe()
    {
        var (context, page) = await world.SignedInAsync(browser, "olga");
        await using var _ = context;

        await page.GetByRole(AriaRole.Link, new() { Name = "Start a task" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Review a change" }).ClickAsync();
        await page.GetByLabel("Title").FillAsync("Rotate the certificates");
        await page.GetByLabel("Risk").FillAsync("2");
        await BrowserFixture.ScreenshotAsync(page, "start-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and start" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The task is created and started");
        await Expect(page.Locator(".badge-ready")).ToBeVisibleAsync();
        await page.GotoAsync("/inbox?tab=started");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Review a change" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ATaskCreatedByAnotherUser_AppearsWithoutAReload_AndOneClaimedElsewhereGoes()
    {
        var (context, page) = await world.SignedInAsync(browser, "mia");
        await using var _ = context;
        await page.GotoAsync("/inbox?q=" + Uri.EscapeDataString("Live one"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No tasks match" })).ToBeVisibleAsync();
        await page.EvaluateAsync("window.sameDocument = true");

        var id = await world.ReviewTaskAsync("""<change xmlns="http://example/changes"><title>x</title></change>""");
        using var olga = world.World.As("olga");
        using var update = await olga.PutAsync($"{HtmWorld.Root}task/{id}?action=update", HtmWorld.Json("""{"displayName":"Live one"}"""), Ct);
        update.EnsureSuccessStatusCode();

        var link = page.Locator($"a[href='/tasks/{Uri.EscapeDataString(id)}']");
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.sameDocument === true"), "the page reloaded instead of updating in place");
        using var max = world.World.As("max");
        (await max.PutAsync($"{HtmWorld.Root}task/{id}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        await Expect(link).ToHaveCountAsync(0, new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task AnInvocationTemplate_RunsItsWorkflow_AndThePageShowsTheResult()
    {
        var (context, page) = await world.SignedInAsync(browser, "olga");
        await using var _ = context;

        await page.GotoAsync("/start");
        await page.GetByRole(AriaRole.Link, new() { Name = "Say hello" }).ClickAsync();
        await page.GetByLabel("Person").FillAsync("Ada");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and run" }).ClickAsync();

        await Expect(page.Locator(".badge-finished")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.GetByText("Hello, Ada")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "task-invocation-finished");
    }
}
