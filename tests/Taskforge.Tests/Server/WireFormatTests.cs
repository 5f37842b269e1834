using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

public sealed class WireFormatTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/*")]
    [InlineData("text/html, application/xhtml+xml, */*;q=0.8")]
    public async Task Json_IsAnswered_WhenAcceptAllowsIt(string? accept)
    {
        using var admin = _server.Admin();
        using var request = new HttpRequestMessage(HttpMethod.Get, "vco/api/about");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await admin.SendAsync(request, Ct);

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    // Real clients add parameters to the type they want (Build Tools: application/json;charset=UTF-8) and write it in any
    // case and spacing; a browser or a Java client sends a list with wildcards. Each face answers JSON to all of them.
    [Theory]
    [InlineData("vco/api/about", "application/json;charset=UTF-8")]
    [InlineData("vco/api/about", "Application/JSON ; Charset=\"utf-8\"")]
    [InlineData("vco/api/about", "application/json; v=2; q=0.5")]
    [InlineData("vco/api/about", "*/*;q=0.8")]
    [InlineData("vco/api/about", "application/*")]
    [InlineData("vco/api/about", "text/plain, application/json, application/*+json, */*")]
    [InlineData("api/v1/me", "application/json;charset=UTF-8")]
    [InlineData("api/v1/me", "APPLICATION/JSON;CHARSET=utf-8;q=1")]
    [InlineData("api/v1/me", "*/*;q=0.8")]
    [InlineData("api/v1/me", "application/*")]
    [InlineData("rest/bpm/htm/v1/taskTemplates", "application/json;charset=UTF-8")]
    [InlineData("rest/bpm/htm/v1/taskTemplates", "application/json;v=1.0")]
    [InlineData("rest/bpm/htm/v1/taskTemplates", "*/*;q=0.8")]
    [InlineData("rest/bpm/htm/v1/taskTemplates", "application/*")]
    public async Task AcceptWithParameters_GetsJson_OnEveryFace(string path, string accept)
    {
        using var admin = _server.Admin();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await admin.SendAsync(request, Ct);

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    // q=0 refuses a type, even next to a wildcard that would take it; the most specific range decides.
    [Theory]
    [InlineData("vco/api/about", "application/json;q=0, */*;q=0.8", "status")]
    [InlineData("api/v1/me", "application/json;charset=UTF-8;q=0, */*", "title")]
    [InlineData("rest/bpm/htm/v1/taskTemplates", "*/*, application/json; q=0", "errorNumber")]
    [InlineData("vco/api/about", "application/xml;charset=UTF-8", "status")]
    [InlineData("rest/bpm/htm/v1/taskTemplates", "text/*;q=0.9, image/*", "errorNumber")]
    public async Task AcceptThatRulesOutJson_Is406_InTheFacesFormat(string path, string accept, string property)
    {
        using var admin = _server.Admin();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var body = await HttpAssert.StatusAsync(await admin.SendAsync(request, Ct), HttpStatusCode.NotAcceptable);

        Assert.NotNull(body![property]);
    }

    [Fact]
    public async Task ContentTypeWithParameters_IsRead_OnEveryFace()
    {
        using var admin = _server.Admin();
        using var workflow = new StringContent("name: Yaml charset\nsteps:\n  - type: end\n", Encoding.UTF8);
        workflow.Headers.ContentType = MediaTypeHeaderValue.Parse("Application/X-YAML; charset=utf-8");
        using var login = new StringContent($$"""{"username":"{{ServerInstance.AdminName}}","password":"{{ServerInstance.AdminPassword}}"}""", Encoding.UTF8);
        login.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=\"UTF-8\"");
        using var bulk = new StringContent("""{"taskIDs":["_TKI:none"]}""", Encoding.UTF8);
        bulk.Headers.ContentType = MediaTypeHeaderValue.Parse("APPLICATION/JSON;Charset=UTF-8");
        using var plain = new StringContent("{}", Encoding.UTF8);
        plain.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain;charset=UTF-8");

        var native = await admin.PutAsync("api/v1/workflows/yaml-with-charset", workflow, Ct).JsonAsync(HttpStatusCode.Created);
        var vco = await admin.PostAsync("csp/gateway/am/api/login", login, Ct).JsonAsync();
        var htm = await admin.PutAsync("rest/bpm/htm/v1/task?action=cancel", bulk, Ct).JsonAsync();
        var refused = await admin.PostAsync("vco/api/tasks", plain, Ct).JsonAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("Yaml charset", native!["name"]!.GetValue<string>());
        Assert.StartsWith("tf_", vco!["refresh_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("_TKI:none", htm!["failedOperations"]![0]!["tkiid"]!.GetValue<string>());
        Assert.Equal(415, refused!["status"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("vco/api/about", "status")]
    [InlineData("api/v1/me", "title")]
    public async Task UnsupportedAccept_Is406_InTheFacesFormat(string path, string property)
    {
        using var admin = _server.Admin();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/png"));

        var body = await HttpAssert.StatusAsync(await admin.SendAsync(request, Ct), HttpStatusCode.NotAcceptable);

        Assert.NotNull(body![property]);
    }

    [Fact]
    public async Task UnsupportedContentType_Is415()
    {
        using var admin = _server.Admin();
        using var content = new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded");

        var body = await admin.PostAsync("api/v1/users", content, Ct).JsonAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal(415, body!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task MalformedJson_Is400_WithProblemDetails()
    {
        using var admin = _server.Admin();
        using var content = new StringContent("{\"name\": ", Encoding.UTF8, "application/json");

        var response = await admin.PostAsync("api/v1/users", content, Ct);

        var body = await HttpAssert.StatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, body!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task OversizedBody_Is413_InTheFacesFormat()
    {
        using var anonymous = _server.Anonymous();
        var huge = "{\"username\":\"" + new string('a', 2 * 1024 * 1024) + "\",\"password\":\"x\"}";
        using var content = new StringContent(huge, Encoding.UTF8, "application/json");

        var body = await anonymous.PostAsync("csp/gateway/am/api/login", content, Ct).JsonAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(413, body!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task BillionLaughs_Is400_AndDoesNotExpand()
    {
        const string payload = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <login><username>&lol9;</username><password>x</password></login>
            """;
        using var anonymous = _server.Anonymous();
        using var content = new StringContent(payload, Encoding.UTF8, "application/xml");

        var body = await anonymous.PostAsync("csp/gateway/am/api/login", content, Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(400, body!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task ExternalEntity_Is400_AndNothingIsRead()
    {
        var secretFile = Path.Combine(Path.GetTempPath(), $"taskforge-xxe-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(secretFile, "TOP-SECRET-CONTENT", Ct);
        try
        {
            var payload = $"""
                <?xml version="1.0"?>
                <!DOCTYPE login [ <!ENTITY xxe SYSTEM "file://{secretFile}"> ]>
                <login><username>&xxe;</username><password>x</password></login>
                """;
            using var anonymous = _server.Anonymous();
            using var content = new StringContent(payload, Encoding.UTF8, "application/xml");

            var response = await anonymous.PostAsync("csp/gateway/am/api/login", content, Ct);

            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain("TOP-SECRET", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [Fact]
    public async Task PlainXml_IsAccepted_WhereTheFaceReadsXml()
    {
        using var anonymous = _server.Anonymous();
        using var content = new StringContent(
            $"<login><username>{ServerInstance.AdminName}</username><password>{ServerInstance.AdminPassword}</password></login>",
            Encoding.UTF8, "application/xml");

        var body = await anonymous.PostAsync("csp/gateway/am/api/login", content, Ct).JsonAsync();

        Assert.StartsWith("tf_", body!["refresh_token"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vco/api/about")]
    [InlineData("vco/api/about/")]
    [InlineData("vco/api/server/permissions/")]
    [InlineData("vco/api/users/")]
    [InlineData("vco/api")]
    [InlineData("vco/api/")]
    public async Task VcoRoutes_AnswerWithAndWithoutTrailingSlash(string path)
    {
        using var admin = _server.Admin();

        await admin.GetAsync(path, Ct).JsonAsync();
    }

    [Fact]
    public async Task VcoServiceList_IsAnonymous_WithAbsoluteHrefs()
    {
        using var anonymous = _server.Anonymous();

        var body = await anonymous.GetAsync("vco/api/", Ct).JsonAsync();

        var hrefs = body!["service"]!.AsArray().Select(s => s!["href"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(hrefs);
        Assert.All(hrefs, h => Assert.StartsWith(_server.BaseAddress.ToString().TrimEnd('/') + "/vco/api/", h, StringComparison.Ordinal));
        Assert.All(hrefs, h => Assert.EndsWith("/", h, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("vco/api/no-such-thing", "status")]
    [InlineData("rest/bpm/htm/v1/no-such-thing", "errorNumber")]
    [InlineData("api/v1/no-such-thing", "title")]
    public async Task UnknownRoute_Is404_InTheFacesFormat(string path, string property)
    {
        using var admin = _server.Admin();

        var body = await admin.GetAsync(path, Ct).JsonAsync(HttpStatusCode.NotFound);

        Assert.NotNull(body![property]);
    }

    [Fact]
    public async Task WrongMethod_Is405_WithABody()
    {
        using var admin = _server.Admin();

        var body = await admin.DeleteAsync("vco/api/about", Ct).JsonAsync(HttpStatusCode.MethodNotAllowed);

        Assert.Equal(405, body!["status"]!.GetValue<int>());
    }
}
