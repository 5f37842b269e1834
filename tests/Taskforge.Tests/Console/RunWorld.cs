using Taskforge.Tests.Server;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>
/// The workflow world (<see cref="WorkflowWorldFixture"/>) with workflows whose runs the run pages show: <c>deploy</c>
/// logs each stage and pauses two seconds between them (its log grows while the page is open), <c>window</c> logs once
/// and waits an hour (a run to cancel), <c>noisy</c> logs markup and fails, <c>approval</c> asks a person through a
/// task step, and <c>fleet</c> starts a <c>deploy</c> as its child. olga runs them all; rita only views; eve has no rule.
/// </summary>
public sealed class RunWorldFixture : IAsyncLifetime
{
    public const string Deploy = """
        {"name": "Deploy a release", "category": "Operations", "description": "Logs each stage and pauses between them.",
         "input-parameters": [
           {"name": "service", "type": "string", "required": true},
           {"name": "replicas", "type": "number", "default": 1},
           {"name": "canary", "type": "boolean", "default": false},
           {"name": "apiKey", "type": "SecureString"}],
         "output-parameters": [{"name": "summary", "type": "string"}],
         "permissions": {"olga": "rx", "rita": "r"},
         "steps": [
           {"id": "prepare", "type": "script", "name": "Prepare", "script": "System.log('Preparing ' + service + ' on ' + replicas + ' replicas');"},
           {"id": "settle", "type": "wait", "name": "Let the canary settle", "duration": "PT2S"},
           {"id": "roll", "type": "script", "name": "Roll out", "script": "System.warn('Rolling out ' + service); summary = service + ' rolled out';"},
           {"id": "watch", "type": "wait", "name": "Watch the rollout", "duration": "PT2S"},
           {"id": "finish", "type": "script", "name": "Finish", "script": "System.log('Done: ' + summary);"}]}
        """;

    public const string Window = """
        {"name": "Wait for the window", "category": "Operations",
         "permissions": {"olga": "rx", "rita": "r"},
         "steps": [
           {"id": "note", "type": "script", "name": "Note the request", "script": "System.log('Waiting for the maintenance window');"},
           {"id": "wait", "type": "wait", "name": "Wait an hour", "duration": "PT1H"},
           {"id": "work", "type": "script", "name": "Do the work", "script": "System.log('In the window');"}]}
        """;

    public const string Noisy = """
        {"name": "Noisy <b>markup</b>", "category": "Hostile",
         "permissions": {"olga": "rx"},
         "steps": [
           {"id": "talk", "type": "script", "name": "Talk", "script": "System.log('<script>window.hacked=1</script>'); System.error('\"><img src=x onerror=\"window.hacked=2\">');"},
           {"id": "stop", "type": "fail", "name": "Stop", "message": "Stopped <i>on purpose</i>."}]}
        """;

    public const string Approval = """
        {"name": "Approve a change", "category": "Operations",
         "permissions": {"olga": "rx"},
         "steps": [
           {"id": "ask", "type": "task", "name": "Ask a manager", "template": "ReviewChange", "inputs": {"title": "'Move the database'"}},
           {"id": "done", "type": "end"}]}
        """;

    public const string Fleet = """
        {"name": "Roll out everywhere", "category": "Operations",
         "permissions": {"olga": "rx"},
         "steps": [
           {"id": "billing", "type": "workflow", "name": "Deploy billing", "workflow": "deploy", "inputs": {"service": "'billing'"}},
           {"id": "done", "type": "end"}]}
        """;

    public WorkflowWorldFixture Workflows { get; } = new();

    public ConsoleWorldFixture World => Workflows.World;

    public ServerInstance Server => Workflows.Server;

    public async ValueTask InitializeAsync()
    {
        await Workflows.InitializeAsync();
        await Workflows.SaveAsync("deploy", Deploy);
        await Workflows.SaveAsync("window", Window);
        await Workflows.SaveAsync("noisy", Noisy);
        await Workflows.SaveAsync("approval", Approval);
        await Workflows.SaveAsync("fleet", Fleet);
    }

    /// <summary>Starts a run of a workflow without inputs as <paramref name="user"/> (through the vRO face) and returns its id.</summary>
    public async Task<string> StartAsync(string user, string workflow)
    {
        using var client = World.World.As(user);
        return await RunsApiTests.StartAsync(client, workflow);
    }

    /// <summary>Waits until the run is in one of <paramref name="states"/> (vRO's wire names).</summary>
    public async Task WaitForAsync(string workflow, string runId, params string[] states)
    {
        using var admin = Server.Admin();
        await RunsApiTests.WaitForAsync(admin, workflow, runId, states);
    }

    public Task<HttpClient> SignInAsync(string user) => Workflows.SignInAsync(user);

    public async ValueTask DisposeAsync() => await Workflows.DisposeAsync();
}
