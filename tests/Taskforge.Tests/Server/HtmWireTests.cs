using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>IBM's wire rules on the HTM face (ibm-bpm-htm.md §1): method tunnelling, the unversioned mount, 406/415, safe XML, and templates.</summary>
public sealed class HtmWireTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string Root = HtmWorld.Root;

    private readonly HtmWorld _world = new(fixture.Server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _world.SetUpAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task MethodOverride_OnPost_CarriesPutAndDelete_AndTheUnversionedMountServesTheSame()
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("Tunnel")), mode: "createOnly");
        using var olga = _world.As("olga");
        using var put = new HttpRequestMessage(HttpMethod.Post, $"{Root}task/{tkiid}?action=start");
        put.Headers.Add("X-HTTP-Method-Override", "PUT");
        using var delete = new HttpRequestMessage(HttpMethod.Post, $"rest/bpm/htm/task/{tkiid}");
        delete.Headers.Add("X-Method-Override", "DELETE");
        using var patch = new HttpRequestMessage(HttpMethod.Post, $"{Root}task/{tkiid}");
        patch.Headers.Add("X-HTTP-Method-Override", "PATCH");

        var legacy = await olga.GetAsync($"rest/bpm/htm/task/{tkiid}", Ct).JsonAsync();
        var started = await (await olga.SendAsync(put, Ct)).Content.ReadAsStringAsync(Ct);
        (await olga.PutAsync($"{Root}task/{tkiid}?action=terminate", null, Ct)).EnsureSuccessStatusCode();
        using var deleted = await olga.SendAsync(delete, Ct);
        var refused = await olga.SendAsync(patch, Ct).JsonAsync(HttpStatusCode.BadRequest);
        using var gone = await olga.GetAsync($"{Root}task/{tkiid}", Ct);

        Assert.Equal("STATE_INACTIVE", legacy!["state"]!.GetValue<string>());
        Assert.Equal("STATE_READY", JsonNode.Parse(started)!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("CWTKA0158E", refused!["errorNumber"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Negotiation_UnproducibleAcceptIs406_UnreadableContentTypeIs415_InIbmsErrorFormat()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("Negotiate"));
        var tkiid = await _world.TaskAsync(tktid);
        using var olga = _world.As("olga");
        using var xmlForMetadata = new HttpRequestMessage(HttpMethod.Get, $"{Root}task/{tkiid}");
        xmlForMetadata.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        using var textForData = new HttpRequestMessage(HttpMethod.Get, $"{Root}task/{tkiid}/input");
        textForData.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));

        var notAcceptable = await olga.SendAsync(xmlForMetadata, Ct).JsonAsync(HttpStatusCode.NotAcceptable);
        var notAcceptableData = await olga.SendAsync(textForData, Ct).JsonAsync(HttpStatusCode.NotAcceptable);
        var unsupported = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}", new StringContent("amount=1", Encoding.UTF8, "text/plain"), Ct)
            .JsonAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("CWTKA0156E", notAcceptable!["errorNumber"]!.GetValue<string>());
        Assert.Equal("CWTKA0156E", notAcceptableData!["errorNumber"]!.GetValue<string>());
        Assert.Equal("CWTKA0158E", unsupported!["errorNumber"]!.GetValue<string>());
    }

    // Business data is XML unless the client rates JSON higher; parameters and case do not change the type, q does.
    [Theory]
    [InlineData("application/json;charset=UTF-8", "application/json")]
    [InlineData("Application/Json; v=1.0", "application/json")]
    [InlineData("application/xml;q=0.4, application/json;q=0.9", "application/json")]
    [InlineData("application/json, application/xml", "application/json")]
    [InlineData("application/xml, application/json", "application/xml")]
    [InlineData("*/*;q=0.8", "application/xml")]
    [InlineData("application/*", "application/xml")]
    [InlineData("application/*, application/xml;q=0", "application/json")]
    public async Task BusinessData_IsAnsweredInTheTypeTheClientRatesHighest(string accept, string answered)
    {
        var tkiid = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("Rated")));
        using var olga = _world.As("olga");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Root}task/{tkiid}/input");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await olga.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(answered, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("12.5", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BusinessData_ThatDoesNotFitOrCarriesADoctype_Is400_AndNoFileIsRead()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("Safe"));
        var secretFile = Path.Combine(Path.GetTempPath(), $"taskforge-htm-xxe-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(secretFile, "TOP-SECRET-CONTENT", Ct);
        try
        {
            using var olga = _world.As("olga");
            var xxe = $"""
                <?xml version="1.0"?>
                <!DOCTYPE request [ <!ENTITY xxe SYSTEM "file://{secretFile}"> ]>
                <request xmlns="http://example/approvals"><amount>1</amount><note>&xxe;</note></request>
                """;

            using var response = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=async", HtmWorld.Xml(xxe), Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            var misfit = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}", HtmWorld.Xml("""<request xmlns="http://example/approvals"><amount>lots</amount></request>"""), Ct)
                .JsonAsync(HttpStatusCode.BadRequest);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain("TOP-SECRET", text, StringComparison.Ordinal);
            Assert.Equal("CWTKA0132E", JsonNode.Parse(text)!["errorNumber"]!.GetValue<string>());
            Assert.Equal("CWTKA0132E", misfit!["errorNumber"]!.GetValue<string>());
            Assert.Contains("amount", misfit["errorMessageParameters"]!.AsArray().Select(p => p!.GetValue<string>()));
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [Fact]
    public async Task Templates_ReadByIbmClients_InTheCallersLanguage_FilteredAndWithEmptyMessages()
    {
        var tktid = await _world.TemplateAsync(HtmWorld.Approval("Catalogue"));
        var stopped = await _world.TemplateAsync(HtmWorld.Approval("Catalogue"));
        using var admin = fixture.Server.Admin();
        (await admin.PostAsync($"api/v1/task-templates/{stopped}/stop", null, Ct)).EnsureSuccessStatusCode();
        using var eve = _world.As("eve");
        eve.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("de-CH"));
        using var json = _world.As("eve");
        json.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var template = await eve.GetAsync($"{Root}taskTemplate/{tktid}", Ct).JsonAsync();
        var byName = await eve.GetAsync($"{Root}taskTemplates?name=Catalogue&namespace=http://example/approvals", Ct).JsonAsync();
        var started = await eve.GetAsync($"{Root}taskTemplates?name=Catalogue&state=STATE_STARTED", Ct).JsonAsync();
        var badState = await eve.GetAsync($"{Root}taskTemplates?state=RUNNING", Ct).JsonAsync(HttpStatusCode.BadRequest);
        var inputXml = await (await eve.GetAsync($"{Root}taskTemplate/{tktid}/input", Ct)).Content.ReadAsStringAsync(Ct);
        var outputJson = await json.GetAsync($"{Root}taskTemplate/{tktid}/output", Ct).JsonAsync();
        var unknown = await eve.GetAsync($"{Root}taskTemplate/_TKT:{new string('0', 32)}", Ct).JsonAsync(HttpStatusCode.NotFound);

        Assert.Equal(tktid, template!["tktid"]!.GetValue<string>());
        Assert.Equal("Genehmigen", template["displayName"]!.GetValue<string>());
        Assert.Equal("KIND_PARTICIPATING", template["kind"]!.GetValue<string>());
        Assert.Equal("STATE_STARTED", template["state"]!.GetValue<string>());
        Assert.Equal("{http://example/approvals}request", template["inputMessageTypeName"]!.GetValue<string>());
        Assert.Equal("finance", template["customText1"]!.GetValue<string>());
        Assert.NotNull(template["validFrom"]);
        Assert.Equal([stopped, tktid], byName!["items"]!.AsArray().Select(i => i!["tktid"]!.GetValue<string>()));
        Assert.Equal([tktid], started!["items"]!.AsArray().Select(i => i!["tktid"]!.GetValue<string>()));
        Assert.Equal("CWTKA0158E", badState!["errorNumber"]!.GetValue<string>());
        Assert.Equal(System.Xml.Linq.XName.Get("request", "http://example/approvals"), System.Xml.Linq.XDocument.Parse(inputXml).Root!.Name);
        JsonAssert.Equivalent("{}", outputJson);
        Assert.Equal("CWTKA0025E", unknown!["errorNumber"]!.GetValue<string>());
    }
}
