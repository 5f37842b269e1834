using System.Net;
using System.Net.Http.Json;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>Console sign-in over plain HTTP: redirects, the cookie's attributes, antiforgery, sign-out, and the API faces' indifference to the cookie.</summary>
public sealed class ConsoleSessionTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APageWithoutASession_RedirectsToSignIn_WithItsLocalAddressToComeBackTo()
    {
        using var client = ConsoleHttp.NewClient(_server.BaseAddress);

        using var response = await client.GetAsync("inbox?tab=mine", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
        Assert.Equal("?returnUrl=%2Finbox%3Ftab%3Dmine", response.Headers.Location.Query);
    }

    [Fact]
    public async Task TheConsolesScript_Gets401WithoutASession_NotARedirect()
    {
        using var client = ConsoleHttp.NewClient(_server.BaseAddress);
        client.DefaultRequestHeaders.Add("X-Requested-With", "fetch");

        using var response = await client.GetAsync("inbox", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_SetsAnHttpOnlySameSiteLaxCookie_AndGoesBackToTheLocalPage()
    {
        using var client = ConsoleHttp.NewClient(_server.BaseAddress);

        using var response = await ConsoleHttp.PostFormAsync(client, "signin?returnUrl=%2Finbox%3Ftab%3Dmine",
            ("userName", ServerInstance.AdminName), ("password", ServerInstance.AdminPassword), ("returnUrl", "/inbox?tab=mine"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/inbox?tab=mine", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("taskforge_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/phish")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task SignIn_NeverRedirectsToAnotherSite(string returnUrl)
    {
        using var client = ConsoleHttp.NewClient(_server.BaseAddress);

        using var response = await ConsoleHttp.PostFormAsync(client, "signin",
            ("userName", ServerInstance.AdminName), ("password", ServerInstance.AdminPassword), ("returnUrl", returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AWrongPassword_ShowsTheFormAgain_WithoutSigningIn()
    {
        using var client = ConsoleHttp.NewClient(_server.BaseAddress);

        using var response = await ConsoleHttp.PostFormAsync(client, "signin", ("userName", ServerInstance.AdminName), ("password", "not-the-password"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("do not match an active account", html, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", html, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("taskforge_session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AFormPostWithoutItsAntiforgeryToken_IsRefused()
    {
        using var client = await ConsoleHttp.SignInAsync(_server.BaseAddress, ServerInstance.AdminName, ServerInstance.AdminPassword);

        using var signIn = await client.PostAsync("signin", new FormUrlEncodedContent([KeyValuePair.Create("userName", "admin"), KeyValuePair.Create("password", "x")]), Ct);
        using var signOut = await client.PostAsync("signout", new FormUrlEncodedContent([]), Ct);
        using var stillIn = await client.GetAsync("inbox", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession_EvenForACopyOfTheCookie()
    {
        var jar = new CookieContainer();
        using var client = await ConsoleHttp.SignInAsync(_server.BaseAddress, ServerInstance.AdminName, ServerInstance.AdminPassword, jar);
        var copy = jar.GetCookies(_server.BaseAddress)["taskforge_session"]!.Value;

        using var signOut = await ConsoleHttp.PostFormAsync(client, "inbox", "signout");
        using var replay = ConsoleHttp.NewClient(_server.BaseAddress);
        replay.DefaultRequestHeaders.Add("Cookie", $"taskforge_session={copy}");
        using var response = await replay.GetAsync("inbox", Ct);

        Assert.Equal("/signin?signedOut=true", signOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task TheApiFaces_IgnoreTheSessionCookie()
    {
        using var client = await ConsoleHttp.SignInAsync(_server.BaseAddress, ServerInstance.AdminName, ServerInstance.AdminPassword);

        using var native = await client.GetAsync("api/v1/me", Ct);
        using var vco = await client.GetAsync("vco/api/workflows", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, native.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, vco.StatusCode);
    }

    [Fact]
    public async Task ADisabledUsersSession_EndsAtTheirNextClick()
    {
        using var admin = _server.Admin();
        (await admin.PostAsJsonAsync("api/v1/users", new { name = "leaver", password = "leaver-password-1" }, Ct)).EnsureSuccessStatusCode();
        using var client = await ConsoleHttp.SignInAsync(_server.BaseAddress, "leaver", "leaver-password-1");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("inbox", Ct)).StatusCode);

        (await admin.PatchAsJsonAsync("api/v1/users/leaver", new { disabled = true }, Ct)).EnsureSuccessStatusCode();
        using var response = await client.GetAsync("inbox", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task ConsolePages_ForbidInlineScriptAndFraming()
    {
        using var client = ConsoleHttp.NewClient(_server.BaseAddress);

        using var response = await client.GetAsync("signin", Ct);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}

/// <summary>Behind a TLS-terminating proxy that says so, the session and antiforgery cookies are Secure.</summary>
public sealed class ConsoleHttpsCookieTests : IDisposable
{
    private readonly SqliteFile _file = new();

    [Fact]
    public async Task OverHttps_TheSessionCookieIsSecure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ServerInstance.StartAsync(_file.Options, "--Taskforge:Http:TrustForwardedHeaders=true");
        // The client speaks plain HTTP to the "proxy-facing" server, so it would not send back a Secure cookie by itself.
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var form = await client.GetAsync("signin", ct);
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("taskforge_antiforgery=", StringComparison.Ordinal)).Split(';')[0];
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(ct), "__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "signin")
        {
            Content = new FormUrlEncodedContent([
                KeyValuePair.Create("userName", ServerInstance.AdminName), KeyValuePair.Create("password", ServerInstance.AdminPassword),
                KeyValuePair.Create(ConsoleHttp.TokenField, System.Net.WebUtility.HtmlDecode(token))]),
        };
        request.Headers.Add("Cookie", antiforgery);

        using var response = await client.SendAsync(request, ct);

        Assert.All(form.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("taskforge_session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _file.Dispose();
}
