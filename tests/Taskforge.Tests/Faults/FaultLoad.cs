using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Taskforge.Tests.Faults;

/// <summary>
/// The steady load of the fault harnesses (<see cref="SqliteKillLoop"/>, <see cref="ChaosSoak"/>), and its ledger: what
/// each client was told was done (a 2xx), which must survive any fault. Runs go through the vRO face, human-task flows
/// (create, claim, complete) through the IBM face. A call whose answer never came (the node died, the connection broke)
/// proves nothing either way and is only counted.
/// </summary>
public sealed class FaultLoad(Func<Uri> node, TimeSpan? requestTimeout = null) : IDisposable
{
    public const string AdminName = "admin";
    public const string AdminPassword = "admin-password-1";
    public const string Workflow = "fault-steps";
    public const string Creator = "olga";
    public const string Owner = "mia";
    public const string Escalation = "nudge";

    /// <summary>The template of the load's tasks: subtasks allowed, and an escalation that fires after a second unclaimed.</summary>
    public const string Template = """
        {"name": "fault-approval", "kind": "to-do", "priority": 4, "supportsSubTasks": true,
         "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}]},
         "roles": {"potentialOwners": {"groups": ["managers"]}, "potentialInstanceCreators": {"users": ["olga"]},
                   "potentialStarters": {"users": ["olga"]}},
         "escalationChains": [{"escalations": [{"name": "nudge", "activationState": "ready", "durationUntilEscalated": "PT1S",
                                                "expectedState": "claimed", "action": "event"}]}]}
        """;

    /// <summary>Two script steps around a wait: each script logs one line, so a step run twice shows as a second line.</summary>
    public const string Steps = """
        {"name": "Fault steps", "steps": [
          {"id": "a", "type": "script", "script": "System.log('a');"},
          {"id": "pause", "type": "wait", "duration": "PT1S"},
          {"id": "b", "type": "script", "script": "System.log('b');"}]}
        """;

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
    {
        Timeout = requestTimeout ?? TimeSpan.FromSeconds(15),
    };

    private string? _template;
    private long _attempts;
    private long _unanswered;
    private long _refused;

    /// <summary>Runs the vRO face acknowledged starting (202).</summary>
    public ConcurrentDictionary<string, bool> Runs { get; } = new(StringComparer.Ordinal);

    /// <summary>Tasks by the furthest step the IBM face acknowledged: 1 created, 2 claimed, 3 completed.</summary>
    public ConcurrentDictionary<string, int> Tasks { get; } = new(StringComparer.Ordinal);

    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>The first few refusals (status, call, body), to tell a fault's 503 from a mistake in the load.</summary>
    public ConcurrentQueue<string> FirstRefusals { get; } = new();

    /// <summary>Calls that got no answer (a node was down or died mid-call).</summary>
    public long Unanswered => Interlocked.Read(ref _unanswered);

    /// <summary>Calls answered with an error status (a 503 while the database restarts, a 5xx from a dying node).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Users, the managers group, the template and the workflow; retried until a node takes them.</summary>
    public async Task SetUpAsync(CancellationToken ct)
    {
        foreach (var user in new[] { Creator, Owner })
        {
            await UntilAnsweredAsync(() => Send(HttpMethod.Post, "api/v1/users", AdminName, Json($$"""{"name": "{{user}}", "password": "{{user}}-password-1"}"""), ct), ct);
        }

        await UntilAnsweredAsync(() => Send(HttpMethod.Post, "api/v1/groups", AdminName, Json($$"""{"name": "managers", "members": ["{{Owner}}"]}"""), ct), ct);
        await UntilAnsweredAsync(() => Send(HttpMethod.Put, $"api/v1/workflows/{Workflow}", AdminName, Json(Steps), ct), ct);
        var created = await UntilAnsweredAsync(() => Send(HttpMethod.Post, "api/v1/task-templates", AdminName, Json(Template), ct), ct);
        _template = created?["id"]?.GetValue<string>() ?? throw new InvalidOperationException("no template id");
    }

    /// <summary>One client: alternates run starts and task flows until stopped.</summary>
    public async Task ClientAsync(int client, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                if ((i + client) % 2 == 0)
                {
                    await StartRunAsync(stop);
                }
                else
                {
                    await TaskFlowAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>The load's task template (made by <see cref="SetUpAsync"/>).</summary>
    public string TemplateId => _template ?? throw new InvalidOperationException("SetUpAsync first");

    public async Task<string?> StartRunAsync(CancellationToken ct)
    {
        var started = await CallAsync(HttpMethod.Post, $"vco/api/workflows/{Workflow}/executions", AdminName, Json("{}"), HttpStatusCode.Accepted, ct);
        if (started?["id"]?.GetValue<string>() is { } id)
        {
            Runs[id] = true;
            return id;
        }

        return null;
    }

    private async Task TaskFlowAsync(CancellationToken ct)
    {
        var created = await CallAsync(HttpMethod.Post, $"rest/bpm/htm/v1/task?taskTemplateID={_template}&mode=async", Creator, null, HttpStatusCode.Created, ct);
        if (created?["tkiid"]?.GetValue<string>() is not { } task)
        {
            return;
        }

        Tasks[task] = 1;
        if (await CallAsync(HttpMethod.Put, $"rest/bpm/htm/v1/task/{task}?action=claim", Owner, null, HttpStatusCode.OK, ct) is null)
        {
            return;
        }

        Tasks[task] = 2;
        if (await CallAsync(HttpMethod.Put, $"rest/bpm/htm/v1/task/{task}?action=complete", Owner, Json("""{"approved": true}"""), HttpStatusCode.OK, ct) is not null)
        {
            Tasks[task] = 3;
        }
    }

    /// <summary>A call; its body when answered with <paramref name="expected"/>, null (counted) otherwise.</summary>
    public async Task<JsonNode?> CallAsync(HttpMethod method, string path, string user, HttpContent? body, HttpStatusCode expected, CancellationToken ct)
    {
        Interlocked.Increment(ref _attempts);
        try
        {
            using var response = await _http.SendAsync(Send(method, path, user, body, ct), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            // The expected status, or another success (a claim of a task without input answers 204).
            if (response.StatusCode != expected && !response.IsSuccessStatusCode)
            {
                if (Interlocked.Increment(ref _refused) <= 10)
                {
                    FirstRefusals.Enqueue($"{(int)response.StatusCode} {method} {path}: {text[..Math.Min(text.Length, 300)]}");
                }

                await Task.Delay(50, ct);
                return null;
            }

            return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _unanswered);
            await Task.Delay(100, ct);
            return null;
        }
    }

    private HttpRequestMessage Send(HttpMethod method, string path, string user, HttpContent? body, CancellationToken ct)
    {
        _ = ct;
        var request = new HttpRequestMessage(method, new Uri(node(), path)) { Content = body };
        var password = user == AdminName ? AdminPassword : user + "-password-1";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    // Set-up calls: a 2xx or a 409 (made by an attempt whose answer was lost) both mean done.
    private async Task<JsonNode?> UntilAnsweredAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await _http.SendAsync(request(), ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict)
                {
                    return text.Length == 0 ? null : JsonNode.Parse(text);
                }

                if (attempt > 100)
                {
                    throw new InvalidOperationException($"set-up call answered {(int)response.StatusCode}: {text}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested && attempt < 100)
            {
                // A node is down; another attempt goes to the node current then.
            }

            await Task.Delay(200, ct);
        }
    }

    public void Dispose() => _http.Dispose();

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
