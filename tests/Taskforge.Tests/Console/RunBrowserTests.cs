using Taskforge.Server.Faces.Console;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Taskforge.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Taskforge.Tests.Console;

/// <summary>Operators watching and steering runs in a real browser: the log tailed live, cancel, the runs list's filters, the overview.</summary>
public sealed partial class RunBrowserTests(RunWorldFixture world, BrowserFixture browser) : IClassFixture<RunWorldFixture>
{
    [GeneratedRegex("/runs/[0-9a-f]{32}$")]
    private static partial Regex RunPage();

    [Fact]
    public async Task AnOperator_StartsAWorkflowWithTypedInputs_AndWatchesItsLogArrive()
    {
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;
        await page.GotoAsync("/workflows/deploy/run");
        await page.GetByLabel("service").FillAsync("checkout");
        await page.GetByLabel("replicas").FillAsync("3");
        await page.GetByLabel("canary").CheckAsync();
        await page.GetByLabel("apiKey").FillAsync("k3y-never-shown");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start the run" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(RunPage());
        // A mark on this very document: the lines below must arrive without a reload.
        await page.EvaluateAsync("window.stillThisPage = true");
        var log = page.Locator("#run-log");
        await Expect(log).ToContainTextAsync("Preparing checkout on 3 replicas");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync(new Regex("Running|Waiting"));
        await BrowserFixture.ScreenshotAsync(page, "run-page-live");
        await Expect(log.Locator("li.sev-warning")).ToContainTextAsync("Rolling out checkout");
        await Expect(log).ToContainTextAsync("Done: checkout rolled out");
        Assert.True(await page.EvaluateAsync<bool>("window.stillThisPage === true"));
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Completed");
        await Expect(page.GetByText("The run has ended.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel the run" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#outputs-heading + dl")).ToContainTextAsync("checkout rolled out");
        await Expect(page.Locator(".step-timeline tbody tr")).ToHaveCountAsync(5);
        await Expect(page.Locator(".step-timeline svg.bar rect.bar-done")).ToHaveCountAsync(5);
        var inputs = page.Locator("#inputs-heading + dl");
        await Expect(inputs).ToContainTextAsync("secure, not shown");
        await Expect(inputs).ToContainTextAsync("checkout");
        Assert.Equal(1, await log.Locator("li", new() { HasText = "Done: checkout rolled out" }).CountAsync());
        Assert.DoesNotContain("k3y-never-shown", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "run-page-completed");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await BrowserFixture.ScreenshotAsync(page, "run-page-dark");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "run-page-phone-dark");
    }

    [Fact]
    public async Task AnOperator_CancelsAWaitingRun()
    {
        var runId = await world.StartAsync("olga", "window");
        await world.WaitForAsync("window", runId, "waiting");
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.GotoAsync("/runs/" + runId);
        await Expect(page.Locator("h1 .badge").First).ToHaveTextAsync("Waiting");
        await Expect(page.Locator("#run-steps .step-current")).ToContainTextAsync("Wait an hour");
        await BrowserFixture.ScreenshotAsync(page, "run-page-waiting");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the run" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Cancel asked for");
        await Expect(page.Locator("h1 .badge").First).ToHaveTextAsync("Canceled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel the run" })).ToHaveCountAsync(0);
        await world.WaitForAsync("window", runId, "canceled");
        await BrowserFixture.ScreenshotAsync(page, "run-page-canceled");
    }

    [Fact]
    public async Task ARun_LinksItsChildRunsAndHumanTasks_AndTheyLinkBack()
    {
        var parent = await world.StartAsync("olga", "fleet");
        var asking = await world.StartAsync("olga", "approval");
        await world.WaitForAsync("fleet", parent, "completed");
        await world.WaitForAsync("approval", asking, "waiting", "waiting-signal");
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;

        await page.GotoAsync("/runs/" + parent);
        await BrowserFixture.ScreenshotAsync(page, "run-page-with-child");
        await page.Locator("#children-heading + ul a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deploy a release", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#inputs-heading + dl")).ToContainTextAsync("billing");
        await page.Locator("#run-facts").GetByRole(AriaRole.Link, new() { Name = ConsoleFormat.ShortId(parent) }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/runs/{parent}$"));

        await page.GotoAsync("/runs/" + asking);
        await page.Locator("#tasks-heading + ul a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tasks/"));
        await BrowserFixture.ScreenshotAsync(page, "task-page-run-link");
        await page.GetByRole(AriaRole.Link, new() { Name = ConsoleFormat.ShortId(asking) }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/runs/{asking}$"));
        await Expect(page.Locator("h1 .badge").First).ToHaveTextAsync(new Regex("Waiting"));
    }

    [Fact]
    public async Task TheRunsList_FiltersByWorkflowAndState()
    {
        var waiting = await world.StartAsync("olga", "window");
        var failed = await world.StartAsync("olga", "noisy");
        await world.WaitForAsync("noisy", failed, "failed");
        await world.WaitForAsync("window", waiting, "waiting");
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;
        await page.GetByRole(AriaRole.Link, new() { Name = "Runs", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs", Level = 1 })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "runs-list");

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Workflow" }).SelectOptionAsync(new SelectOptionValue { Label = "Wait for the window" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var rows = page.Locator("table.runs-table tbody tr");
        await Expect(rows.First).ToContainTextAsync("Wait for the window");
        Assert.All(await rows.AllInnerTextsAsync(), row => Assert.Contains("Wait for the window", row, StringComparison.Ordinal));
        await Expect(page.Locator($"a[href='/runs/{waiting}']")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Workflow" }).SelectOptionAsync("");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "State" }).SelectOptionAsync("failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator($"a[href='/runs/{failed}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"a[href='/runs/{waiting}']")).ToHaveCountAsync(0);
        Assert.All(await rows.Locator("td[data-label=State]").AllInnerTextsAsync(), state => Assert.Equal("Failed", state.Trim()));

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Workflow" }).SelectOptionAsync(new SelectOptionValue { Label = "Deploy a release" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No runs match" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "runs-list-empty");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/runs");
        await BrowserFixture.ScreenshotAsync(page, "runs-list-phone");
    }

    [Fact]
    public async Task TheOverview_RendersForAnAdministrator_AndIsRefusedForAPlainUser()
    {
        var failed = await world.StartAsync("olga", "noisy");
        await world.WaitForAsync("noisy", failed, "failed");
        var (adminContext, admin) = await world.World.SignedInAsync(browser, ServerInstance.AdminName);
        await using var _ = adminContext;
        var (eveContext, eve) = await world.World.SignedInAsync(browser, "eve");
        await using var __ = eveContext;

        await admin.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.List, new() { Name = "Runs started in the last hour, by state" }).Locator("li")).ToHaveCountAsync(6);
        await Expect(admin.GetByRole(AriaRole.List, new() { Name = "Human tasks waiting, by age" }).Locator("li")).ToHaveCountAsync(4);
        await Expect(admin.Locator($".overview-failed a[href='/runs/{failed}']")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(admin, "overview");
        await admin.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await admin.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(admin, "overview-phone-dark");

        await Expect(eve.GetByRole(AriaRole.Link, new() { Name = "Overview" })).ToHaveCountAsync(0);
        var refused = await eve.GotoAsync("/overview");
        Assert.Equal(403, refused!.Status);
        await Expect(eve.GetByRole(AriaRole.Heading, new() { Name = "Forbidden" })).ToBeVisibleAsync();
    }
}
