using System.Net;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>
/// Two nodes on one PostgreSQL database, started together on a new database: a session cookie (and the antiforgery
/// token of a form) issued by one node is accepted by the other, and signing out on one ends the session on both.
/// </summary>
public sealed class ConsoleClusterTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACookieFromOneNode_WorksOnTheOther_AndSigningOutAnywhereEndsItEverywhere()
    {
        var database = await postgres.CreateDatabaseAsync("console_cluster");
        var started = await Task.WhenAll(ServerInstance.StartAsync(database), ServerInstance.StartAsync(database));
        await using var a = started[0];
        await using var b = started[1];
        var jar = new CookieContainer();
        using var onA = await ConsoleHttp.SignInAsync(a.BaseAddress, ServerInstance.AdminName, ServerInstance.AdminPassword, jar);
        using var onB = ConsoleHttp.NewClient(b.BaseAddress);
        onB.DefaultRequestHeaders.Add("Cookie", jar.GetCookieHeader(a.BaseAddress));

        using var pageOnB = await onB.GetAsync("inbox", Ct);
        var token = await ConsoleHttp.TokenAsync(onA, "inbox");
        using var signOutOnB = await onB.PostAsync("signout", new FormUrlEncodedContent([KeyValuePair.Create(ConsoleHttp.TokenField, token)]), Ct);
        using var pageOnA = await onA.GetAsync("inbox", Ct);

        Assert.Equal(HttpStatusCode.OK, pageOnB.StatusCode);
        Assert.Equal("/signin?signedOut=true", signOutOnB.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, pageOnA.StatusCode);
    }
}
