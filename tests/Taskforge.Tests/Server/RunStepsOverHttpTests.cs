using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// http steps against a live service on loopback (the real HttpClient, not a stand-in), and workflow steps, both
/// started and polled through the vCO API like a client would.
/// </summary>
public sealed class RunStepsOverHttpTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new();
    private WebApplication _remote = null!;
    private ServerInstance _server = null!;
    private Uri _remoteBase = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _remote = builder.Build();
        _remote.MapPost("/v1/echo", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: Ct);
            return Results.Json(new { greeting = $"hi {body?["name"]}", auth = request.Headers.Authorization.ToString() });
        });
        _remote.MapGet("/v1/broken", () => Results.StatusCode(503));
        _remote.MapGet("/v1/moved", () => Results.Redirect("http://127.0.0.2:9/elsewhere"));
        _remote.MapGet("/v1/slow", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            return Results.Ok();
        });
        _remote.MapGet("/private", () => "not for workflows");
        await _remote.StartAsync(Ct);
        _remoteBase = new Uri(_remote.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _server = await ServerInstance.StartAsync(_file.Options, $"--Taskforge:HttpSteps:AllowedUrls:0={_remoteBase}v1/");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _remote.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task HttpStep_PostsToTheAllowedService_AndKeepsItsJsonAnswer()
    {
        using var admin = _server.Admin();
        await PutAsync(admin, "greet", $$"""
            {"name":"Greet","input-parameters":[{"name":"who","type":"string"}],"output-parameters":[{"name":"reply","type":"Properties"},{"name":"greeting","type":"string"}],
             "steps":[{"type":"http","url":"{{_remoteBase}}v1/echo","method":"POST","headers":{"Authorization":"Bearer abc"},"body":"({name: who})","result":"reply"},
                      {"type":"script","script":"greeting = reply.body.greeting + ' (' + reply.statusCode + ', ' + reply.body.auth + ')';"}]}
            """);

        var execution = await RunAsync(admin, "greet", """{"parameters":[{"name":"who","type":"string","value":{"string":{"value":"Ada"}}}]}""");

        Assert.Equal("completed", execution["state"]!.GetValue<string>());
        Assert.Equal("hi Ada (200, Bearer abc)", Output(execution, "greeting")!["string"]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("v1/broken", "answered 503")]
    [InlineData("v1/moved", "answered 302")]
    [InlineData("private", "not on this server's list of allowed URLs")]
    public async Task HttpStep_FailsTheRun_OnAnErrorAnswer_ARedirect_OrAUrlOutsideTheAllowList(string path, string expected)
    {
        using var admin = _server.Admin();
        var id = "call-" + path.Replace('/', '-');
        await PutAsync(admin, id, $$"""{"name":"{{id}}","steps":[{"type":"http","url":"{{_remoteBase}}{{path}}"}]}""");

        var execution = await RunAsync(admin, id, "{}");

        Assert.Equal("failed", execution["state"]!.GetValue<string>());
        Assert.Contains(expected, execution["content-exception"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpStep_GivesUpAfterItsTimeout()
    {
        using var admin = _server.Admin();
        await PutAsync(admin, "impatient", $$"""{"name":"Impatient","steps":[{"type":"http","url":"{{_remoteBase}}v1/slow","timeout":"PT0.5S"}]}""");

        var execution = await RunAsync(admin, "impatient", "{}");

        Assert.Equal("failed", execution["state"]!.GetValue<string>());
        Assert.Contains("no answer within 0.5 s", execution["content-exception"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowStep_RunsTheChildWorkflow_AndTheParentCompletesWithItsOutputs()
    {
        using var admin = _server.Admin();
        await PutAsync(admin, "inner", """
            {"name":"Inner","input-parameters":[{"name":"n","type":"number"}],"output-parameters":[{"name":"square","type":"number"}],
             "steps":[{"type":"script","script":"square = n * n; System.log('squared ' + n);"}]}
            """);
        await PutAsync(admin, "outer", """
            {"name":"Outer","input-parameters":[{"name":"n","type":"number"}],"output-parameters":[{"name":"answer","type":"number"}],
             "steps":[{"type":"workflow","workflow":"inner","inputs":{"n":"n + 1"},"outputs":{"answer":"square"}}]}
            """);

        var execution = await RunAsync(admin, "outer", """{"parameters":[{"name":"n","type":"number","value":{"number":{"value":6}}}]}""");
        var children = await admin.GetAsync("vco/api/workflows/inner/executions", Ct).JsonAsync();

        Assert.Equal("completed", execution["state"]!.GetValue<string>());
        Assert.Equal(49, Output(execution, "answer")!["number"]!["value"]!.GetValue<double>());
        Assert.Equal(1, children!["relations"]!["total"]!.GetValue<int>());
    }

    private static JsonNode? Output(JsonNode execution, string name) =>
        execution["output-parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["value"];

    private static async Task<JsonNode> RunAsync(HttpClient admin, string workflow, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await admin.PostAsync($"vco/api/workflows/{workflow}/executions", content, Ct);
        await HttpAssert.StatusAsync(response, HttpStatusCode.Accepted);
        for (var i = 0; i < 300; i++)
        {
            var execution = (await admin.GetAsync(response.Headers.Location, Ct).JsonAsync())!;
            if (execution["state"]!.GetValue<string>() is "completed" or "failed" or "canceled")
            {
                return execution;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"The run of {workflow} did not end.");
    }

    private static async Task PutAsync(HttpClient admin, string id, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await admin.PutAsync($"api/v1/workflows/{id}", content, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
