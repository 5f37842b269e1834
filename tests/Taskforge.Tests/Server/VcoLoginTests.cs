using System.Net;
using System.Net.Http.Json;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>The vRO 8 login as vRDT and the Terraform provider do it (vro.md §6).</summary>
public sealed class VcoLoginTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefreshToken_TradesForABearerToken_ThatOpensTheVcoApi()
    {
        using var anonymous = fixture.Server.Anonymous();

        var csp = await anonymous.PostAsJsonAsync("csp/gateway/am/api/login?access_token",
            new { username = ServerInstance.AdminName, password = ServerInstance.AdminPassword, domain = "System Domain" }, Ct).JsonAsync();
        var iaas = await anonymous.PostAsJsonAsync("iaas/api/login", new { refreshToken = csp!["refresh_token"]!.GetValue<string>() }, Ct).JsonAsync();
        using var bearer = fixture.Server.WithToken(iaas!["token"]!.GetValue<string>());
        var about = await bearer.GetAsync("vco/api/about", Ct).JsonAsync();

        Assert.Equal("Bearer", iaas["tokenType"]!.GetValue<string>());
        Assert.NotNull(about!["version"]);
    }

    [Fact]
    public async Task RefreshToken_IsNotABearerToken()
    {
        using var anonymous = fixture.Server.Anonymous();
        var csp = await anonymous.PostAsJsonAsync("csp/gateway/am/api/login",
            new { username = ServerInstance.AdminName, password = ServerInstance.AdminPassword }, Ct).JsonAsync();
        using var misuse = fixture.Server.WithToken(csp!["refresh_token"]!.GetValue<string>());

        await misuse.GetAsync("vco/api/about", Ct).JsonAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WrongPassword_Is401_InVcoFormat()
    {
        using var anonymous = fixture.Server.Anonymous();

        var body = await anonymous.PostAsJsonAsync("csp/gateway/am/api/login", new { username = "admin", password = "nope" }, Ct)
            .JsonAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(401, body!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task UnknownRefreshToken_Is401()
    {
        using var anonymous = fixture.Server.Anonymous();

        await anonymous.PostAsJsonAsync("iaas/api/login", new { refreshToken = "tf_forged" }, Ct).JsonAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SideEndpoints_AnswerAConnectingClient()
    {
        using var admin = fixture.Server.Admin();

        var permissions = await admin.GetAsync("vco/api/server/permissions", Ct).JsonAsync();
        var user = await admin.GetAsync("vco/api/users", Ct).JsonAsync();

        Assert.Equal("admin", permissions!["permissions"]![0]!["permission"]!["principal"]!.GetValue<string>());
        Assert.True(user!["admin-rights"]!.GetValue<bool>());
    }
}
