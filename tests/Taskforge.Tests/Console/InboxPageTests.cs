using Taskforge.Tests.Server;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>The inbox page over plain HTTP: which tabs a person has, and the "All" list's start on READY tasks.</summary>
public sealed class InboxPageTests(ConsoleWorldFixture world) : IClassFixture<ConsoleWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdministratorsSeeEveryTask_StartingWithTheReadyOnes_OthersHaveNoAllTab()
    {
        var ready = await world.ReviewTaskAsync();
        var ended = await world.ReviewTaskAsync();
        using (var olga = world.World.As("olga"))
        {
            (await olga.PutAsync($"{HtmWorld.Root}task/{ended}?action=terminate", null, Ct)).EnsureSuccessStatusCode();
        }

        using var admin = await ConsoleHttp.SignInAsync(world.Server.BaseAddress, ServerInstance.AdminName, ServerInstance.AdminPassword);
        using var mia = await ConsoleHttp.SignInAsync(world.Server.BaseAddress, "mia", HtmWorld.Password("mia"));

        var readyOnes = await admin.GetStringAsync("inbox?tab=all", Ct);
        var everything = await admin.GetStringAsync("inbox?tab=all&state=any", Ct);
        var forMia = await mia.GetStringAsync("inbox?tab=all", Ct);

        Assert.Contains(Link(ready), readyOnes, StringComparison.Ordinal);
        Assert.DoesNotContain(Link(ended), readyOnes, StringComparison.Ordinal);
        Assert.Contains("<option value=\"ready\" selected=\"selected\">", readyOnes, StringComparison.Ordinal);
        Assert.Contains(Link(ended), everything, StringComparison.Ordinal);
        Assert.Contains("<option value=\"any\" selected=\"selected\">", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(">All <", forMia, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"page\">Available", forMia, StringComparison.Ordinal);
    }

    private static string Link(string id) => $"href=\"/tasks/{Uri.EscapeDataString(id)}\"";
}
