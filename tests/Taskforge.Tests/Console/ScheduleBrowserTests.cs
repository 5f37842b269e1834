using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Taskforge.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Taskforge.Tests.Console;

/// <summary>
/// Operators with their schedules in a real browser: the preview that shows a DST gap before saving, pausing with a
/// reason, and a slot skipped because the last run was still going, read from the fire history.
/// </summary>
public sealed partial class ScheduleBrowserTests(WorkflowWorldFixture world, BrowserFixture browser) : IClassFixture<WorkflowWorldFixture>
{
    [GeneratedRegex("/schedules/[0-9a-f-]{36}$")]
    private static partial Regex SchedulePage();

    [Fact]
    public async Task AnEveryDaySchedule_At0230InNewYork_ShowsTheSpringForwardGap_BeforeItIsSaved()
    {
        await ScheduleWorld.SaveReportAsync(world);
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;
        var year = DateTime.UtcNow.Year + 1;
        var gap = ScheduleWorld.SpringForward(year).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Schedules" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New schedule" }).First.ClickAsync();
        await page.Locator("#pick-workflow").SelectOptionAsync("report");
        await page.GetByRole(AriaRole.Button, new() { Name = "Choose" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Nightly report, New York");
        await page.GetByLabel("Repeats").SelectOptionAsync("every-days");
        await page.GetByLabel("Pattern").FillAsync("02:30");
        await page.GetByLabel("Time zone").FillAsync("America/New_York");
        // Typed in the browser's zone (Zurich): the week before New York's clocks go forward.
        await page.Locator("#f-start").FillAsync($"{year}-03-10T00:00");
        await page.GetByLabel("recipients").FillAsync("night-shift@example.test");

        var preview = page.Locator("#preview");
        var gapRow = preview.Locator("tr.fire-row.dst-gap");
        await Expect(gapRow).ToHaveCountAsync(1);
        await Expect(gapRow).ToContainTextAsync("Skipped hour");
        await Expect(gapRow).ToContainTextAsync($"{gap[5..]} 03:00");
        await Expect(preview.Locator("tr.note-row.dst-gap")).ToContainTextAsync($"02:30 does not exist on {gap}: clocks go forward from 02:00 to 03:00");
        await Expect(preview.Locator("tbody tr.fire-row")).ToHaveCountAsync(10);
        await Expect(preview.Locator(".clock-change")).ToContainTextAsync("Clocks go forward");
        await BrowserFixture.ScreenshotAsync(page, "schedule-form-dst");
        await page.SetViewportSizeAsync(1280, 1100);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await ViewportScreenshotAsync(page, "schedule-form-dst-viewport");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await ViewportScreenshotAsync(page, "schedule-form-dst-dark");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page.Locator(".preview-card"), "schedule-preview-phone-dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.SetViewportSizeAsync(1280, 860);

        await page.GetByLabel("Pattern").FillAsync("02:30,99:00");
        await Expect(preview.Locator(".preview-problems")).ToContainTextAsync("Pattern:");
        await BrowserFixture.ScreenshotAsync(page.Locator(".preview-card"), "schedule-preview-problem");
        await page.GetByLabel("Pattern").FillAsync("02:30");
        await Expect(gapRow).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(SchedulePage());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nightly report, New York", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("section:has(#next-heading) tr.fire-row.dst-gap")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "schedule-page");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Schedules" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Nightly report, New York" });
        await Expect(row).ToContainTextAsync("Every day at 02:30");
        await Expect(row).ToContainTextAsync("America/New_York");
        await Expect(row).ToContainTextAsync("Active");
        await BrowserFixture.ScreenshotAsync(page, "schedules-list");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "schedules-list-phone-dark");
    }

    [Fact]
    public async Task PausingWithAReason_ShowsItInTheListAndOnThePage_AndResumingClearsIt()
    {
        await ScheduleWorld.SaveReportAsync(world);
        var id = await ScheduleWorld.DailyAsync(world, "Warehouse export");
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;
        const string reason = "Database maintenance until Friday";

        await page.GotoAsync($"/schedules/{id}");
        await page.GetByLabel("Reason").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();

        await Expect(page.Locator(".pause-notice")).ToContainTextAsync(reason);
        await Expect(page.Locator("h1")).ToContainTextAsync("Paused");
        await BrowserFixture.ScreenshotAsync(page, "schedule-paused");
        await page.GotoAsync("/schedules");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Warehouse export" });
        await Expect(row).ToContainTextAsync("Paused");
        await Expect(row.Locator(".pause-reason")).ToHaveTextAsync(reason);
        await BrowserFixture.ScreenshotAsync(page, "schedules-list-paused");

        await row.GetByRole(AriaRole.Link, new() { Name = "Warehouse export" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();

        await Expect(page.Locator("h1")).ToContainTextAsync("Active");
        await Expect(page.Locator(".pause-notice")).ToHaveCountAsync(0);
        await page.GotoAsync("/schedules");
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row.Locator(".pause-reason")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ASlotSkippedByOverlapSkip_ShowsAsSkipped_WithTheRunThatWasStillGoing()
    {
        await ScheduleWorld.SaveReportAsync(world);
        var (context, page) = await world.World.SignedInAsync(browser, "olga");
        await using var _ = context;

        await page.GotoAsync("/schedules/new?workflow=report");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Report every two seconds");
        await page.GetByLabel("Repeats").SelectOptionAsync("cron");
        // Every two seconds: the first fire starts a run that waits ten minutes, so the next slot finds it still going.
        await page.GetByLabel("Cron expression").FillAsync("*/2 * * * * *");
        await page.GetByLabel("Time zone").FillAsync("UTC");
        await page.GetByLabel("A slot comes while the last run is still going").SelectOptionAsync("skip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(SchedulePage());

        var skipped = page.Locator("tr.fire-skipped-overlap");
        for (var i = 0; i < 40 && await skipped.CountAsync() == 0; i++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
        }

        var started = page.Locator("tr.fire-started").Last;
        var runId = (await started.Locator("a[href^='/runs/']").First.TextContentAsync())!.Trim();
        var first = skipped.Last;
        await Expect(first).ToContainTextAsync("Skipped: overlap");
        await Expect(first).ToContainTextAsync($"Not run: run {runId} was still going, and overlap policy skip starts no second run.");
        await Expect(first.Locator($"a[href='/runs/{runId}']")).ToHaveCountAsync(1);
        await Expect(started).ToContainTextAsync("Fired");
        await Expect(started).ToContainTextAsync($"Started run {runId}");
        await page.GetByLabel("Reason").FillAsync("Only a test: enough skipping");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.Locator(".pause-notice")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "schedule-fire-history");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page.Locator("#fires"), "schedule-fire-history-phone-dark");
    }

    // What a person sees without scrolling: the form beside its preview (docs/images/console-schedule.png is taken from it).
    private static async Task ViewportScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png") });
    }
}
