using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>The vRO tasks API as the seed and Terraform's provider drive it (vro.md §2.1, §3.1–§3.3, §5).</summary>
public sealed class VcoTasksTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using var admin = _server.Admin();
        using var content = new StringContent("""
            {"name":"Send Hello","input-parameters":[{"name":"name","type":"string","required":true},{"name":"token","type":"SecureString"},{"name":"count","type":"number"}],
             "output-parameters":[{"name":"greeting","type":"string"}],
             "steps":[{"type":"script","script":"greeting = 'Hello, ' + name; System.log(greeting);"}]}
            """, Encoding.UTF8, "application/json");
        var response = await admin.PutAsync("api/v1/workflows/send-hello", content, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Seed_CreatesATask_ThatRunsAtItsInstant_AndShowsTheRun()
    {
        using var admin = _server.Admin();
        var start = DateTimeOffset.UtcNow.AddSeconds(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$$"""
            {"name":"Send Hello Task","description":"runs once","workflow":{"id":"send-hello","name":"Send Hello"},
             "recurrence-cycle":"one-time","recurrence-pattern":"(Europe/Zurich) ","recurrence-start-date":"{{{{start}}}}",
             "start-mode":"normal","state":"pending",
             "input-parameters":[{"name":"name","type":"string","scope":"local","value":{"string":{"value":"John Smith"}}},
                                 {"name":"token","type":"SecureString","scope":"local","value":{"secure-string":{"value":"s3cret"}}}]}
            """;

        var response = await PostAsync(admin, "vco/api/tasks", body);
        var task = await HttpAssert.StatusAsync(response, HttpStatusCode.Accepted);
        var id = task!["id"]!.GetValue<string>();
        var runs = await WaitForRunsAsync(admin, id, 1);
        var read = await admin.GetAsync($"vco/api/tasks/{id}/", Ct).JsonAsync();

        Assert.Equal(response.Headers.Location!.ToString(), task["href"]!.GetValue<string>());
        Assert.EndsWith($"/vco/api/tasks/{id}/", response.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.Equal("(Europe/Zurich) ", task["recurrence-pattern"]!.GetValue<string>());
        Assert.Equal("one-time", task["recurrence-cycle"]!.GetValue<string>());
        Assert.Equal("pending", task["state"]!.GetValue<string>());
        Assert.Equal("admin", task["user"]!.GetValue<string>());
        Assert.Null(task["recurrence-end-date"]);
        Assert.DoesNotContain("s3cret", task.ToJsonString(), StringComparison.Ordinal);
        var run = runs[0]!["attributes"]!.AsArray();
        Assert.Equal("completed", run.Single(a => a!["name"]!.GetValue<string>() == "state")!["value"]!.GetValue<string>());
        Assert.Equal("finished", read!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_AcceptsTheReferencePageSpellings_AndTheWorkflowByHref()
    {
        using var admin = _server.Admin();
        var href = new Uri(_server.BaseAddress, "vco/api/workflows/send-hello/").ToString();
        var body = $$$$"""
            {"name":"Hourly","workflow":{"href":"{{{{href}}}}"},"recurrence-cycle":"EVERY_HOURS","recurrence-pattern":"(Europe/Zurich) 15:00,",
             "recurrence-start-date":"2050-01-06T05:02:00Z","recurrence-end-date":"2055-01-06T05:02:00+00:00","start-mode":"START_IN_THE_PAST",
             "parameter":[{"name":"name","type":"string","value":{"string":{"value":"Ann"}}}]}
            """;

        var task = await HttpAssert.StatusAsync(await PostAsync(admin, "vco/api/tasks", body), HttpStatusCode.Accepted);

        Assert.Equal("every-hours", task!["recurrence-cycle"]!.GetValue<string>());
        Assert.Equal("start-in-the-past", task["start-mode"]!.GetValue<string>());
        Assert.Equal("2055-01-06T05:02:00Z", task["recurrence-end-date"]!.GetValue<string>());
        Assert.Equal("2050-01-06T05:15:00Z", task["next-fire-time"]!.GetValue<string>()); // 06:15 in Zurich (UTC+1)
        Assert.Equal("send-hello", task["workflow"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"recurrence-start-date":"2050-01-06T05:02:00Z"}""", "workflow")]
    [InlineData("""{"workflow":{"id":"send-hello"},"input-parameters":[{"name":"name","type":"string","value":{"string":{"value":"x"}}}]}""", "recurrence-start-date")]
    [InlineData("""{"workflow":{"id":"send-hello"},"recurrence-start-date":"2050-01-06T05:02:00Z","recurrence-cycle":"every-fortnight"}""", "recurrence-cycle")]
    [InlineData("""{"workflow":{"id":"send-hello"},"recurrence-start-date":"2050-01-06T05:02:00Z","recurrence-cycle":"every-days","recurrence-pattern":"25:00:00,"}""", "recurrence-pattern")]
    [InlineData("""{"workflow":{"id":"send-hello"},"recurrence-start-date":"2050-01-06T05:02:00Z","recurrence-end-date":"2049-01-01T00:00:00Z"}""", "recurrence-end-date")]
    [InlineData("""{"workflow":{"id":"send-hello"},"recurrence-start-date":"next tuesday"}""", "recurrence-start-date")]
    [InlineData("""{"workflow":{"id":"send-hello"},"recurrence-start-date":"2050-01-06T05:02:00Z","input-parameters":[{"name":"count","type":"number","value":{"number":{"value":"lots"}}}]}""", "count")]
    [InlineData("""{"workflow":{"id":"send-hello"},"recurrence-start-date":"2050-01-06T05:02:00Z","state":"scheduled"}""", "state")]
    public async Task Create_BadField_Is400_NamingIt(string body, string field)
    {
        using var admin = _server.Admin();

        var error = await HttpAssert.StatusAsync(await PostAsync(admin, "vco/api/tasks", body), HttpStatusCode.BadRequest);

        Assert.Contains(field, error!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ForAWorkflowThatDoesNotExist_Is404()
    {
        using var admin = _server.Admin();

        await HttpAssert.StatusAsync(await PostAsync(admin, "vco/api/tasks", """{"workflow":{"id":"nope"},"recurrence-start-date":"2050-01-06T05:02:00Z"}"""),
            HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_SuspendsResumesAndReschedules_RefusesAnotherWorkflow_AndDeleteKeepsTheHistory()
    {
        using var admin = _server.Admin();
        var created = await HttpAssert.StatusAsync(await PostAsync(admin, "vco/api/tasks", """
            {"name":"Daily","workflow":{"id":"send-hello"},"recurrence-cycle":"every-days","recurrence-pattern":"(UTC) 01:00:00,",
             "recurrence-start-date":"2050-01-06T00:00:00Z","input-parameters":[{"name":"name","type":"string","value":{"string":{"value":"Bo"}}}]}
            """), HttpStatusCode.Accepted);
        var id = created!["id"]!.GetValue<string>();

        var suspended = await PostAsync(admin, $"vco/api/tasks/{id}", """{"state":"suspended"}""");
        var again = await PostAsync(admin, $"vco/api/tasks/{id}", """{"state":"suspended"}""");
        var resumed = await PostAsync(admin, $"vco/api/tasks/{id}", """{"state":"pending","recurrence-pattern":"(UTC) 02:30:00,"}""");
        var otherWorkflow = await PostAsync(admin, $"vco/api/tasks/{id}", """{"workflow":{"id":"something-else"}}""");
        var list = await admin.GetAsync("vco/api/workflows/send-hello/tasks", Ct).JsonAsync();
        var deleted = await admin.DeleteAsync($"vco/api/tasks/{id}/", Ct);

        Assert.Equal("suspended", (await HttpAssert.StatusAsync(suspended, HttpStatusCode.OK))!["state"]!.GetValue<string>());
        Assert.Equal("suspended", (await HttpAssert.StatusAsync(again, HttpStatusCode.OK))!["state"]!.GetValue<string>());
        var after = await HttpAssert.StatusAsync(resumed, HttpStatusCode.OK);
        Assert.Equal("pending", after!["state"]!.GetValue<string>());
        Assert.Equal("(UTC) 02:30:00,", after["recurrence-pattern"]!.GetValue<string>());
        Assert.Equal("2050-01-06T02:30:00Z", after["next-fire-time"]!.GetValue<string>());
        Assert.Contains("workflow", (await HttpAssert.StatusAsync(otherWorkflow, HttpStatusCode.BadRequest))!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(list!["link"]!.AsArray(), l => l!["href"]!.GetValue<string>().Contains(id, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await admin.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync(HttpStatusCode.NotFound);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PostAsync(path, content, Ct);
    }

    private static async Task<JsonArray> WaitForRunsAsync(HttpClient client, string taskId, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var list = await client.GetAsync($"vco/api/tasks/{taskId}/executions", Ct).JsonAsync();
            var links = list!["relations"]!["link"]!.AsArray();
            if (links.Count >= count && links.All(l => l!["attributes"]!.AsArray().Any(a => a!["name"]!.GetValue<string>() == "state"
                    && a["value"]!.GetValue<string>() is "completed" or "failed" or "canceled")))
            {
                return links;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"Task {taskId} did not start {count} run(s) that ended.");
    }
}
