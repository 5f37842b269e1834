using System.Net;
using System.Text.RegularExpressions;

namespace Taskforge.Tests.Support;

/// <summary>
/// The console over plain HTTP, for what a browser would hide: a client with its own cookie jar that does not follow
/// redirects, signing in through the real form with its antiforgery token.
/// </summary>
public static partial class ConsoleHttp
{
    public const string TokenField = "__RequestVerificationToken";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenInput();

    public static HttpClient NewClient(Uri baseAddress, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>Signs in through the form; the client then carries the session cookie.</summary>
    public static async Task<HttpClient> SignInAsync(Uri baseAddress, string user, string password, CookieContainer? cookies = null)
    {
        var client = NewClient(baseAddress, cookies);
        using var response = await PostFormAsync(client, "signin", ("userName", user), ("password", password));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {user} answered {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Posts a form the way the page would: first reads the page for its antiforgery token.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, params (string Name, string Value)[] fields) =>
        PostFormAsync(client, path, path, fields);

    /// <summary>Posts to <paramref name="path"/> a form found on <paramref name="page"/> (the sign-out button is on every page).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string path, params (string Name, string Value)[] fields)
    {
        var token = await TokenAsync(client, page);
        return await client.PostAsync(path, new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create(TokenField, token)]),
            TestContext.Current.CancellationToken);
    }

    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path, TestContext.Current.CancellationToken);
        var match = TokenInput().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }
}
