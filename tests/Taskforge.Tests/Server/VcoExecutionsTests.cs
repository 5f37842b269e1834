using System.Net.Http.Json;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>Request-by-request replays of what the vRO clients of vro.md §9 do to run a workflow.</summary>
public sealed class VcoExecutionsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using var admin = _server.Admin();
        await admin.PutWorkflowAsync("vco-run", """
            {"name":"Vco Run","input-parameters":[{"name":"a","type":"string","required":true},{"name":"b","type":"number","default":2},
               {"name":"tags","type":"Array/string"},{"name":"secret","type":"SecureString"}],
             "output-parameters":[{"name":"result","type":"string"},{"name":"total","type":"number"}],
             "steps":[{"id":"work","name":"Compute","type":"script","script":"result = a + ':' + tags.join(','); total = b * 10; System.log('computed ' + result);"}]}
            """);
        await admin.PutWorkflowAsync("vco-fails", """{"name":"Vco Fails","steps":[{"type":"script","name":"Explode","script":"throw new Error('disk on fire');"}]}""");
        await admin.PutWorkflowAsync("vco-chatty", """
            {"name":"Vco Chatty","steps":[{"type":"script","script":"System.debug('d1'); System.log('i1'); System.warn('w1'); System.error('e1');"}]}
            """);
        await admin.PutWorkflowAsync("vco-waits", """{"name":"Vco Waits","steps":[{"type":"wait","duration":"P1D"},{"type":"end"}]}""");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Vmwvro_StartsThenPollsTheLocationWithAcceptAny_UntilCompleted()
    {
        using var admin = _server.Admin();
        await admin.GetAsync("vco/api/workflows/vco-run/", Ct).JsonAsync();
        using var start = new StringContent("""
            {"parameters":[{"value":{"string":{"value":"Apple"}},"type":"string","name":"a","scope":"local","description":"None"},
                           {"value":{"number":{"value":"20"}},"type":"number","name":"b","scope":"local"},
                           {"value":{"array":{"elements":[{"string":{"value":"x"}},{"string":{"value":"y"}}]}},"type":"Array/string","name":"tags","scope":"local"},
                           {"value":{"secure-string":{"value":"hunter2","isPlainText":true}},"type":"SecureString","name":"secret","scope":"local"}]}
            """, Encoding.UTF8, "application/json");

        var response = await admin.PostAsync("vco/api/workflows/vco-run/executions/", start, Ct);

        var accepted = await HttpAssert.StatusAsync(response, HttpStatusCode.Accepted);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(_server.BaseAddress.ToString(), location, StringComparison.Ordinal);
        Assert.EndsWith("/", location, StringComparison.Ordinal);
        Assert.Equal("running", accepted!["state"]!.GetValue<string>());
        Assert.Equal(location.Split('/')[^2], accepted["id"]!.GetValue<string>());
        var execution = await PollAsync(admin, location);
        Assert.Equal("completed", execution["state"]!.GetValue<string>());
        var outputs = execution["output-parameters"]!.AsArray();
        Assert.Equal("Apple:x,y", outputs.Single(p => p!["name"]!.GetValue<string>() == "result")!["value"]!["string"]!["value"]!.GetValue<string>());
        Assert.Equal(200, outputs.Single(p => p!["name"]!.GetValue<string>() == "total")!["value"]!["number"]!["value"]!.GetValue<double>());
        Assert.DoesNotContain("hunter2", execution.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("admin", execution["started-by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ansible_FindsByName_StartsWithEmptyDefaults_ReadsStateThenExecution()
    {
        using var admin = _server.Admin();
        var found = await admin.GetAsync("vco/api/workflows?conditions=name=Vco%20Run", Ct).JsonAsync();
        var id = found!["link"]![0]!["attributes"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "id")!["value"]!.GetValue<string>();
        using var start = new StringContent("""{"parameters":[{"value":{"string":{"value":"A"}},"type":"string","name":"a","scope":"local"},{"value":{"array":{"elements":[]}},"type":"Array/string","name":"tags","scope":"local"}]}""", Encoding.UTF8, "application/json");

        var response = await admin.PostAsync($"vco/api/workflows/{id}/executions/", start, Ct);
        await HttpAssert.StatusAsync(response, HttpStatusCode.Accepted);
        var executionId = response.Headers.Location!.AbsolutePath.TrimEnd('/').Split('/')[^1];
        await PollAsync(admin, $"vco/api/workflows/{id}/executions/{executionId}/");
        var state = await admin.GetAsync($"vco/api/workflows/{id}/executions/{executionId}/state", Ct).JsonAsync();

        Assert.Equal("completed", state!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Vcoworkflows_FindsByName_ReadsPresentation_StartsThenReadsTheExecutionAndItsLogs()
    {
        // vcoworkflows (vro.md §9): find by name, read the workflow and its presentation (for mandatory inputs), start
        // with a trailing slash, then read the execution and its logs at the Location it was given.
        using var admin = _server.Admin();
        var found = await admin.GetAsync("vco/api/workflows?conditions=name=Vco%20Run", Ct).JsonAsync();
        var id = found!["link"]![0]!["attributes"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "id")!["value"]!.GetValue<string>();
        var presentation = await admin.GetAsync($"vco/api/workflows/{id}/presentation/", Ct).JsonAsync();
        using var start = new StringContent("""
            {"parameters":[{"value":{"string":{"value":"Fig"}},"type":"string","name":"a","scope":"local"},
                           {"value":{"array":{"elements":[{"string":{"value":"role[base]"}}]}},"type":"Array/string","name":"tags","scope":"local"}]}
            """, Encoding.UTF8, "application/json");

        var response = await admin.PostAsync($"vco/api/workflows/{id}/executions/", start, Ct);
        await HttpAssert.StatusAsync(response, HttpStatusCode.Accepted);
        var location = response.Headers.Location!.ToString();
        var execution = await PollAsync(admin, location);
        var logs = await admin.GetAsync(location + "logs/", Ct).JsonAsync();

        var mandatory = presentation!["steps"]![0]!["step"]!["elements"]![0]!["fields"]!.AsArray()
            .Where(f => f!["constraints"]!.AsArray().Any(c => c!["@type"]!.GetValue<string>() == "mandatory")).Select(f => f!["id"]!.GetValue<string>());
        Assert.Equal(["a"], mandatory);
        Assert.Equal("completed", execution["state"]!.GetValue<string>());
        Assert.Equal(location, execution["href"]!.GetValue<string>());
        var entries = logs!["logs"]!.AsArray().Select(l => l!["entry"]!).ToList();
        Assert.Contains(entries, e => e["short-description"]!.GetValue<string>() == "computed Fig:role[base]" && e["severity"]!.GetValue<string>() == "info");
        Assert.All(entries, e => Assert.NotNull(e["time-stamp"]));
    }

    [Fact]
    public async Task BuildTools_StartsWithCharsetInAcceptAndContentType_ThenReadsStateAndExecution()
    {
        // RestClientVro.startWorkflow: Spring's APPLICATION_JSON_UTF8 as both Accept and Content-Type, Gson's body with
        // number and boolean values as strings; then the state and the execution with Content-Type on a bodiless GET and
        // RestTemplate's default Accept for a String answer.
        using var admin = _server.Admin();
        using var start = new HttpRequestMessage(HttpMethod.Post, "vco/api/workflows/vco-run/executions");
        start.Headers.TryAddWithoutValidation("Accept", "application/json;charset=UTF-8");
        start.Content = new StringContent("""
            {"parameters":[{"scope":"local","name":"a","type":"string","value":{"string":{"value":"Kiwi"}}},
                           {"scope":"local","name":"b","type":"number","value":{"number":{"value":"3"}}},
                           {"scope":"local","name":"tags","type":"Array/string","value":{"array":{"elements":[{"string":{"value":"green"}}]}}}]}
            """, Encoding.UTF8);
        start.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json;charset=UTF-8");

        var response = await admin.SendAsync(start, Ct);
        var started = await HttpAssert.StatusAsync(response, HttpStatusCode.Accepted);
        var id = started!["id"]!.GetValue<string>();
        await PollAsync(admin, $"vco/api/workflows/vco-run/executions/{id}");
        var state = await BuildToolsGetAsync(admin, $"vco/api/workflows/vco-run/executions/{id}/state");
        var execution = await BuildToolsGetAsync(admin, $"vco/api/workflows/vco-run/executions/{id}");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("running", started["state"]!.GetValue<string>());
        Assert.EndsWith($"/vco/api/workflows/vco-run/executions/{id}/", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("completed", state!["value"]!.GetValue<string>());
        Assert.Equal("completed", execution!["state"]!.GetValue<string>());
        var inputs = execution["input-parameters"]!.AsArray();
        Assert.Equal("Kiwi", inputs.Single(p => p!["name"]!.GetValue<string>() == "a")!["value"]!["string"]!["value"]!.GetValue<string>());
        Assert.Equal(3, inputs.Single(p => p!["name"]!.GetValue<string>() == "b")!["value"]!["number"]!["value"]!.GetValue<double>());
        var outputs = execution["output-parameters"]!.AsArray();
        Assert.Equal("Kiwi:green", outputs.Single(p => p!["name"]!.GetValue<string>() == "result")!["value"]!["string"]!["value"]!.GetValue<string>());
        Assert.Equal(30, outputs.Single(p => p!["name"]!.GetValue<string>() == "total")!["value"]!["number"]!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task BuildTools_ReadsIdFromTheBody_AndContentExceptionWhenFailed_AndSyslogs()
    {
        using var admin = _server.Admin();
        using var empty = new StringContent("{}", Encoding.UTF8, "application/json");
        var started = await admin.PostAsync("vco/api/workflows/vco-fails/executions", empty, Ct).JsonAsync(HttpStatusCode.Accepted);
        var id = started!["id"]!.GetValue<string>();

        var execution = await PollAsync(admin, $"vco/api/workflows/vco-fails/executions/{id}");
        var syslogs = await admin.GetAsync($"vco/api/workflows/vco-fails/executions/{id}/syslogs?conditions=severity=error", Ct).JsonAsync();
        // Against vRO ≤ 7.5 Build Tools posts its "since" stamp (0 at first) as older-than, with these very headers.
        using var legacy = new HttpRequestMessage(HttpMethod.Post, $"vco/api/workflows/vco-fails/executions/{id}/syslogs")
        {
            Content = new StringContent("""{"severity": "info","older-than": 0}""", Encoding.UTF8, "application/json"),
        };
        legacy.Headers.TryAddWithoutValidation("Accept", "application/json;charset=UTF-8");
        var legacyLogs = await HttpAssert.StatusAsync(await admin.SendAsync(legacy, Ct), HttpStatusCode.OK);

        Assert.Equal("failed", execution["state"]!.GetValue<string>());
        Assert.Contains("disk on fire", execution["content-exception"]!.GetValue<string>(), StringComparison.Ordinal);
        var entry = syslogs!["logs"]![0]!["entry"]!;
        foreach (var field in new[] { "origin", "severity", "time-stamp", "short-description" })
        {
            Assert.NotNull(entry[field]);
        }

        Assert.All(syslogs["logs"]!.AsArray(), l => Assert.Equal("error", l!["entry"]!["severity"]!.GetValue<string>()));
        var legacyEntries = legacyLogs!["logs"]!.AsArray().Select(l => l!["entry"]!).ToList();
        Assert.Equal(2, legacyEntries.Count);
        Assert.Equal(("server", "info", "Workflow 'Vco Fails' has started"),
            (legacyEntries[0]["origin"]!.GetValue<string>(), legacyEntries[0]["severity"]!.GetValue<string>(), legacyEntries[0]["short-description"]!.GetValue<string>()));
        Assert.Equal(("server", "error"), (legacyEntries[1]["origin"]!.GetValue<string>(), legacyEntries[1]["severity"]!.GetValue<string>()));
        Assert.Contains("disk on fire", legacyEntries[1]["short-description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VrdtBefore76_PollsLegacySyslogs_WithOlderThanMeaningAfter_AtOrAboveTheSeverity_OldestFirst()
    {
        // vRDT's FetchLogsPre76 against vRO ≤ 7.5: POST …/syslogs {"severity": <its log level>, "older-than": T}, T = 0 on
        // the first poll and then a stamp it has printed up to.
        using var admin = _server.Admin();
        var started = await admin.PostAsync("vco/api/workflows/vco-chatty/executions", null, Ct).JsonAsync(HttpStatusCode.Accepted);
        var id = started!["id"]!.GetValue<string>();
        await PollAsync(admin, $"vco/api/workflows/vco-chatty/executions/{id}");
        var path = $"vco/api/workflows/vco-chatty/executions/{id}/syslogs";

        var first = await LegacySyslogsAsync(admin, path, """{"severity":"info","older-than":0}""");
        var stamps = first.Select(e => e["time-stamp-val"]!.GetValue<long>()).ToList();
        var fromTheSecond = await LegacySyslogsAsync(admin, path, $$"""{"severity":"info","older-than":{{stamps[1] - 1}}}""");
        var afterTheLast = await LegacySyslogsAsync(admin, path, $$"""{"severity":"info","older-than":{{stamps[^1]}}}""");
        var warnings = await LegacySyslogsAsync(admin, path, """{"severity":"warn","older-than":0}""");
        var everything = await LegacySyslogsAsync(admin, path, """{"severity":"debug","older-than":0}""");
        var badSeverity = await admin.PostAsync(path, new StringContent("""{"severity":"loud","older-than":0}""", Encoding.UTF8, "application/json"), Ct)
            .JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(
            [("server", "info", "Workflow 'Vco Chatty' has started"), ("system", "info", "i1"), ("system", "warning", "w1"), ("system", "error", "e1"),
             ("server", "info", "Workflow 'Vco Chatty' has completed")],
            first.Select(e => (e["origin"]!.GetValue<string>(), e["severity"]!.GetValue<string>(), e["short-description"]!.GetValue<string>())));
        Assert.Equal(["admin", null, null, null, "admin"], first.Select(e => e["user"]?.GetValue<string>()));
        Assert.All(first, e =>
        {
            Assert.Equal(e["short-description"]!.GetValue<string>(), e["long-description"]!.GetValue<string>());
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(e["time-stamp-val"]!.GetValue<long>()),
                DateTimeOffset.Parse(e["time-stamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        });
        Assert.Equal(stamps.Order(), stamps);
        Assert.Equal(first.Where(e => e["time-stamp-val"]!.GetValue<long>() >= stamps[1]).Select(e => e.ToJsonString()), fromTheSecond.Select(e => e.ToJsonString()));
        Assert.Empty(afterTheLast);
        Assert.Equal(["w1", "e1"], warnings.Select(e => e["short-description"]!.GetValue<string>()));
        Assert.Equal(["Workflow 'Vco Chatty' has started", "d1", "i1", "w1", "e1", "Workflow 'Vco Chatty' has completed"],
            everything.Select(e => e["short-description"]!.GetValue<string>()));
        Assert.Contains("severity", badSeverity!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vrdt_LogsInWithBearer_ChecksAbout_StartsPollsWhileRunning_ThenReadsSyslogsNewerThanAStamp()
    {
        // vRDT's VroRestClient (vro.md §9): CSP refresh token, then an IaaS bearer token, for every call that follows.
        using var anonymous = _server.Anonymous();
        var csp = await anonymous.PostAsJsonAsync("csp/gateway/am/api/login?access_token",
            new { username = ServerInstance.AdminName, password = ServerInstance.AdminPassword, domain = "System Domain" }, Ct).JsonAsync();
        var token = await anonymous.PostAsJsonAsync("iaas/api/login", new { refreshToken = csp!["refresh_token"]!.GetValue<string>() }, Ct).JsonAsync();
        using var client = _server.WithToken(token!["token"]!.GetValue<string>());
        var about = await client.GetAsync("vco/api/about", Ct).JsonAsync();
        Assert.StartsWith("8.", about!["version"]!.GetValue<string>(), StringComparison.Ordinal); // ≥ 7.6: syslogs by GET
        var workflow = await client.GetAsync("vco/api/workflows/vco-run", Ct).JsonAsync();
        Assert.Equal("Vco Run", workflow!["name"]!.GetValue<string>());
        var before = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds();
        using var start = new StringContent("""
            {"parameters":[{"name":"a","type":"string","scope":"local","value":{"string":{"value":"Pear"}}},
                           {"name":"tags","type":"Array/string","scope":"local","value":{"array":{"elements":[]}}}]}
            """, Encoding.UTF8, "application/json");

        var started = await client.PostAsync("vco/api/workflows/vco-run/executions", start, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var executionId = started.Headers.Location!.AbsolutePath.TrimEnd('/').Split('/')[^1];
        JsonNode execution;
        var polls = 0;
        do
        {
            await Task.Delay(20, Ct);
            execution = (await client.GetAsync($"vco/api/workflows/vco-run/executions/{executionId}", Ct).JsonAsync())!;
        }
        while (execution["state"]!.GetValue<string>() == "running" && ++polls < 250); // vRDT polls only while "running"
        var syslogs = await client.GetAsync(
            $"vco/api/workflows/vco-run/executions/{executionId}/syslogs?conditions=severity=info&conditions=timestamp>{before}", Ct).JsonAsync();
        var future = await client.GetAsync(
            $"vco/api/workflows/vco-run/executions/{executionId}/syslogs?conditions=timestamp>{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds()}", Ct).JsonAsync();

        Assert.Equal("completed", execution["state"]!.GetValue<string>());
        var entries = syslogs!["logs"]!.AsArray().Select(l => l!["entry"]!).ToList();
        Assert.Contains(entries, e => e["origin"]!.GetValue<string>() != "server" && e["short-description"]!.GetValue<string>() == "computed Pear:");
        Assert.All(entries, e => Assert.True(e["time-stamp-val"]!.GetValue<long>() > before));
        Assert.All(entries, e => Assert.Equal("info", e["severity"]!.GetValue<string>()));
        Assert.Empty(future!["logs"]!.AsArray());
    }

    [Fact]
    public async Task MissingRequiredOrMistypedInput_Is400_NamingIt()
    {
        using var admin = _server.Admin();
        using var bad = new StringContent("""{"parameters":[{"value":{"number":{"value":"lots"}},"type":"number","name":"b"}]}""", Encoding.UTF8, "application/json");

        var body = await admin.PostAsync("vco/api/workflows/vco-run/executions", bad, Ct).JsonAsync(HttpStatusCode.BadRequest);

        var message = body!["message"]!.GetValue<string>();
        Assert.Contains("a:", message, StringComparison.Ordinal);
        Assert.Contains("b:", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ThenDelete_AndTheListShowsRuns()
    {
        using var admin = _server.Admin();
        var started = await admin.PostAsync("vco/api/workflows/vco-waits/executions", null, Ct).JsonAsync(HttpStatusCode.Accepted);
        var id = started!["id"]!.GetValue<string>();
        await WaitForStateAsync(admin, $"vco/api/workflows/vco-waits/executions/{id}/state", "waiting");

        await admin.DeleteAsync($"vco/api/workflows/vco-waits/executions/{id}/state", Ct).JsonAsync(HttpStatusCode.NoContent);
        await WaitForStateAsync(admin, $"vco/api/workflows/vco-waits/executions/{id}/state", "canceled");
        var list = await admin.GetAsync("vco/api/workflows/vco-waits/executions/", Ct).JsonAsync();
        await admin.DeleteAsync($"vco/api/workflows/vco-waits/executions/{id}/", Ct).JsonAsync(HttpStatusCode.NoContent);

        var item = list!["relations"]!["link"]!.AsArray().Single(l => l!["attributes"] is not null);
        Assert.Equal("canceled", item!["attributes"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "state")!["value"]!.GetValue<string>());
        await admin.GetAsync($"vco/api/workflows/vco-waits/executions/{id}/", Ct).JsonAsync(HttpStatusCode.NotFound);
    }

    private static async Task<JsonNode> PollAsync(HttpClient client, string location)
    {
        for (var i = 0; i < 200; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, location);
            request.Headers.TryAddWithoutValidation("Accept", "*/*");
            var execution = (await HttpAssert.StatusAsync(await client.SendAsync(request, Ct), HttpStatusCode.OK))!;
            if (execution["state"]!.GetValue<string>() is "completed" or "failed" or "canceled")
            {
                return execution;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"{location} did not finish");
    }

    // Build Tools' buildHttpEntry: Content-Type application/json;charset=UTF-8 without a body, and the Accept RestTemplate
    // sends when it reads the answer as a String.
    private static async Task<JsonNode?> BuildToolsGetAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json;charset=UTF-8");
        request.Headers.TryAddWithoutValidation("Accept", "text/plain, application/json, application/*+json, */*");
        return await HttpAssert.StatusAsync(await client.SendAsync(request, Ct), HttpStatusCode.OK);
    }

    private static async Task<List<JsonNode>> LegacySyslogsAsync(HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var answer = await client.PostAsync(path, content, Ct).JsonAsync();
        return [.. answer!["logs"]!.AsArray().Select(l => l!["entry"]!)];
    }

    private static async Task WaitForStateAsync(HttpClient client, string path, string state)
    {
        for (var i = 0; i < 200 && (await client.GetAsync(path, Ct).JsonAsync())!["value"]!.GetValue<string>() != state; i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(state, (await client.GetAsync(path, Ct).JsonAsync())!["value"]!.GetValue<string>());
    }
}
