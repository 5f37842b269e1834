using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Taskforge.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Taskforge.Tests.Console;

/// <summary>An administrator adds a person and a group in the browser; the person signs in, makes an API token and uses it.</summary>
public sealed class PeopleBrowserTests(ConsoleWorldFixture world, BrowserFixture browser) : IClassFixture<ConsoleWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAdministrator_AddsAPersonAndAGroup_ThePersonMakesATokenThatWorksOnTheApi()
    {
        var (adminContext, admin) = await world.SignedInAsync(browser, ServerInstance.AdminName);
        await using var _ = adminContext;

        await admin.GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Add a person" }).ClickAsync();
        await admin.GetByLabel("User name").FillAsync("nora");
        await admin.GetByLabel("Display name").FillAsync("Nora Nilsson");
        await admin.GetByLabel("Password").FillAsync("short");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(admin.GetByLabel("Password")).ToHaveAttributeAsync("aria-invalid", "true");
        await admin.GetByLabel("Password").FillAsync("nora-password-1");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("nora may sign in now.");

        await admin.GotoAsync("/groups/new");
        await admin.GetByLabel("Name").FillAsync("reviewers");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await admin.GetByLabel("Add a member (user name)").FillAsync("nora");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("nora is a member now.");
        await BrowserFixture.ScreenshotAsync(admin, "people-group");

        var (noraContext, nora) = await world.SignedInAsync(browser, "nora", "nora-password-1");
        await using var __ = noraContext;
        await nora.GetByRole(AriaRole.Link, new() { Name = "nora" }).ClickAsync();
        await nora.GetByLabel("New token's name").FillAsync("laptop");
        await nora.GetByRole(AriaRole.Button, new() { Name = "Create a token" }).ClickAsync();
        var secret = await nora.Locator("#new-token").InnerTextAsync();
        await BrowserFixture.ScreenshotAsync(nora, "me-token");

        using var api = world.Server.Anonymous();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var me = await api.GetAsync("api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("\"nora\"", await me.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await nora.ReloadAsync();
        await Expect(nora.Locator("#new-token")).ToHaveCountAsync(0);
    }
}
