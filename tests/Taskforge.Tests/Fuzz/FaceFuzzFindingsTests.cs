using System.Net;
using System.Text;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Fuzz;

/// <summary>What the request fuzzer found answering 500 or holding a request, each now a client error in the face's format.</summary>
public sealed class FaceFuzzFindingsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("overview")]
    [InlineData("workflows")]
    [InlineData("me?handler=nothing")]
    public async Task ConsolePost_ThatNoHandlerTakes_Is405NotAServerError(string page)
    {
        // Razor Pages rendered the page without running its GET handler, and the page failed on its empty model.
        using var client = await ConsoleHttp.SignInAsync(fixture.Server.BaseAddress, ServerInstance.AdminName, ServerInstance.AdminPassword);
        using var response = await ConsoleHttp.PostFormAsync(client, "me", page, ("name", "x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_WithAQuotedUtf8Charset_IsReadLikeABareOne()
    {
        // A quoted charset is valid (and vRO clients send it); the JSON reader did not unquote it and answered 500.
        using var admin = fixture.Server.Admin();
        using var content = new StringContent("""["admin"]""");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=\"utf-8\"");
        using var response = await admin.PutAsync("api/v1/groups/nobody/members", content, Ct);
        Assert.NotEqual(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"answered {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=\"bogus\"")]
    public async Task Body_InACharsetNobodyDecodes_Is415(string contentType)
    {
        using var admin = fixture.Server.Admin();
        using var content = new StringContent("""["admin"]""");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var problem = await HttpAssert.StatusAsync(await admin.PutAsync("api/v1/groups/nobody/members", content, Ct), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(415, problem!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task VcoXmlBody_NestedAHundredThousandDeep_Is400AtOnce()
    {
        // Held a request thread for minutes (the body is turned into JSON element by element).
        using var admin = fixture.Server.Admin();
        var deep = string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000));
        using var content = new StringContent(deep, Encoding.UTF8, "application/xml");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await HttpAssert.StatusAsync(await admin.PostAsync("vco/api/tasks", content, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("nest", error!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("""{"parameters":[{"name":"a","name":"b","type":"string"}]}""")]
    [InlineData("""{"parameters":[{"name":"a","type":"string","value":{"string":{"value":"\ud800"}}}]}""")]
    public async Task VcoJsonBody_WithARepeatedKeyOrALoneSurrogate_Is400(string body)
    {
        using var admin = fixture.Server.Admin();
        await admin.PutWorkflowAsync("fuzz-finding", """{"name":"Fuzz finding","input-parameters":[{"name":"a","type":"string"}],"steps":[{"type":"end"}]}""");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var error = await HttpAssert.StatusAsync(await admin.PostAsync("vco/api/workflows/fuzz-finding/executions", content, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(400, error!["status"]!.GetValue<int>());
    }
}
