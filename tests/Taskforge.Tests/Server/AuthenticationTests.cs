using System.Net;
using System.Net.Http.Json;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

public sealed class AuthenticationTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VcoAbout_Answers200_WithBasic_And401_Without()
    {
        using var admin = _server.Admin();
        using var anonymous = _server.Anonymous();

        var about = await admin.GetAsync("vco/api/about", Ct).JsonAsync();
        var denied = await anonymous.GetAsync("vco/api/about", Ct);

        Assert.StartsWith("8.", about!["version"]!.GetValue<string>(), StringComparison.Ordinal);
        var body = await HttpAssert.StatusAsync(denied, HttpStatusCode.Unauthorized);
        Assert.Equal(401, body!["status"]!.GetValue<int>());
        Assert.NotNull(body["message"]);
        var challenges = denied.Headers.WwwAuthenticate.Select(h => h.Scheme).ToList();
        Assert.Contains("Basic", challenges);
        Assert.Contains("Bearer", challenges);
    }

    [Theory]
    [InlineData("vco/api/about", "status")]
    [InlineData("rest/bpm/htm/v1/task/_TKI:0", "errorNumber")]
    [InlineData("api/v1/users", "title")]
    public async Task Unauthenticated_AnswersInTheFacesOwnErrorFormat(string path, string property)
    {
        using var anonymous = _server.Anonymous();

        var response = await anonymous.GetAsync(path, Ct);

        var body = await HttpAssert.StatusAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotNull(body![property]);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task HtmError_CarriesTheIbmNumber()
    {
        using var anonymous = _server.Anonymous();

        var body = await anonymous.GetAsync("rest/bpm/htm/v1/task/_TKI:0", Ct).JsonAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("CWTKA0012E", body!["errorNumber"]!.GetValue<string>());
        Assert.NotNull(body["errorMessage"]);
        Assert.NotNull(body["errorMessageParameters"]);
    }

    [Fact]
    public async Task WrongPassword_Is401_WithAnInvalidTokenChallenge()
    {
        using var client = _server.As(ServerInstance.AdminName, "not-the-password");

        var response = await client.GetAsync("api/v1/me", Ct);

        await HttpAssert.StatusAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer" && h.Parameter!.Contains("invalid_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PersonalToken_AuthenticatesEveryFace_UntilRevoked()
    {
        using var admin = _server.Admin();
        var created = await admin.PostAsJsonAsync("api/v1/me/tokens", new { name = "auth-tests" }, Ct).JsonAsync(HttpStatusCode.Created);
        var secret = created!["secret"]!.GetValue<string>();
        var id = created["token"]!["id"]!.GetValue<string>();
        using var bearer = _server.WithToken(secret);

        await bearer.GetAsync("vco/api/about", Ct).JsonAsync();
        await bearer.GetAsync("api/v1/me", Ct).JsonAsync();
        await admin.DeleteAsync($"api/v1/me/tokens/{id}", Ct).JsonAsync(HttpStatusCode.NoContent);

        await bearer.GetAsync("api/v1/me", Ct).JsonAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokenList_NeverShowsTheSecret()
    {
        using var admin = _server.Admin();
        var created = await admin.PostAsJsonAsync("api/v1/me/tokens", new { name = "listed" }, Ct).JsonAsync(HttpStatusCode.Created);

        var list = await admin.GetStringAsync("api/v1/me/tokens", Ct);

        Assert.DoesNotContain(created!["secret"]!.GetValue<string>(), list, StringComparison.Ordinal);
        Assert.Contains("listed", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageAuthorization_Is401()
    {
        using var client = _server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic !!!not-base64");

        var response = await client.SendAsync(request, Ct);

        await HttpAssert.StatusAsync(response, HttpStatusCode.Unauthorized);
    }
}

/// <summary>A server whose throttle blocks after two free failures, to see it from the outside.</summary>
public sealed class StrictThrottleServerFixture : SqliteServerFixture
{
    protected override string[] ExtraArgs => ["--Taskforge:Identity:FreeFailuresPerUser=2"];
}

public sealed class LoginThrottlingTests(StrictThrottleServerFixture fixture) : IClassFixture<StrictThrottleServerFixture>
{
    [Fact]
    public async Task RepeatedFailures_Get429WithRetryAfter_InTheFacesFormat()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = fixture.Server.Admin();
        await admin.PostAsJsonAsync("api/v1/users", new { name = "victim", password = "victim-password" }, ct).JsonAsync(HttpStatusCode.Created);
        using var guesser = fixture.Server.As("victim", "guess");

        await guesser.GetAsync("vco/api/about", ct).JsonAsync(HttpStatusCode.Unauthorized);
        await guesser.GetAsync("vco/api/about", ct).JsonAsync(HttpStatusCode.Unauthorized);
        await guesser.GetAsync("vco/api/about", ct).JsonAsync(HttpStatusCode.Unauthorized);
        var throttled = await guesser.GetAsync("vco/api/about", ct);

        var body = await HttpAssert.StatusAsync(throttled, HttpStatusCode.TooManyRequests);
        Assert.Equal(429, body!["status"]!.GetValue<int>());
        Assert.NotNull(throttled.Headers.RetryAfter);
        // Even the right password waits out the block; it is short, so the real user is not locked out for good.
        using var victim = fixture.Server.As("victim", "victim-password");
        await victim.GetAsync("vco/api/about", ct).JsonAsync(HttpStatusCode.TooManyRequests);
        await Task.Delay(throttled.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(200), ct);
        await victim.GetAsync("vco/api/about", ct).JsonAsync();
    }
}
