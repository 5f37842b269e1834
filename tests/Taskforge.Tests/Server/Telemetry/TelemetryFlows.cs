using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server.Telemetry;

/// <summary>
/// The real work the metrics and trace tests watch, done over HTTP as clients would: a schedule fires a run whose script
/// step is followed by a human task; two people race to claim it, the winner completes it, and the run ends; a second
/// workflow is started by a request and fails.
/// </summary>
public sealed class TelemetryFlows(ServerInstance server)
{
    public const string Template = "Approve";
    public const string Namespace = "http://example/telemetry";
    public const string TemplateRef = "{" + Namespace + "}" + Template;
    public const string ApprovalFlow = "approval-flow";
    public const string FailingFlow = "failing-flow";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task SetUpAsync()
    {
        using var admin = server.Admin();
        foreach (var user in new[] { "mia", "max" })
        {
            await admin.PostAsJsonAsync("api/v1/users", new { name = user, password = Password(user) }, Ct).JsonAsync(HttpStatusCode.Created);
        }

        await admin.PostAsJsonAsync("api/v1/groups", new { name = "approvers", members = new[] { "mia", "max" } }, Ct).JsonAsync(HttpStatusCode.Created);
        await admin.PostAsync("api/v1/task-templates", Json($$"""
            {"name": "{{Template}}", "namespace": "{{Namespace}}", "kind": "to-do",
             "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
             "roles": {"potentialOwners": {"groups": ["approvers"]} } }
            """), Ct).JsonAsync(HttpStatusCode.Created);
        await admin.PutWorkflowAsync(ApprovalFlow, $$"""
            {"name":"Approval flow","steps":[{"id":"prepare","type":"script","script":"System.log('preparing');"},
                                             {"id":"ask","type":"task","template":"{{TemplateRef}}"},
                                             {"id":"done","type":"end"}]}
            """);
        await admin.PutWorkflowAsync(FailingFlow, """{"name":"Failing flow","steps":[{"id":"boom","type":"fail","message":"Nothing to do."}]}""");
    }

    /// <summary>A one-time schedule of the approval flow two seconds from now; returns the run its fire started.</summary>
    public async Task<string> FireAsync()
    {
        using var admin = server.Admin();
        var created = await admin.PostAsJsonAsync("api/v1/schedules", new { workflow = ApprovalFlow, start = DateTimeOffset.UtcNow.AddSeconds(2) }, Ct)
            .JsonAsync(HttpStatusCode.Created);
        var id = created!["id"]!.GetValue<string>();
        var fire = await PollAsync(async () =>
            (await admin.GetAsync($"api/v1/schedules/{id}/fires", Ct).JsonAsync())!["items"]!.AsArray() is [{ } first, ..] ? first : null, $"schedule {id} to fire");
        Assert.Equal("started", fire["outcome"]!.GetValue<string>());
        return fire["runId"]!.GetValue<string>();
    }

    /// <summary>The human task the run's task step created, once it exists.</summary>
    public async Task<string> TaskOfAsync(string runId)
    {
        using var admin = server.Admin();
        var task = await PollAsync(async () =>
            (await admin.GetAsync($"api/v1/runs/{runId}", Ct).JsonAsync())!["tasks"]!.AsArray() is [{ } first, ..] ? first : null, $"run {runId}'s task");
        return task["id"]!.GetValue<string>();
    }

    /// <summary>mia and max claim at once: one wins (and completes the task), the other gets a conflict.</summary>
    public async Task ClaimRaceAndCompleteAsync(string taskId)
    {
        using var mia = server.As("mia", Password("mia"));
        using var max = server.As("max", Password("max"));
        var claims = await Task.WhenAll(
            mia.PutAsync($"{HtmWorld.Root}task/{taskId}?action=claim", null, Ct),
            max.PutAsync($"{HtmWorld.Root}task/{taskId}?action=claim", null, Ct));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Conflict], claims.Select(c => c.StatusCode).Order());
        var winner = claims[0].StatusCode == HttpStatusCode.NoContent ? mia : max;
        foreach (var claim in claims)
        {
            claim.Dispose();
        }

        await winner.PutAsync($"{HtmWorld.Root}task/{taskId}?action=complete", Json("""{"approved": true}"""), Ct).JsonAsync();
    }

    /// <summary>The run's final state once it has one.</summary>
    public async Task<string> EndOfAsync(string runId)
    {
        using var admin = server.Admin();
        var run = await PollAsync(async () => (await admin.GetAsync($"api/v1/runs/{runId}", Ct).JsonAsync()) is { } r
            && r["state"]!.GetValue<string>() is "completed" or "failed" or "canceled" ? r : null, $"run {runId} to end");
        return run["state"]!.GetValue<string>();
    }

    /// <summary>Starts the failing flow by a request (vRO's executions) and waits for it to fail.</summary>
    public async Task<string> StartFailingAsync()
    {
        using var admin = server.Admin();
        using var response = await admin.PostAsync($"vco/api/workflows/{FailingFlow}/executions", Json("""{"parameters":[]}"""), Ct);
        await HttpAssert.StatusAsync(response, HttpStatusCode.Accepted);
        var runId = response.Headers.Location!.ToString().TrimEnd('/').Split('/')[^1];
        Assert.Equal("failed", await EndOfAsync(runId));
        return runId;
    }

    /// <summary>All of it: the fired approval (claim race, completion) and the failing request.</summary>
    public async Task<(string FiredRun, string TaskId, string FailedRun)> RunAllAsync()
    {
        await SetUpAsync();
        var fired = await FireAsync();
        var task = await TaskOfAsync(fired);
        await ClaimRaceAndCompleteAsync(task);
        Assert.Equal("completed", await EndOfAsync(fired));
        return (fired, task, await StartFailingAsync());
    }

    public static string Password(string user) => user + "-password-1";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> PollAsync(Func<Task<JsonNode?>> probe, string what)
    {
        for (var i = 0; i < 400; i++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"Waited too long for {what}.");
    }
}
