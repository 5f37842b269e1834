using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Taskforge.Server.Hosting;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// Directory sign-in against a real OpenLDAP started for each test (<see cref="ThrowawaySlapd"/>), through every face over a
/// real socket: the vRO and IBM faces and the native API with HTTP Basic, the console with its sign-in form.
/// </summary>
public sealed class DirectorySignInTests : IDisposable
{
    private const string Template = "uid={0}," + ThrowawaySlapd.People;
    private static readonly Dictionary<string, string[]> Directory = new(StringComparer.Ordinal)
    {
        ["managers"] = ["dora"],
        ["staff"] = ["dora", "dan"],
    };

    private readonly SqliteFiles _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ldaps_WithMemberOf_SignsADirectoryUserInOnEveryFace_BesideALocalUser()
    {
        await using var slapd = await ThrowawaySlapd.StartAsync(Directory, Ct);
        await using var server = await StartAsync(slapd, Ldaps(slapd));
        var world = new HtmWorld(server);
        await world.SetUpAsync();
        var task = await world.TaskAsync(await world.TemplateAsync(HtmWorld.Approval("directory-approval")));
        using var dora = server.As("dora", ThrowawaySlapd.Password("dora"));
        using var dan = server.As("dan", ThrowawaySlapd.Password("dan"));

        var vcoUser = await dora.GetAsync("vco/api/users", Ct).JsonAsync();
        var me = await dora.GetAsync("api/v1/me", Ct).JsonAsync();
        (await dora.PutAsync($"{HtmWorld.Root}task/{task}?action=claim", null, Ct)).EnsureSuccessStatusCode();
        var claimed = await dora.GetAsync($"{HtmWorld.Root}task/{task}", Ct).JsonAsync();
        using var console = await ConsoleHttp.SignInAsync(server.BaseAddress, "dora", ThrowawaySlapd.Password("dora"));
        var start = await console.GetAsync("", Ct);
        var page = start.Headers.Location is { } next ? await console.GetAsync(next, Ct) : start;
        using var anonymous = server.Anonymous();
        var csp = await anonymous.PostAsJsonAsync("csp/gateway/am/api/login", new { username = "dora", password = ThrowawaySlapd.Password("dora") }, Ct).JsonAsync();
        using var bearer = server.WithToken(csp!["access_token"]!.GetValue<string>());
        var viaToken = await bearer.GetAsync("vco/api/users", Ct).JsonAsync();
        using var admin = server.Admin();
        var adminMe = await admin.GetAsync("api/v1/me", Ct).JsonAsync();

        Assert.Equal("dora", vcoUser!["solution-user"]!.GetValue<string>());
        Assert.Equal(["managers", "staff"], GroupNames(vcoUser["user-group"]));
        Assert.Equal(["managers", "staff"], GroupNames(viaToken!["user-group"]));
        Assert.Equal("Dora Directory", me!["displayName"]!.GetValue<string>());
        Assert.False(me["hasPassword"]!.GetValue<bool>());
        Assert.Equal(["managers", "staff"], me["groups"]!.AsArray().Select(g => g!.GetValue<string>()).Order());
        Assert.Equal("dora", claimed!["owner"]!.GetValue<string>());
        Assert.DoesNotContain("signin", start.Headers.Location?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("dora", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("admin", adminMe!["name"]!.GetValue<string>());
        // dan is in the directory but not a manager: the group's work item is not his.
        Assert.Equal(HttpStatusCode.Unauthorized, (await dan.PutAsync($"{HtmWorld.Root}task/{task}?action=claim", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task StartTls_WithAUserSearch_AndAGroupSearch_FindsTheGroups()
    {
        await using var slapd = await ThrowawaySlapd.StartAsync(Directory, Ct);
        await using var server = await StartAsync(slapd,
            $"--Taskforge:Identity:Ldap:Servers:0={slapd.LdapUrl}",
            $"--Taskforge:Identity:Ldap:CaFile={slapd.CaFile}",
            $"--Taskforge:Identity:Ldap:UserSearchBase={ThrowawaySlapd.People}",
            "--Taskforge:Identity:Ldap:UserSearchFilter=(&(objectClass=inetOrgPerson)(uid={0}))",
            "--Taskforge:Identity:Ldap:GroupSource=Search",
            $"--Taskforge:Identity:Ldap:GroupSearchBase={ThrowawaySlapd.Groups}",
            "--Taskforge:Identity:Ldap:GroupSearchFilter=(&(objectClass=groupOfNames)(member={0}))");
        // Typed in capitals: the Taskforge user is named as the directory spells it.
        using var dora = server.As("DORA", ThrowawaySlapd.Password("dora"));
        using var dan = server.As("dan", ThrowawaySlapd.Password("dan"));

        var doraUser = await dora.GetAsync("vco/api/users", Ct).JsonAsync();
        var danUser = await dan.GetAsync("vco/api/users", Ct).JsonAsync();

        Assert.Equal("dora", doraUser!["solution-user"]!.GetValue<string>());
        Assert.Equal(["managers", "staff"], GroupNames(doraUser["user-group"]));
        Assert.Equal(["staff"], GroupNames(danUser!["user-group"]));
    }

    [Fact]
    public async Task WrongPassword_Is401_OnEveryFace_AndTheLoginThrottleCounts()
    {
        await using var slapd = await ThrowawaySlapd.StartAsync(Directory, Ct);
        // Plain LDAP, as an explicit opt-in: the password check is the same whatever the channel.
        await using var server = await StartAsync(slapd,
            $"--Taskforge:Identity:Ldap:Servers:0={slapd.LdapUrl}",
            "--Taskforge:Identity:Ldap:StartTls=false",
            "--Taskforge:Identity:Ldap:AllowPlainLdap=true",
            $"--Taskforge:Identity:Ldap:UserDnTemplate={Template}",
            "--Taskforge:Identity:FreeFailuresPerUser=3");
        using var wrong = server.As("dora", "not-her-password");
        using var unknown = server.As("nobody", "whatever-1");

        var vco = await wrong.GetAsync("vco/api/users", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var htm = await wrong.GetAsync($"{HtmWorld.Root}tasks/queries", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        await wrong.GetAsync("api/v1/me", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        await unknown.GetAsync("api/v1/me", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        using var console = ConsoleHttp.NewClient(server.BaseAddress);
        using var form = await ConsoleHttp.PostFormAsync(console, "signin", ("userName", "dora"), ("password", "not-her-password"));
        var throttled = await wrong.GetAsync("api/v1/me", Ct);

        Assert.Equal(401, vco!["status"]!.GetValue<int>());
        Assert.StartsWith("CWTKA", htm!["errorNumber"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("do not match an active account", await form.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
    }

    [Fact]
    public async Task DirectoryDown_Is503_OnEveryFace_NoSignIn_UntilItIsBack()
    {
        await using var slapd = await ThrowawaySlapd.StartAsync(Directory, Ct);
        await using var server = await StartAsync(slapd, [.. Ldaps(slapd), "--Taskforge:Identity:Ldap:GroupCacheTime=00:00:00.5"]);
        using var dora = server.As("dora", ThrowawaySlapd.Password("dora"));
        await dora.GetAsync("api/v1/me", Ct).JsonAsync();

        await slapd.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(0.6), Ct); // past the window in which dora's last sign-in may be remembered
        var vco = await dora.GetAsync("vco/api/users", Ct).JsonAsync(HttpStatusCode.ServiceUnavailable);
        var htm = await dora.GetAsync($"{HtmWorld.Root}tasks/queries", Ct).JsonAsync(HttpStatusCode.ServiceUnavailable);
        var native = await dora.GetAsync("api/v1/me", Ct);
        var vroLogin = await server.Anonymous().PostAsJsonAsync("csp/gateway/am/api/login", new { username = "dora", password = ThrowawaySlapd.Password("dora") }, Ct);
        using var console = ConsoleHttp.NewClient(server.BaseAddress);
        using var form = await ConsoleHttp.PostFormAsync(console, "signin", ("userName", "dora"), ("password", ThrowawaySlapd.Password("dora")));
        using var admin = server.Admin();
        var localWhileDown = await admin.GetAsync("api/v1/me", Ct);

        Assert.Equal(503, vco!["status"]!.GetValue<int>());
        Assert.Contains("directory", vco["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("CWTKA", htm!["errorNumber"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, native.StatusCode);
        Assert.Equal("application/problem+json", native.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, vroLogin.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, form.StatusCode);
        Assert.DoesNotContain("Set-Cookie", form.Headers.Select(h => h.Key));
        Assert.Contains("not answering", await form.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, localWhileDown.StatusCode);

        await slapd.StartAgainAsync(Ct);
        await dora.GetAsync("api/v1/me", Ct).JsonAsync();
    }

    [Fact]
    public async Task AGroupTakenAwayInTheDirectory_CountsAfterTheCacheWindow()
    {
        await using var slapd = await ThrowawaySlapd.StartAsync(Directory, Ct);
        await using var server = await StartAsync(slapd, [.. Ldaps(slapd), "--Taskforge:Identity:Ldap:GroupCacheTime=00:00:01"]);
        using var dora = server.As("dora", ThrowawaySlapd.Password("dora"));
        var before = await dora.GetAsync("vco/api/users", Ct).JsonAsync();

        slapd.SetMember("managers", "dora", member: false);
        var withinWindow = await dora.GetAsync("vco/api/users", Ct).JsonAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        var after = await dora.GetAsync("vco/api/users", Ct).JsonAsync();
        var me = await dora.GetAsync("api/v1/me", Ct).JsonAsync();

        Assert.Equal(["managers", "staff"], GroupNames(before!["user-group"]));
        Assert.Equal(["managers", "staff"], GroupNames(withinWindow!["user-group"]));
        Assert.Equal(["staff"], GroupNames(after!["user-group"]));
        Assert.Equal(["staff"], me!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WithoutTrustingThePrivateCa_NobodySignsIn_OverLdapsOrStartTls(bool ldaps)
    {
        await using var slapd = await ThrowawaySlapd.StartAsync(Directory, Ct);
        await using var server = await StartAsync(slapd,
            $"--Taskforge:Identity:Ldap:Servers:0={(ldaps ? slapd.LdapsUrl : slapd.LdapUrl)}", $"--Taskforge:Identity:Ldap:UserDnTemplate={Template}");
        using var dora = server.As("dora", ThrowawaySlapd.Password("dora"));

        var refused = await dora.GetAsync("vco/api/users", Ct).JsonAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(503, refused!["status"]!.GetValue<int>());
    }

    [Fact]
    public void PlainLdap_WithoutAnExplicitOptIn_StopsTheStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TaskforgeHost.Build([
            "--Taskforge:Identity:Ldap:Servers:0=ldap://127.0.0.1:389",
            "--Taskforge:Identity:Ldap:StartTls=false",
            $"--Taskforge:Identity:Ldap:UserDnTemplate={Template}"]));

        Assert.Contains("AllowPlainLdap", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    private static string[] Ldaps(ThrowawaySlapd slapd) =>
    [
        $"--Taskforge:Identity:Ldap:Servers:0={slapd.LdapsUrl}",
        $"--Taskforge:Identity:Ldap:CaFile={slapd.CaFile}",
        $"--Taskforge:Identity:Ldap:UserDnTemplate={Template}",
    ];

    private Task<ServerInstance> StartAsync(ThrowawaySlapd slapd, params string[] ldap)
    {
        _ = slapd;
        return ServerInstance.StartAsync(_files.Create(), ldap);
    }

    private static string[] GroupNames(JsonNode? memberOf) =>
        [.. memberOf!.AsArray().Select(g => g!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
