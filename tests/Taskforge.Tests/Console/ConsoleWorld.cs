using System.Net;
using Microsoft.Playwright;
using Taskforge.Tests.Server;
using Taskforge.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Taskforge.Tests.Console;

/// <summary>
/// A server for the console's browser tests, with HTM's people (olga creates tasks and, as their originator, administers
/// them; mia and max are managers; rita reads; eve has no role) and a review template whose answer has every kind of field: a yes/no, a repeated text, a nested group with a
/// repeated group inside, a date and time, and a fault with a form of its own.
/// </summary>
public sealed class ConsoleWorldFixture : IAsyncLifetime
{
    private readonly SqliteFile _file = new();

    public const string ReviewInput = """<change xmlns="http://example/changes"><title>Move the database</title><risk>3</risk></change>""";

    public static readonly string Review = """
        {"name": "ReviewChange", "namespace": "http://example/changes", "kind": "to-do", "priority": 2,
         "displayName": {"en": "Review a change", "de": "Änderung prüfen"},
         "description": "Check the change and say under which conditions it may go ahead.",
         "durationUntilDue": "P1D", "supportsSubTasks": true, "supportsDelegation": true,
         "input": {"element": "change", "namespace": "http://example/changes",
                   "fields": [{"name": "title", "type": "string", "required": true}, {"name": "risk", "type": "int"}]},
         "output": {"element": "review", "fields": [
            {"name": "approved", "type": "boolean", "required": true},
            {"name": "conditions", "type": "string", "repeated": true},
            {"name": "reviewer", "type": "complex", "required": true, "fields": [
                {"name": "name", "type": "string", "required": true},
                {"name": "signedAt", "type": "dateTime"},
                {"name": "checks", "type": "complex", "repeated": true, "fields": [{"name": "what", "type": "string", "required": true}, {"name": "passed", "type": "boolean"}]}]},
            {"name": "comment", "type": "string"}]},
         "faults": {"rejected": {"element": "rejection", "fields": [{"name": "reason", "type": "string", "required": true}]}},
         "roles": {"potentialOwners": {"groups": ["managers"]}, "potentialInstanceCreators": {"users": ["olga"]}, "potentialStarters": {"users": ["olga"]},
                   "readers": {"users": ["rita"]}}}
        """;

    public ServerInstance Server { get; private set; } = null!;

    public HtmWorld World { get; private set; } = null!;

    public string ReviewTemplate { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Server = await ServerInstance.StartAsync(_file.Options);
        World = new HtmWorld(Server);
        await World.SetUpAsync();
        ReviewTemplate = await World.TemplateAsync(Review);
    }

    /// <summary>A review task created and started by olga through IBM's face; returns its id.</summary>
    public async Task<string> ReviewTaskAsync(string input = ReviewInput)
    {
        using var olga = World.As("olga");
        var created = await olga.PostAsync($"{HtmWorld.Root}task?taskTemplateID={ReviewTemplate}&mode=async", HtmWorld.Xml(input), TestContext.Current.CancellationToken)
            .JsonAsync(HttpStatusCode.Created);
        return created!["tkiid"]!.GetValue<string>();
    }

    /// <summary>A browser (its own cookies) signed in as <paramref name="user"/>, on the inbox.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> SignedInAsync(BrowserFixture browser, string user, string? password = null)
    {
        var context = await browser.NewContextAsync(Server.BaseAddress);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password ?? (user == ServerInstance.AdminName ? ServerInstance.AdminPassword : HtmWorld.Password(user)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();
        return (context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _file.Dispose();
    }
}
