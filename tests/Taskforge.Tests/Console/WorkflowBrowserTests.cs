using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Taskforge.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Taskforge.Tests.Console;

/// <summary>Operators with their workflows in a real browser: find one, read its diagram, compare revisions, start a run.</summary>
public sealed partial class WorkflowBrowserTests(WorkflowWorldFixture world, BrowserFixture browser) : IClassFixture<WorkflowWorldFixture>
{
    [GeneratedRegex("/runs/[0-9a-f]{32}$")]
    private static partial Regex RunPage();

    [Fact]
    public async Task AnOperator_FindsAWorkflowBySearch_AndReadsItsInputsAndSteps()
    {
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;

        await page.GetByRole(AriaRole.Link, new() { Name = "Workflows" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "workflows-list");
        await page.GetByLabel("Search").FillAsync("virtual machine");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Link, new() { Name = "Provision a server" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Provision a server", Level = 1 })).ToBeVisibleAsync();
        var inputs = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Inputs" }) });
        await Expect(inputs.GetByRole(AriaRole.Row).Filter(new() { HasText = "rootPassword" })).ToContainTextAsync("SecureString");
        await Expect(inputs.GetByRole(AriaRole.Row).Filter(new() { HasText = "tags" })).ToContainTextAsync("Array/string");
        var diagram = page.GetByRole(AriaRole.Img, new() { Name = "The steps of Provision a server" });
        await Expect(diagram).ToBeVisibleAsync();
        await Expect(diagram.Locator(".wf-node")).ToHaveCountAsync(6);
        await Expect(diagram.Locator("text.wf-label")).ToContainTextAsync(["cpus > 128", "otherwise"]);
        await Expect(diagram.Locator("a[href='/workflows/hello']")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "workflow-page");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page.Locator(".diagram-card"), "workflow-diagram-phone-dark");
        await BrowserFixture.ScreenshotAsync(page.Locator("#revisions"), "workflow-revisions-phone-dark");
    }

    [Fact]
    public async Task BranchesAndLoops_AreDrawnAsLabelledArrows()
    {
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;

        await page.GotoAsync("/workflows/maintenance");

        var diagram = page.GetByRole(AriaRole.Img, new() { Name = "The steps of Nightly maintenance" });
        await Expect(diagram.Locator(".wf-node")).ToHaveCountAsync(9);
        await Expect(diagram.Locator("text.wf-label")).ToContainTextAsync(["health == 'ok'", "tries < 3", "health == 'gone'", "otherwise"]);
        await Expect(page.Locator(".steps-list")).ToContainTextAsync("If tries < 3: Try again");
        await BrowserFixture.ScreenshotAsync(page.Locator(".diagram-card"), "workflow-diagram-branches");
    }

    [Fact]
    public async Task AnOperator_ComparesTwoRevisions()
    {
        var (context, page) = await world.World.SignedInAsync(browser, "rita");
        await using var _ = context;
        await page.GotoAsync("/workflows/provision");

        await page.GetByLabel("From revision").SelectOptionAsync("1");
        await page.GetByLabel("To revision").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Revision 1 → 2" })).ToBeVisibleAsync();
        var diff = page.GetByRole(AriaRole.Table, new() { Name = "Changes from revision 1 to revision 2" });
        await Expect(diff.Locator("tr.diff-removed")).ToContainTextAsync(["\"version\": \"2.1.0\"", "cpus > 64", "At most 64 CPUs."]);
        await Expect(diff.Locator("tr.diff-added")).ToContainTextAsync(["\"version\": \"2.2.0\"", "cpus > 128", "At most 128 CPUs."]);
        await Expect(page.GetByText("3 added")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "workflow-compare");
    }

    [Fact]
    public async Task AnOperator_StartsARunWithTypedInputs_AndLandsOnItsPage()
    {
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;
        await page.GotoAsync("/workflows/provision");
        await page.GetByRole(AriaRole.Link, new() { Name = "Start a run" }).ClickAsync();

        await page.GetByLabel("hostname").FillAsync("web-07");
        await page.GetByLabel("cpus").FillAsync("8");
        await page.GetByLabel("backup").UncheckAsync();
        await page.GetByLabel("startAt").FillAsync("2026-03-01T10:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a row to tags" }).ClickAsync();
        await page.GetByLabel("tags 2", new() { Exact = true }).FillAsync("eu-west");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a property to labels" }).ClickAsync();
        await page.GetByLabel("Key 1 of labels").FillAsync("team");
        await page.GetByLabel("Value 1 of labels").FillAsync("platform");
        await page.GetByLabel("rootPassword").FillAsync("s3cret-pass");
        await page.GetByLabel("extra").FillAsync("""{"zone": "b"}""");
        await BrowserFixture.ScreenshotAsync(page, "workflow-run-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the run" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(RunPage());
        var runId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var inputs = await world.RunInputsAsync("provision", runId);
        Assert.Equal("web-07", inputs["hostname"]!.GetValue<string>());
        Assert.Equal(8, inputs["cpus"]!.GetValue<double>());
        Assert.False(inputs["backup"]!.GetValue<bool>());
        // Typed in Zurich's winter time (UTC+1), carried as UTC by the console's script.
        Assert.Equal("2026-03-01T09:30:00.000Z", inputs["startAt"]!.GetValue<string>());
        Assert.Equal("""["web","eu-west"]""", inputs["tags"]!.ToJsonString());
        Assert.Equal("""{"team":"platform"}""", inputs["labels"]!.ToJsonString());
        Assert.Equal("s3cret-pass", inputs["rootPassword"]!.GetValue<string>());
        Assert.Equal("""{"zone":"b"}""", inputs["extra"]!.ToJsonString());
    }

    [Fact]
    public async Task ARefusedRun_ShowsTheProblemAtItsInput_KeepsWhatWasTyped_AndForgetsTheSecret()
    {
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;
        await page.GotoAsync("/workflows/provision/run");

        await page.GetByLabel("cpus").FillAsync("4");
        await page.GetByLabel("tags 1", new() { Exact = true }).FillAsync("batch");
        await page.GetByLabel("rootPassword").FillAsync("s3cret-pass");
        await page.GetByLabel("startAt").FillAsync("2026-07-01T08:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the run" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Some inputs need your attention");
        var hostname = page.GetByLabel("hostname");
        await Expect(hostname).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(hostname).ToBeFocusedAsync();
        await Expect(page.GetByText("This is a required input of type string.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("cpus")).ToHaveValueAsync("4");
        await Expect(page.GetByLabel("tags 1", new() { Exact = true })).ToHaveValueAsync("batch");
        await Expect(page.GetByLabel("startAt")).ToHaveValueAsync("2026-07-01T08:00");
        await Expect(page.GetByLabel("rootPassword")).ToHaveValueAsync("");
        Assert.DoesNotContain("s3cret-pass", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "workflow-run-refused");
    }

    [Fact]
    public async Task AnAdministrator_AddsARule_AndTheEngineShowsItInWords()
    {
        var (context, page) = await world.World.SignedInAsync(browser, "mia");
        await using var _ = context;
        await page.GotoAsync("/workflows/provision");

        await page.GetByLabel("User or group").FillAsync("managers");
        await page.GetByLabel("Inspect").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the rule" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("managers may now view, run and inspect (with what they had before).");
        await Expect(page.Locator("#permissions li").Filter(new() { HasText = "managers" })).ToContainTextAsync("may view, run and inspect");
        await BrowserFixture.ScreenshotAsync(page, "workflow-permissions");
    }

    [Fact]
    public async Task HostileNames_AreShownAsText_NeverRun()
    {
        var (context, page) = await world.World.SignedInAsync(browser, "eve");
        await using var _ = context;
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        await page.GotoAsync("/workflows?q=" + Uri.EscapeDataString("<script>"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "<script>window.hacked=1</script>" })).ToBeVisibleAsync();
        await page.GotoAsync("/workflows/hostile");
        await Expect(page.GetByText("<b>not bold</b>")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "workflow-hostile");
        await page.GotoAsync("/workflows/hostile/run");

        Assert.Equal(0, dialogs);
        Assert.Null(await page.EvaluateAsync<int?>("window.hacked"));
        await Expect(page.Locator("img[src=x]")).ToHaveCountAsync(0);
    }
}
