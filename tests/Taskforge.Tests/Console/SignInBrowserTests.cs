using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Taskforge.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Taskforge.Tests.Console;

/// <summary>Signing in and out in a real browser.</summary>
public sealed class SignInBrowserTests(SqliteServerFixture fixture, BrowserFixture browser) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task APerson_SignsIn_LandsWhereTheyWereGoing_AndSignsOut()
    {
        await using var context = await browser.NewContextAsync(fixture.Server.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/inbox");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Finbox$"));
        await BrowserFixture.ScreenshotAsync(page, "signin");
        await page.GetByLabel("User name").FillAsync(ServerInstance.AdminName);
        await page.GetByLabel("Password").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await Expect(page.GetByLabel("User name")).ToHaveValueAsync(ServerInstance.AdminName);
        await page.GetByLabel("Password").FillAsync(ServerInstance.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/inbox$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You have signed out.");
        await page.GotoAsync("/inbox");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
    }
}
