using System.Net;
using System.Net.Http.Json;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>Users, groups and tokens through <c>/api/v1</c>, written once and run on each database.</summary>
public abstract class NativeIdentityApiTests
{
    protected abstract ServerInstance Server { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserLifecycle_CreateReadUpdateDelete()
    {
        using var admin = Server.Admin();

        var created = await admin.PostAsJsonAsync("api/v1/users",
            new { name = "rita", password = "rita-password", displayName = "Rita", email = "rita@example.com", roles = new[] { "monitor" } }, Ct)
            .JsonAsync(HttpStatusCode.Created);
        var read = await admin.GetAsync("api/v1/users/RITA", Ct).JsonAsync();
        var updated = await admin.PatchAsJsonAsync("api/v1/users/rita", new { displayName = "Rita R.", roles = Array.Empty<string>() }, Ct).JsonAsync();
        await admin.DeleteAsync("api/v1/users/rita", Ct).JsonAsync(HttpStatusCode.NoContent);
        await admin.GetAsync("api/v1/users/rita", Ct).JsonAsync(HttpStatusCode.NotFound);

        Assert.Equal(["monitor"], created!["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray());
        Assert.Null(created["passwordHash"]);
        Assert.Equal("rita@example.com", read!["email"]!.GetValue<string>());
        Assert.Equal("Rita R.", updated!["displayName"]!.GetValue<string>());
        Assert.Empty(updated["roles"]!.AsArray());
    }

    [Fact]
    public async Task CreateUser_WithBadInput_Is400_NamingEveryField()
    {
        using var admin = Server.Admin();

        var problem = await admin.PostAsJsonAsync("api/v1/users", new { name = "", password = "x", roles = new[] { "emperor" } }, Ct)
            .JsonAsync(HttpStatusCode.BadRequest);

        var fields = problem!["errors"]!.AsObject().Select(e => e.Key).Order().ToArray();
        Assert.Equal(["name", "password", "roles"], fields);
    }

    [Fact]
    public async Task DuplicateUser_Is409()
    {
        using var admin = Server.Admin();
        await admin.PostAsJsonAsync("api/v1/users", new { name = "sam", password = "sam-password" }, Ct).JsonAsync(HttpStatusCode.Created);

        await admin.PostAsJsonAsync("api/v1/users", new { name = "SAM", password = "sam-password" }, Ct).JsonAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task NonAdministrator_CannotManageOthers_ButManagesThemselves()
    {
        using var admin = Server.Admin();
        await admin.PostAsJsonAsync("api/v1/users", new { name = "tina", password = "tina-password" }, Ct).JsonAsync(HttpStatusCode.Created);
        using var tina = Server.As("tina", "tina-password");

        await tina.PostAsJsonAsync("api/v1/users", new { name = "tina2", password = "tina2-password" }, Ct).JsonAsync(HttpStatusCode.Forbidden);
        await tina.GetAsync("api/v1/users", Ct).JsonAsync(HttpStatusCode.Forbidden);
        await tina.GetAsync("api/v1/users/admin", Ct).JsonAsync(HttpStatusCode.NotFound);
        await tina.PatchAsJsonAsync("api/v1/me", new { roles = new[] { "administrator" } }, Ct).JsonAsync(HttpStatusCode.Forbidden);
        var token = await tina.PostAsJsonAsync("api/v1/me/tokens", new { name = "cli" }, Ct).JsonAsync(HttpStatusCode.Created);
        await tina.PatchAsJsonAsync("api/v1/me", new { password = "tina-password-2", currentPassword = "tina-password" }, Ct).JsonAsync();

        using var withNewPassword = Server.As("tina", "tina-password-2");
        await withNewPassword.GetAsync("api/v1/me", Ct).JsonAsync();
        using var withToken = Server.WithToken(token!["secret"]!.GetValue<string>());
        var me = await withToken.GetAsync("api/v1/me", Ct).JsonAsync();
        Assert.Equal("tina", me!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Groups_AndMemberships()
    {
        using var admin = Server.Admin();
        foreach (var name in new[] { "uma", "vic" })
        {
            await admin.PostAsJsonAsync("api/v1/users", new { name, password = name + "-password" }, Ct).JsonAsync(HttpStatusCode.Created);
        }

        var group = await admin.PostAsJsonAsync("api/v1/groups", new { name = "approvers", description = "Sign-off", members = new[] { "uma" } }, Ct)
            .JsonAsync(HttpStatusCode.Created);
        await admin.PutAsJsonAsync("api/v1/groups/approvers/members", new { members = new[] { "uma", "vic" } }, Ct).JsonAsync();
        await admin.DeleteAsync("api/v1/groups/approvers/members/uma", Ct).JsonAsync(HttpStatusCode.NoContent);
        await admin.PutAsync("api/v1/groups/approvers/members/uma", null, Ct).JsonAsync(HttpStatusCode.Created);
        await admin.PutAsJsonAsync("api/v1/groups/approvers/members", new { members = new[] { "nobody" } }, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var read = await admin.GetAsync("api/v1/groups/approvers", Ct).JsonAsync();
        var vic = await admin.GetAsync("api/v1/users/vic", Ct).JsonAsync();
        using var uma = Server.As("uma", "uma-password");
        var vcoUser = await uma.GetAsync("vco/api/users", Ct).JsonAsync();
        await admin.DeleteAsync("api/v1/groups/approvers", Ct).JsonAsync(HttpStatusCode.NoContent);

        Assert.Equal(["uma"], group!["members"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
        Assert.Equal(["uma", "vic"], read!["members"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
        Assert.Equal(["approvers"], vic!["groups"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
        Assert.Equal("approvers", vcoUser!["user-group"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AdministratorManagesAnotherUsersTokens()
    {
        using var admin = Server.Admin();
        await admin.PostAsJsonAsync("api/v1/users", new { name = "svc-backup" }, Ct).JsonAsync(HttpStatusCode.Created);

        var token = await admin.PostAsJsonAsync("api/v1/users/svc-backup/tokens", new { name = "nightly", expiresAt = DateTimeOffset.Now.AddDays(30) }, Ct)
            .JsonAsync(HttpStatusCode.Created);
        using var service = Server.WithToken(token!["secret"]!.GetValue<string>());
        var me = await service.GetAsync("api/v1/me", Ct).JsonAsync();
        await admin.DeleteAsync($"api/v1/users/svc-backup/tokens/{token["token"]!["id"]!.GetValue<string>()}", Ct).JsonAsync(HttpStatusCode.NoContent);

        Assert.False(me!["hasPassword"]!.GetValue<bool>());
        await service.GetAsync("api/v1/me", Ct).JsonAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokenWithPastExpiry_Is400()
    {
        using var admin = Server.Admin();

        await admin.PostAsJsonAsync("api/v1/me/tokens", new { name = "stale", expiresAt = DateTimeOffset.Now.AddDays(-1) }, Ct).JsonAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class SqliteNativeIdentityApiTests(SqliteServerFixture fixture) : NativeIdentityApiTests, IClassFixture<SqliteServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}

public sealed class PostgresNativeIdentityApiTests(PostgresServerFixture fixture) : NativeIdentityApiTests, IClassFixture<PostgresServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}
