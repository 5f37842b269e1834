using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Tests.Server;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>
/// The console's people (see <see cref="ConsoleWorldFixture"/>) with workflows to find, read, compare and run:
/// <c>provision</c> takes an input of every kind and has two revisions (olga runs it, rita only views it, mia administers
/// it, eve has no rule), <c>maintenance</c> branches three ways and loops, and <c>hostile</c> has names that try to be markup.
/// </summary>
public sealed class WorkflowWorldFixture : IAsyncLifetime
{
    public const string ProvisionV1 = """
        {"name": "Provision a server", "category": "Operations", "version": "2.1.0",
         "description": "Creates a virtual machine, tags it and registers it with the backup service.",
         "input-parameters": [
           {"name": "hostname", "type": "string", "required": true, "description": "The machine's name in DNS"},
           {"name": "cpus", "type": "number", "default": 2},
           {"name": "backup", "type": "boolean", "default": true, "description": "Register with the nightly backup"},
           {"name": "startAt", "type": "Date", "description": "When the machine should be ready"},
           {"name": "tags", "type": "Array/string", "default": ["web"]},
           {"name": "labels", "type": "Properties"},
           {"name": "rootPassword", "type": "SecureString", "required": true},
           {"name": "extra", "type": "Any", "description": "Anything for the provider, as JSON"}],
         "output-parameters": [{"name": "summary", "type": "string", "description": "What was built"}],
         "permissions": {"olga": "rxi", "rita": "r", "mia": "a"},
         "steps": [
           {"id": "check", "type": "decision", "name": "Small enough?", "branches": [{"condition": "cpus > 64", "next": "refuse"}], "default": "build"},
           {"id": "build", "type": "script", "name": "Build the machine", "script": "summary = hostname + ' with ' + cpus + ' CPUs'; System.log(summary);", "next": "register"},
           {"id": "refuse", "type": "fail", "name": "Too big", "message": "At most 64 CPUs."},
           {"id": "register", "type": "workflow", "name": "Register for backups", "workflow": "hello", "inputs": {"name": "hostname"}},
           {"id": "done", "type": "end", "name": "Done"}]}
        """;

    /// <summary>The second revision: a newer version, a wider limit and a notice step.</summary>
    public static readonly string ProvisionV2 = ProvisionV1
        .Replace("\"2.1.0\"", "\"2.2.0\"", StringComparison.Ordinal)
        .Replace("cpus > 64", "cpus > 128", StringComparison.Ordinal)
        .Replace("At most 64 CPUs.", "At most 128 CPUs.", StringComparison.Ordinal);

    public const string Hostile = """
        {"name": "<script>window.hacked=1</script>\"><img src=x onerror=\"window.hacked=2\">", "category": "Hostile",
         "description": "<b>not bold</b>",
         "input-parameters": [{"name": "x", "type": "string", "description": "\"><img src=x onerror=\"window.hacked=3\">"}],
         "permissions": {"everybody": "rx"},
         "steps": [{"id": "s", "type": "decision", "name": "</text><script>window.hacked=4</script>",
                    "branches": [{"condition": "x == '<img src=x onerror=window.hacked=5>'", "next": "e"}], "default": "e"},
                   {"id": "e", "type": "end"}]}
        """;

    public const string Maintenance = """
        {"name": "Nightly maintenance", "category": "Operations", "description": "Drains a node, patches it and asks a person when it will not come back.",
         "input-parameters": [{"name": "node", "type": "string", "required": true}],
         "attributes": [{"name": "tries", "type": "number", "value": 0}, {"name": "health", "type": "string"}],
         "permissions": {"olga": "rx"},
         "steps": [
           {"id": "drain", "type": "http", "name": "Drain the node", "method": "POST", "url": "https://lb.example.test/drain", "result": "health"},
           {"id": "settle", "type": "wait", "name": "Let connections finish", "duration": "PT5M"},
           {"id": "patch", "type": "workflow", "name": "Patch", "workflow": "hello"},
           {"id": "check", "type": "decision", "name": "Healthy again?",
            "branches": [{"condition": "health == 'ok'", "next": "done"}, {"condition": "tries < 3", "next": "retry"}, {"condition": "health == 'gone'", "next": "lost"}],
            "default": "ask"},
           {"id": "retry", "type": "script", "name": "Try again", "script": "tries = tries + 1;", "next": "settle"},
           {"id": "ask", "type": "task", "name": "Ask the on-call engineer", "template": "ReviewChange", "next": "done"},
           {"id": "lost", "type": "fail", "name": "Node lost", "message": "The node did not come back."},
           {"id": "done", "type": "end", "name": "Back in service"}]}
        """;

    public ConsoleWorldFixture World { get; } = new();

    public ServerInstance Server => World.Server;

    public async ValueTask InitializeAsync()
    {
        await World.InitializeAsync();
        await SaveAsync("provision", ProvisionV1);
        await SaveAsync("provision", ProvisionV2);
        await SaveAsync("hostile", Hostile);
        await SaveAsync("maintenance", Maintenance);
    }

    public async Task SaveAsync(string id, string json)
    {
        using var admin = Server.Admin();
        using var response = await admin.PutAsync($"api/v1/workflows/{id}", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The inputs a run was started with, as the engine stored them (typed).</summary>
    public async Task<JsonObject> RunInputsAsync(string workflowId, string runId)
    {
        var run = await Server.App.Services.GetRequiredService<RunService>().GetAsync(Caller.System, workflowId, runId, TestContext.Current.CancellationToken);
        return JsonNode.Parse(run.Inputs)!.AsObject();
    }

    /// <summary>A console client signed in as one of the world's people.</summary>
    public Task<HttpClient> SignInAsync(string user) =>
        ConsoleHttp.SignInAsync(Server.BaseAddress, user, user == ServerInstance.AdminName ? ServerInstance.AdminPassword : HtmWorld.Password(user));

    public async ValueTask DisposeAsync() => await World.DisposeAsync();
}
