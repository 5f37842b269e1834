using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// <c>mode=sync</c> over HTTP (ibm-bpm-htm.md §3.1, §5.2): the invoked workflow's output, its modelled fault in IBM's
/// <c>taskFault</c> wrapper, or 500 CWTKA0040E; the same for <c>PUT action=start&amp;mode=sync</c>.
/// </summary>
public sealed class HtmInvocationTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string Root = HtmWorld.Root;

    /// <summary>Fine up to the limit, a modelled fault above it, an unmodelled error far above, and a day's wait below zero.</summary>
    public const string CheckWorkflow = """
        {"name": "Check", "permissions": {"everybody": "rx"},
         "input-parameters": [{"name": "amount", "type": "number"}],
         "output-parameters": [{"name": "verdict", "type": "string"}],
         "attributes": [{"name": "limit", "type": "number", "value": 100}],
         "steps": [{"type": "decision", "branches": [{"condition": "amount > 1000", "next": "broken"}, {"condition": "amount > limit", "next": "high"},
                                                       {"condition": "amount < 0", "next": "slow"}], "default": "ok"},
                   {"id": "ok", "type": "script", "script": "verdict = 'fine: ' + amount;", "next": "done"},
                   {"id": "high", "type": "fail", "fault": "tooHigh", "message": "Over the limit"},
                   {"id": "broken", "type": "script", "script": "throw new Error('no such budget');"},
                   {"id": "slow", "type": "wait", "duration": "P1D"},
                   {"id": "done", "type": "end"}]}
        """;

    private readonly HtmWorld _world = new(fixture.Server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _world.SetUpAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static string Check(string name, string workflow) => """
        {"name": "NAME", "kind": "invocation",
         "input": {"element": "checkRequest", "fields": [{"name": "amount", "type": "decimal", "required": true}]},
         "output": {"element": "checkResponse", "fields": [{"name": "verdict", "type": "string"}]},
         "faults": {"tooHigh": {"element": "tooHigh", "fields": [{"name": "limit", "type": "decimal"}]}},
         "roles": {"potentialStarters": "everybody", "potentialInstanceCreators": "everybody"},
         "invocation": {"workflow": "WORKFLOW", "inputs": {"amount": "amount"}, "outputs": {"verdict": "verdict"}}}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("WORKFLOW", workflow, StringComparison.Ordinal);

    internal static async Task SaveWorkflowAsync(ServerInstance server, string id, string json)
    {
        using var admin = server.Admin();
        using var response = await admin.PutAsync($"api/v1/workflows/{id}", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task SyncCreate_OfTheSampleSayHello_AnswersTheGreeting_AsXmlOrJson()
    {
        using var olga = _world.As("olga");
        var templates = await olga.GetAsync($"{Root}taskTemplates?name=SayHello", Ct).JsonAsync();
        var tktid = templates!.ToJsonString().Split("\"tktid\":\"")[1].Split('"')[0];
        const string Ada = "<helloRequest><person>Ada</person></helloRequest>";

        var xml = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=sync", HtmWorld.Xml(Ada), Ct).JsonAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Root}task?taskTemplateID={tktid}&mode=sync") { Content = HtmWorld.Json("""{"person": "Grace"}""") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var json = await olga.SendAsync(request, Ct).JsonAsync();

        var greeting = XElement.Parse(xml!.GetValue<string>());
        Assert.Equal("helloResponse", greeting.Name.LocalName);
        Assert.Equal("Hello, Ada", greeting.Elements().Single(e => e.Name.LocalName == "greeting").Value);
        Assert.Equal("Hello, Grace", json!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task SyncCreate_WithAModelledFault_Answers200TaskFault_AndWithoutOne500Cwtka0040e()
    {
        await SaveWorkflowAsync(fixture.Server, "htm-check", CheckWorkflow);
        var tktid = await _world.TemplateAsync(Check("SyncCheck", "htm-check"));
        using var olga = _world.As("olga");

        var output = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=sync", HtmWorld.Json("""{"amount": 12}"""), Ct).JsonAsync();
        var fault = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=sync", HtmWorld.Xml("<checkRequest><amount>200</amount></checkRequest>"), Ct).JsonAsync();
        using var jsonRequest = new HttpRequestMessage(HttpMethod.Post, $"{Root}task?taskTemplateID={tktid}&mode=sync") { Content = HtmWorld.Json("""{"amount": 300}""") };
        jsonRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var jsonFault = await olga.SendAsync(jsonRequest, Ct).JsonAsync();
        var broken = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=sync", HtmWorld.Json("""{"amount": 5000}"""), Ct).JsonAsync(HttpStatusCode.InternalServerError);
        var toDo = await olga.PostAsync($"{Root}task?taskTemplateID={await _world.TemplateAsync(HtmWorld.Approval("NotCallable"))}&mode=sync",
            HtmWorld.Xml(HtmWorld.ApprovalInput), Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("<verdict>fine: 12</verdict>", output!.GetValue<string>(), StringComparison.Ordinal);
        XNamespace ns = "http://www.ibm.com/xmlns/prod/websphere/bpm/rest/htm/v1/taskFault";
        var wrapper = XElement.Parse(fault!.GetValue<string>());
        Assert.Equal(ns + "taskFault", wrapper.Name);
        Assert.Equal("tooHigh", wrapper.Element(ns + "faultName")!.Value);
        var data = wrapper.Element(ns + "faultData")!.Elements().Single();
        Assert.Equal(XName.Get("tooHigh"), data.Name); // the fault keeps its own (empty) namespace inside the wrapper
        Assert.Equal("100", data.Element("limit")!.Value);
        Assert.Equal("tooHigh", jsonFault!["faultName"]!.GetValue<string>());
        Assert.Equal(100, jsonFault["faultData"]!["limit"]!.GetValue<decimal>());
        Assert.Equal("CWTKA0040E", broken!["errorNumber"]!.GetValue<string>());
        Assert.Contains("no such budget", broken["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("CWTKA0123E", toDo!["errorNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task SyncStart_OfAnInactiveInvocationTask_AnswersItsOutput_AndRefusesOtherKindsAndSubtasks()
    {
        await SaveWorkflowAsync(fixture.Server, "htm-check", CheckWorkflow);
        var tktid = await _world.TemplateAsync(Check("StartCheck", "htm-check"));
        using var olga = _world.As("olga");
        var inactive = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode=createOnly", HtmWorld.Json("""{"amount": 1}"""), Ct).JsonAsync(HttpStatusCode.Created);
        var tkiid = inactive!["tkiid"]!.GetValue<string>();
        var toDo = await _world.TaskAsync(await _world.TemplateAsync(HtmWorld.Approval("StartNotCallable")), mode: "createOnly");

        var asSubTask = await olga.PutAsync($"{Root}task/{tkiid}?action=start&mode=sync&relation=subTask&parentTaskID={toDo}", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var output = await olga.PutAsync($"{Root}task/{tkiid}?action=start&mode=sync", HtmWorld.Json("""{"amount": 7}"""), Ct).JsonAsync();
        var notCallable = await olga.PutAsync($"{Root}task/{toDo}?action=start&mode=sync", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var unknownMode = await olga.PutAsync($"{Root}task/{toDo}?action=start&mode=later", null, Ct).JsonAsync(HttpStatusCode.BadRequest);
        var task = await olga.GetAsync($"{Root}task/{tkiid}", Ct).JsonAsync();
        var stillInactive = await olga.GetAsync($"{Root}task/{toDo}", Ct).JsonAsync();

        Assert.Equal("CWTKA0123E", asSubTask!["errorNumber"]!.GetValue<string>());
        Assert.Contains("<verdict>fine: 7</verdict>", output!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("STATE_FINISHED", task!["state"]!.GetValue<string>());
        Assert.Equal("CWTKA0123E", notCallable!["errorNumber"]!.GetValue<string>());
        Assert.Equal("CWTKA0158E", unknownMode!["errorNumber"]!.GetValue<string>());
        Assert.Equal("STATE_INACTIVE", stillInactive!["state"]!.GetValue<string>());
    }
}

/// <summary>A server that waits one second for a <c>mode=sync</c> answer.</summary>
public sealed class ImpatientSyncServerFixture : SqliteServerFixture
{
    protected override string[] ExtraArgs => ["--Taskforge:HumanTasks:SyncTimeout=00:00:01"];
}

/// <summary>A sync call whose workflow does not answer in time: 500 CWTKA0040E, and the task goes on RUNNING.</summary>
public sealed class HtmSyncTimeoutTests(ImpatientSyncServerFixture fixture) : IClassFixture<ImpatientSyncServerFixture>
{
    [Fact]
    public async Task SyncCreate_ThatOutlastsTheTimeout_Is500Cwtka0040e_AndTheTaskKeepsRunning()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = new HtmWorld(fixture.Server);
        await world.SetUpAsync();
        await HtmInvocationTests.SaveWorkflowAsync(fixture.Server, "htm-check", HtmInvocationTests.CheckWorkflow);
        var tktid = await world.TemplateAsync(HtmInvocationTests.Check("SlowCheck", "htm-check"));
        using var olga = world.As("olga");

        var timedOut = await olga.PostAsync($"{HtmWorld.Root}task?taskTemplateID={tktid}&mode=sync", HtmWorld.Json("""{"amount": -1}"""), ct).JsonAsync(HttpStatusCode.InternalServerError);
        var tkiid = timedOut!["errorMessageParameters"]![0]!.GetValue<string>();
        var task = await olga.GetAsync($"{HtmWorld.Root}task/{tkiid}", ct).JsonAsync();

        Assert.Equal("CWTKA0040E", timedOut["errorNumber"]!.GetValue<string>());
        Assert.Equal("STATE_RUNNING", task!["state"]!.GetValue<string>());
    }
}
