using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;
using static Taskforge.Tests.Support.VcoTestData;

namespace Taskforge.Tests.Server;

/// <summary>
/// The Terraform provider for Aria's <c>aria_orchestrator_task</c> (vro.md §9), request by request, on each database: it
/// creates a task naming one of a workflow's six inputs, reads it back and compares, updates it with its whole body, and
/// checks <c>running-instance-id</c> after the create.
/// </summary>
public abstract class TerraformTaskTests : IAsyncLifetime
{
    protected abstract ServerInstance Server { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using var admin = Server.Admin();
        await PutGreetingWorkflowAsync(admin, "hello");
        await admin.PutWorkflowAsync("tf-waits", """{"name":"Tf Waits","steps":[{"type":"wait","duration":"P1D"},{"type":"end"}]}""");
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Create_EchoesTheOneInputItSent_AndReadsListsAndUpdatesKeepEchoingWhatWasSent()
    {
        // The provider's ToAPI: every field of its model (recurrence-end-date and running-instance-id left out when
        // empty), the workflow by id and name, input parameters with name, description and type only.
        using var admin = Server.Admin();
        var create = await SendAsync(admin, HttpMethod.Post, "vco/api/tasks", """
            {"name":"tf-hourly","description":"Managed by Terraform","recurrence-cycle":"every-hours","recurrence-pattern":"(Europe/Zurich) 10:00,",
             "recurrence-start-date":"2050-01-06T05:02:00Z","start-mode":"normal","state":"pending",
             "input-parameters":[{"name":"vraHost","description":"The vRA host","type":"VRA:Host"}],
             "workflow":{"id":"tf-six-inputs","name":"Six inputs"}}
            """);
        var created = await HttpAssert.StatusAsync(create, HttpStatusCode.Accepted);
        var id = created!["id"]!.GetValue<string>();
        var read = await admin.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync();
        var readAgain = await admin.GetAsync($"vco/api/tasks/{id}/", Ct).JsonAsync();
        var list = await admin.GetAsync("vco/api/tasks", Ct).JsonAsync();
        var update = await SendAsync(admin, HttpMethod.Post, $"vco/api/tasks/{id}", $$$"""
            {"id":"{{{id}}}","name":"tf-hourly","description":"Managed by Terraform","href":"{{{created["href"]}}}","recurrence-cycle":"every-hours",
             "recurrence-pattern":"(Europe/Zurich) 10:00,","recurrence-start-date":"2050-01-06T05:02:00Z","running-instance-id":"{{{created["running-instance-id"]}}}",
             "start-mode":"normal","user":"admin",
             "input-parameters":[{"name":"message","description":"What to say","type":"string"},{"name":"vraHost","description":"","type":"VRA:Host"}],
             "workflow":{"id":"tf-six-inputs","name":"Six inputs"}}
            """);
        var updated = await HttpAssert.StatusAsync(update, HttpStatusCode.OK);
        var readAfterUpdate = await admin.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync();

        foreach (var task in new[] { created, read!, readAgain! })
        {
            AssertParameters(task, ("vraHost", "VRA:Host", "The vRA host"));
            Assert.Equal("tf-hourly", task["name"]!.GetValue<string>());
            Assert.Equal("Managed by Terraform", task["description"]!.GetValue<string>());
            Assert.Equal("every-hours", task["recurrence-cycle"]!.GetValue<string>());
            Assert.Equal("(Europe/Zurich) 10:00,", task["recurrence-pattern"]!.GetValue<string>());
            Assert.Equal("2050-01-06T05:02:00Z", task["recurrence-start-date"]!.GetValue<string>());
            Assert.Null(task["recurrence-end-date"]);
            Assert.Equal("normal", task["start-mode"]!.GetValue<string>());
            Assert.Equal("pending", task["state"]!.GetValue<string>());
            Assert.Equal("admin", task["user"]!.GetValue<string>());
            Assert.Equal(("tf-six-inputs", "Six inputs"), (task["workflow"]!["id"]!.GetValue<string>(), task["workflow"]!["name"]!.GetValue<string>()));
            Assert.Equal($"{id}@20500106T051000.000Z", task["running-instance-id"]!.GetValue<string>()); // 06:10 in Zurich, the first :10:00 after the start
        }

        Assert.Equal(create.Headers.Location!.ToString(), created["href"]!.GetValue<string>());
        var item = list!["link"]!.AsArray().Single(l => l!["href"]!.GetValue<string>() == created["href"]!.GetValue<string>());
        Assert.Equal("tf-hourly", item!["attributes"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "name")!["value"]!.GetValue<string>());
        foreach (var task in new[] { updated!, readAfterUpdate! })
        {
            AssertParameters(task, ("message", "string", "What to say"), ("vraHost", "VRA:Host", ""));
            Assert.Equal(created["running-instance-id"]!.GetValue<string>(), task["running-instance-id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ARun_GetsTheWorkflowsDefaultsAsTheyAreWhenItStarts_NotWhenTheTaskWasMade()
    {
        using var admin = Server.Admin();
        var start = DateTimeOffset.UtcNow.AddSeconds(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var created = await HttpAssert.StatusAsync(await SendAsync(admin, HttpMethod.Post, "vco/api/tasks", $$$"""
            {"name":"tf-once","recurrence-cycle":"one-time","recurrence-start-date":"{{{start}}}","start-mode":"normal",
             "input-parameters":[{"name":"count","type":"number","value":{"number":{"value":7} } },{"name":"vraHost","type":"VRA:Host","description":""}],
             "workflow":{"id":"tf-six-inputs"}}
            """), HttpStatusCode.Accepted);
        var id = created!["id"]!.GetValue<string>();
        await PutGreetingWorkflowAsync(admin, "hello again"); // a new default, after the task was made and before it fires

        var run = await WaitForRunAsync(admin, id, ended: true);
        var execution = await admin.GetAsync($"vco/api/workflows/tf-six-inputs/executions/{run}", Ct).JsonAsync();
        var task = await admin.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync();

        AssertParameters(created, ("count", "number", ""), ("vraHost", "VRA:Host", ""));
        Assert.Equal(7, created["input-parameters"]![0]!["value"]!["number"]!["value"]!.GetValue<double>());
        Assert.Null(created["input-parameters"]![1]!["value"]);
        var inputs = execution!["input-parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["value"]);
        Assert.Equal("hello again", inputs["message"]!["string"]!["value"]!.GetValue<string>());
        Assert.Equal(7, inputs["count"]!["number"]!["value"]!.GetValue<double>());
        Assert.True(inputs["dryRun"]!["boolean"]!["value"]!.GetValue<bool>());
        Assert.Equal("completed", execution["state"]!.GetValue<string>());
        AssertParameters(task!, ("count", "number", ""), ("vraHost", "VRA:Host", ""));
    }

    [Fact]
    public async Task RunningInstanceId_NamesTheNextFire_ThenTheRunWhileItRuns_ThenTheLastFire_TheSameOnEveryRead()
    {
        using var admin = Server.Admin();
        var start = DateTimeOffset.UtcNow.AddSeconds(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var slot = DateTimeOffset.Parse(start, CultureInfo.InvariantCulture);
        var created = await HttpAssert.StatusAsync(await SendAsync(admin, HttpMethod.Post, "vco/api/tasks", $$$"""
            {"name":"tf-waits","recurrence-cycle":"one-time","recurrence-start-date":"{{{start}}}","start-mode":"normal",
             "input-parameters":[],"workflow":{"id":"tf-waits","name":"Tf Waits"}}
            """), HttpStatusCode.Accepted);
        var id = created!["id"]!.GetValue<string>();
        var fireId = $"{id}@{slot.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'.000Z'", CultureInfo.InvariantCulture)}";

        var run = await WaitForRunAsync(admin, id, ended: false);
        var whileRunning = await admin.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync();
        var stillRunning = await admin.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync();
        await admin.DeleteAsync($"vco/api/workflows/tf-waits/executions/{run}/state", Ct).JsonAsync(HttpStatusCode.NoContent);
        await WaitForRunAsync(admin, id, ended: true);
        var finished = await WaitForStateAsync(admin, id, "finished");
        var finishedAgain = await admin.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync();

        Assert.Equal(fireId, created["running-instance-id"]!.GetValue<string>());
        Assert.Empty(created["input-parameters"]!.AsArray());
        Assert.Equal("running", whileRunning!["state"]!.GetValue<string>());
        Assert.Equal(run, whileRunning["running-instance-id"]!.GetValue<string>());
        Assert.Equal(run, stillRunning!["running-instance-id"]!.GetValue<string>());
        Assert.Equal(fireId, finished["running-instance-id"]!.GetValue<string>());
        Assert.Equal(fireId, finishedAgain!["running-instance-id"]!.GetValue<string>());
    }

    private static void AssertParameters(JsonNode task, params (string Name, string Type, string Description)[] expected)
    {
        var parameters = task["input-parameters"]!.AsArray();
        Assert.Equal(expected.Length, parameters.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], (parameters[i]!["name"]!.GetValue<string>(), parameters[i]!["type"]!.GetValue<string>(), parameters[i]!["description"]!.GetValue<string>()));
        }
    }

    private static async Task<string> WaitForRunAsync(HttpClient client, string taskId, bool ended)
    {
        for (var i = 0; i < 300; i++)
        {
            var links = (await client.GetAsync($"vco/api/tasks/{taskId}/executions", Ct).JsonAsync())!["relations"]!["link"]!.AsArray();
            var state = links.Count == 1 ? AttributeOf(links[0]!, "state") : null;
            if (state is not null && (ended ? state is "completed" or "failed" or "canceled" : state is "running" or "waiting"))
            {
                return AttributeOf(links[0]!, "id")!;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"Task {taskId} did not start a run that is {(ended ? "over" : "going")}.");
    }

    private static async Task<JsonNode> WaitForStateAsync(HttpClient client, string taskId, string state)
    {
        for (var i = 0; i < 200; i++)
        {
            var task = (await client.GetAsync($"vco/api/tasks/{taskId}", Ct).JsonAsync())!;
            if (task["state"]!.GetValue<string>() == state)
            {
                return task;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"Task {taskId} did not become {state}.");
    }

    private static Task PutGreetingWorkflowAsync(HttpClient admin, string greeting) => admin.PutWorkflowAsync("tf-six-inputs", $$$"""
        {"name":"Six inputs","input-parameters":[
            {"name":"vraHost","type":"VRA:Host","description":"The vRA host"},{"name":"message","type":"string","default":"{{{greeting}}}"},
            {"name":"count","type":"number","default":3},{"name":"dryRun","type":"boolean","default":true},
            {"name":"tags","type":"Array/string","default":[]},{"name":"token","type":"SecureString"}],
         "steps":[{"type":"script","script":"System.log(message + ' x' + count);"}]}
        """);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        return await client.SendAsync(request, Ct);
    }
}

public sealed class SqliteTerraformTaskTests(SqliteServerFixture fixture) : TerraformTaskTests, IClassFixture<SqliteServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}

public sealed class PostgresTerraformTaskTests(PostgresServerFixture fixture) : TerraformTaskTests, IClassFixture<PostgresServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}
