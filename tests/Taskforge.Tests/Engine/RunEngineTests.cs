using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Taskforge.Engine;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Scripting;
using Taskforge.Storage;
using Taskforge.Storage.Migrations;
using Taskforge.Storage.Runs;
using Taskforge.Storage.Workflows;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Engine;

/// <summary>The run engine driven one round at a time against a fake clock, on a real SQLite store.</summary>
public sealed partial class RunEngineTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly SqliteFile _file = new();
    private SqlDatabase _database = null!;
    private WorkflowService _workflows = null!;
    private RunService _runs = null!;
    private SqlRunStore _store = null!;
    private RunTick _tick = null!;
    private WorkflowDefinitions _definitions = null!;
    private HttpStepOptions _allowed = null!;
    private RunWakeSignal _wake = null!;
    private readonly RecordingHttp _http = new();
    private readonly RunCancellations _running = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = StorageServiceCollectionExtensions.Open(_file.Options);
        await new MigrationRunner(_database, NullLogger<MigrationRunner>.Instance).MigrateAsync(_time.GetUtcNow(), Ct);
        var workflowStore = new SqlWorkflowStore(_database);
        var definitions = _definitions = new WorkflowDefinitions(workflowStore);
        _store = new SqlRunStore(_database);
        _workflows = new WorkflowService(workflowStore, definitions, _time);
        _wake = new RunWakeSignal(_time);
        _runs = new RunService(_workflows, _store, _wake, _running, _time);
        var allowed = _allowed = new HttpStepOptions();
        allowed.AllowedUrls.Add("https://api.example.test/v1/");
        _tick = new RunTick(_store, definitions, new ScriptRunner(_time, new ScriptLimits { Timeout = TimeSpan.FromSeconds(60), MaxStatements = int.MaxValue }), _http, _running, _time,
            Options.Create(new RunOptions()), Options.Create(new NodeOptions { Id = "test-node" }), Options.Create(allowed));
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _wake.Dispose();
        _file.Dispose();
    }

    [Fact]
    public async Task Hello_CompletesWithItsOutput_AndLogs()
    {
        await DefineAsync("hello", """
            {"name":"Say hello","input-parameters":[{"name":"name","type":"string"}],"output-parameters":[{"name":"greeting","type":"string"}],
             "steps":[{"id":"greet","type":"script","script":"greeting = 'Hello, ' + name; System.log(greeting);"}]}
            """);

        var run = await _runs.StartAsync(Caller.System, "hello", Inputs(("name", "Ada")), Ct);
        await _tick.RunOnceAsync(Ct);

        var done = await _store.FindAsync(run.Id, Ct);
        Assert.Equal(RunState.Completed, done!.State);
        Assert.Equal("Hello, Ada", JsonNode.Parse(done.Variables)!["greeting"]!.GetValue<string>());
        var logs = await _store.ListLogsAsync(run.Id, 100, Ct);
        Assert.Contains(logs, l => l.Message == "Hello, Ada" && l.Origin == "system");
        Assert.Contains(logs, l => l.Message.Contains("has completed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decision_AndFail_FailTheRunWithTheMessage()
    {
        await DefineAsync("check", """
            {"name":"Check","input-parameters":[{"name":"used","type":"number"}],
             "steps":[{"id":"judge","type":"decision","branches":[{"condition":"used > 90","next":"alert"}],"default":"ok"},
                      {"id":"ok","type":"end"},
                      {"id":"alert","type":"fail","message":"Too full"}]}
            """);

        var fine = await _runs.StartAsync(Caller.System, "check", Inputs(("used", 50)), Ct);
        var full = await _runs.StartAsync(Caller.System, "check", Inputs(("used", 95)), Ct);
        await _tick.RunOnceAsync(Ct);

        Assert.Equal(RunState.Completed, (await _store.FindAsync(fine.Id, Ct))!.State);
        var failed = await _store.FindAsync(full.Id, Ct);
        Assert.Equal(RunState.Failed, failed!.State);
        Assert.Equal("Too full", failed.Error);
    }

    [Fact]
    public async Task ScriptError_FailsTheRun_NamingTheLine()
    {
        await DefineAsync("broken", """{"name":"Broken","steps":[{"type":"script","script":"var a = 1;\nthrow new Error('boom');"}]}""");

        var run = await _runs.StartAsync(Caller.System, "broken", Inputs(), Ct);
        await _tick.RunOnceAsync(Ct);

        var failed = await _store.FindAsync(run.Id, Ct);
        Assert.Equal(RunState.Failed, failed!.State);
        Assert.Contains("boom", failed.Error, StringComparison.Ordinal);
        Assert.Contains("#2", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_SleepsInTheDatabase_UntilItsTime()
    {
        await DefineAsync("pause", """
            {"name":"Pause","output-parameters":[{"name":"count","type":"number","default":0}],
             "steps":[{"type":"script","script":"count = count + 1;"},{"type":"wait","duration":"PT5M"},{"type":"script","script":"count = count + 1;"}]}
            """);
        var run = await _runs.StartAsync(Caller.System, "pause", Inputs(), Ct);

        await _tick.RunOnceAsync(Ct);
        var waiting = await _store.FindAsync(run.Id, Ct);
        _time.Advance(TimeSpan.FromMinutes(4));
        var early = await _tick.RunOnceAsync(Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _tick.RunOnceAsync(Ct);

        Assert.Equal(RunState.Waiting, waiting!.State);
        Assert.Null(waiting.LeaseOwner);
        Assert.Equal(0, early);
        var done = await _store.FindAsync(run.Id, Ct);
        Assert.Equal(RunState.Completed, done!.State);
        Assert.Equal(2, JsonNode.Parse(done.Variables)!["count"]!.GetValue<double>());
    }

    [Fact]
    public async Task WaitUntil_SleepsUntilTheInstantTheExpressionGives()
    {
        await DefineAsync("until", """
            {"name":"Until","input-parameters":[{"name":"at","type":"Date"}],
             "steps":[{"type":"wait","until":"at"},{"type":"end"}]}
            """);
        var run = await _runs.StartAsync(Caller.System, "until", Inputs(("at", "2026-01-05T10:00:00Z")), Ct);

        await _tick.RunOnceAsync(Ct);
        var waiting = await _store.FindAsync(run.Id, Ct);
        _time.Advance(TimeSpan.FromHours(1));
        await _tick.RunOnceAsync(Ct);

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), waiting!.DueAt);
        Assert.Equal(RunState.Completed, (await _store.FindAsync(run.Id, Ct))!.State);
    }

    [Fact]
    public async Task Cancel_InterruptsARunningScript()
    {
        await DefineAsync("spin", """{"name":"Spin","steps":[{"type":"script","script":"while (true) { }"},{"type":"end"}]}""");
        var run = await _runs.StartAsync(Caller.System, "spin", Inputs(), Ct);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var round = Task.Run(() => _tick.RunOnceAsync(Ct), Ct);
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); (await _store.FindAsync(run.Id, Ct))!.LeaseOwner is null; await Task.Delay(20, Ct))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the run was never claimed");
        }

        await Task.Delay(200, Ct);
        await _runs.CancelAsync(Caller.System, "spin", run.Id, Ct);
        await round;

        Assert.Equal(RunState.Canceled, (await _store.FindAsync(run.Id, Ct))!.State);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"the script ran on for {stopwatch.Elapsed} after the cancel");
    }

    [Fact]
    public async Task Cancel_StopsAWaitingRun()
    {
        await DefineAsync("long", """{"name":"Long","steps":[{"type":"wait","duration":"P1D"},{"type":"end"}]}""");
        var run = await _runs.StartAsync(Caller.System, "long", Inputs(), Ct);
        await _tick.RunOnceAsync(Ct);

        await _runs.CancelAsync(Caller.System, "long", run.Id, Ct);
        await _tick.RunOnceAsync(Ct);

        Assert.Equal(RunState.Canceled, (await _store.FindAsync(run.Id, Ct))!.State);
    }

    [Fact]
    public async Task Start_RejectsMissingRequiredAndMistypedInputs_NamingThem()
    {
        await DefineAsync("typed", """
            {"name":"Typed","input-parameters":[{"name":"host","type":"string","required":true},{"name":"port","type":"number"}],"steps":[{"type":"end"}]}
            """);

        var error = await Assert.ThrowsAsync<ValidationException>(() => _runs.StartAsync(Caller.System, "typed", Inputs(("port", "eighty")), Ct));

        Assert.Equal(["host", "port"], error.Errors.Keys.Order().ToArray());
    }

    [Fact]
    public async Task Http_CallsAnAllowedUrl_WithTheEvaluatedBody_AndKeepsTheResponse()
    {
        await DefineAsync("call", """
            {"name":"Call","input-parameters":[{"name":"who","type":"string"}],"output-parameters":[{"name":"reply","type":"Properties"}],
             "steps":[{"type":"http","url":"https://api.example.test/v1/greet","method":"POST","body":"({name: who})","result":"reply"},
                      {"type":"http","url":"https://elsewhere.test/"}]}
            """);

        var run = await _runs.StartAsync(Caller.System, "call", Inputs(("who", "Ada")), Ct);
        await _tick.RunOnceAsync(Ct);

        var request = Assert.Single(_http.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("{\"name\":\"Ada\"}", request.Body);
        var failed = await _store.FindAsync(run.Id, Ct);
        Assert.Equal(RunState.Failed, failed!.State);
        Assert.Contains("not on this server's list of allowed URLs", failed.Error, StringComparison.Ordinal);
        Assert.Equal("hi Ada", JsonNode.Parse(failed.Variables)!["reply"]!["body"]!["greeting"]!.GetValue<string>());
    }

    private async Task DefineAsync(string id, string json) =>
        await _workflows.SaveAsync(Caller.System, id, DefinitionDocuments.Parse(json, yaml: false), Ct);

    private static Dictionary<string, JsonNode?> Inputs(params (string Name, object Value)[] values) =>
        values.ToDictionary(v => v.Name, v => JsonValue.Create(v.Value) as JsonNode);

    // Stands in for the network at the engine's port; the real client is a plain HttpClient in the host.
    private sealed class RecordingHttp : IHttpStepClient
    {
        public List<(string Method, Uri Url, string? Body)> Requests { get; } = [];

        /// <summary>When set, calls wait for it (a slow remote end).</summary>
        public TaskCompletionSource? Gate { get; set; }

        public async Task<HttpStepResponse> SendAsync(string method, Uri url, IReadOnlyDictionary<string, string> headers, string? body, TimeSpan timeout, CancellationToken ct)
        {
            lock (Requests)
            {
                Requests.Add((method, url, body));
            }

            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(ct);
            }

            var name = JsonNode.Parse(body ?? "{}")?["name"]?.GetValue<string>();
            return new HttpStepResponse(200, $"{{\"greeting\":\"hi {name}\"}}", "application/json");
        }
    }
}
