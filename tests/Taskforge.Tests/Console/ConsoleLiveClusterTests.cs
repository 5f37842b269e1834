using System.Net;
using Taskforge.Tests.Server;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>Two nodes on one PostgreSQL database: a task made on one node reaches a console page served by the other at once.</summary>
public sealed class ConsoleLiveClusterTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATaskCreatedOnOneNode_TellsAnInboxStreamOnTheOther()
    {
        var database = await postgres.CreateDatabaseAsync("console_live");
        await using var a = await ServerInstance.StartAsync(database);
        await using var b = await ServerInstance.StartAsync(database);
        var world = new HtmWorld(b);
        await world.SetUpAsync();
        var template = await world.TemplateAsync(ConsoleWorldFixture.Review);
        using var mia = await ConsoleHttp.SignInAsync(a.BaseAddress, "mia", HtmWorld.Password("mia"));
        using var response = await mia.GetAsync("inbox/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        Assert.Equal("retry: 5000", await reader.ReadLineAsync(Ct));

        using var olga = world.As("olga");
        using var created = await olga.PostAsync($"{HtmWorld.Root}task?taskTemplateID={template}&mode=async", HtmWorld.Xml(ConsoleWorldFixture.ReviewInput), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(deadline.Token);
        }
        while (line is not null && line != "event: changed");

        Assert.Equal("event: changed", line);
    }
}
