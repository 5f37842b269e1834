using Microsoft.Playwright;
using Taskforge.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Taskforge.Tests.Console;

/// <summary>The README's two-minute walk-through, click by click, on a fresh server with its samples: no curl anywhere.</summary>
public sealed class ReadmeWalkthroughTests(SqliteServerFixture fixture, BrowserFixture browser) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task ANewcomer_AddsPeople_StartsASampleTask_AndAManagerCompletesIt()
    {
        await using var adminContext = await browser.NewContextAsync(fixture.Server.BaseAddress);
        var admin = await adminContext.NewPageAsync();
        await SignInAsync(admin, ServerInstance.AdminName, ServerInstance.AdminPassword);
        foreach (var (name, password) in new[] { ("olga", "olga-password-1"), ("mia", "mia-password-1") })
        {
            await admin.GotoAsync("/people");
            await admin.GetByRole(AriaRole.Link, new() { Name = "Add a person" }).ClickAsync();
            await admin.GetByLabel("User name").FillAsync(name);
            await admin.GetByLabel("Password").FillAsync(password);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{name} may sign in now.");
        }

        await admin.GotoAsync("/people");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Add a group" }).ClickAsync();
        await admin.GetByLabel("Name").FillAsync("managers");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await admin.GetByLabel("Add a member (user name)").FillAsync("mia");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await SignInAsync(admin, "olga", "olga-password-1");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Start a task" }).First.ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Approve an expense claim" }).ClickAsync();
        await admin.GetByLabel("Employee").FillAsync("olga");
        await admin.GetByRole(AriaRole.Spinbutton, new() { Name = "Amount", Exact = true }).FillAsync("120.50");
        await admin.GetByLabel("Submitted").FillAsync("2026-11-20");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add items" }).ClickAsync();
        await admin.GetByLabel("Text").FillAsync("Train");
        await admin.Locator("input[name='data.items[0].amount']").FillAsync("120.50");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create and start" }).ClickAsync();
        await Expect(admin.Locator(".badge-ready")).ToBeVisibleAsync();
        var taskUrl = admin.Url;

        await using var miaContext = await browser.NewContextAsync(fixture.Server.BaseAddress);
        var mia = await miaContext.NewPageAsync();
        await SignInAsync(mia, "mia", "mia-password-1");
        await mia.GetByRole(AriaRole.Link, new() { Name = "Approve an expense claim" }).ClickAsync();
        await mia.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await mia.GetByLabel("Approved").CheckAsync();
        await mia.GetByLabel("Comment").FillAsync("Fine, thanks.");
        await mia.GetByRole(AriaRole.Button, new() { Name = "Complete", Exact = true }).ClickAsync();
        await Expect(mia.GetByRole(AriaRole.Status)).ToContainTextAsync("The task is complete");

        await admin.GotoAsync("/inbox?tab=started");
        await Expect(admin.Locator(".badge-finished")).ToBeVisibleAsync();
        await admin.GotoAsync(taskUrl);
        await Expect(admin.GetByText("Fine, thanks.")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(admin, "walkthrough-finished");
    }

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();
    }
}
