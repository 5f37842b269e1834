using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Taskforge.Server.Http;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// Who may do what on the native API and the console (issue 16, part 5), generated from the route table like
/// <see cref="RouteTableTests"/>: every route of those faces must have a decision here, or this test fails and says the
/// line to add. Each route is called over a real socket as four callers, in an order that keeps destructive calls for
/// last: a plain user without rights, a plain user with rights on the objects involved, a monitor, an administrator.
/// A status per caller is the decision: 403 refused, 404 hidden (the caller may not know it exists), anything else let
/// through to the handler (400 is a body the handler refused, after authorization).
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    // Callers, in the order they call each route. "{role}" in a path is replaced by the caller's name, so a destructive
    // call by one caller has its own victim and cannot hide what the next caller would get.
    private static readonly string[] Roles = ["bob", "alice", "mon", "admin"];

    private static readonly Dictionary<string, Decision> Decisions = new(StringComparer.Ordinal)
    {
        // The native API.
        ["GET /api/v1/system/version"] = new("/api/v1/system/version", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /metrics"] = new("/metrics", Admin: 200, Monitor: 200, WithRights: 403, WithoutRights: 403),
        ["GET /api/v1/overview"] = new("/api/v1/overview", Admin: 200, Monitor: 200, WithRights: 403, WithoutRights: 403),
        ["GET /api/v1/users/"] = new("/api/v1/users/", Admin: 200, Monitor: 200, WithRights: 403, WithoutRights: 403),
        ["POST /api/v1/users/"] = new("/api/v1/users/", Admin: 400, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["GET /api/v1/users/{name}"] = new("/api/v1/users/carol", Admin: 200, Monitor: 200, WithRights: 404, WithoutRights: 404),
        ["PATCH /api/v1/users/{name}"] = new("/api/v1/users/carol", Admin: 200, Monitor: 403, WithRights: 404, WithoutRights: 404),
        ["DELETE /api/v1/users/{name}"] = new("/api/v1/users/doomed-{role}", Admin: 204, Monitor: 403, WithRights: 403, WithoutRights: 403),
        // A monitor reads everything, tokens as listed included: names and dates, never a secret.
        ["GET /api/v1/users/{name}/tokens"] = new("/api/v1/users/carol/tokens", Admin: 200, Monitor: 200, WithRights: 404, WithoutRights: 404),
        ["POST /api/v1/users/{name}/tokens"] = new("/api/v1/users/carol/tokens", Admin: 201, Monitor: 403, WithRights: 404, WithoutRights: 404, Body: """{"name":"matrix"}"""),
        ["DELETE /api/v1/users/{name}/tokens/{tokenId}"] = new("/api/v1/users/carol/tokens/{carol-token}", Admin: 204, Monitor: 403, WithRights: 404, WithoutRights: 404),
        ["GET /api/v1/me/"] = new("/api/v1/me/", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["PATCH /api/v1/me/"] = new("/api/v1/me/", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /api/v1/me/tokens"] = new("/api/v1/me/tokens", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["POST /api/v1/me/tokens"] = new("/api/v1/me/tokens", Admin: 201, Monitor: 201, WithRights: 201, WithoutRights: 201, Body: """{"name":"matrix"}"""),
        ["DELETE /api/v1/me/tokens/{tokenId}"] = new("/api/v1/me/tokens/{carol-token}", Admin: 404, Monitor: 404, WithRights: 404, WithoutRights: 404),
        ["GET /api/v1/groups/"] = new("/api/v1/groups/", Admin: 200, Monitor: 200, WithRights: 403, WithoutRights: 403),
        ["POST /api/v1/groups/"] = new("/api/v1/groups/", Admin: 400, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["GET /api/v1/groups/{name}"] = new("/api/v1/groups/team", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 404),
        ["PATCH /api/v1/groups/{name}"] = new("/api/v1/groups/team", Admin: 200, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["DELETE /api/v1/groups/{name}"] = new("/api/v1/groups/doomed-{role}", Admin: 204, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["PUT /api/v1/groups/{name}/members"] = new("/api/v1/groups/team/members", Admin: 200, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["PUT /api/v1/groups/{name}/members/{user}"] = new("/api/v1/groups/team/members/carol", Admin: 201, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["DELETE /api/v1/groups/{name}/members/{user}"] = new("/api/v1/groups/team/members/carol", Admin: 404, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["GET /api/v1/workflows/"] = new("/api/v1/workflows/", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /api/v1/workflows/{id}"] = new("/api/v1/workflows/guarded", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 404),
        ["PUT /api/v1/workflows/{id}"] = new("/api/v1/workflows/guarded", Admin: 400, Monitor: 403, WithRights: 400, WithoutRights: 404),
        ["DELETE /api/v1/workflows/{id}"] = new("/api/v1/workflows/doomed-{role}", Admin: 204, Monitor: 403, WithRights: 204, WithoutRights: 404),
        ["GET /api/v1/runs/"] = new("/api/v1/runs/", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /api/v1/runs/{id}"] = new("/api/v1/runs/{run}", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 404),
        ["GET /api/v1/runs/{id}/logs"] = new("/api/v1/runs/{run}/logs", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 404),
        ["POST /api/v1/runs/{id}/cancel"] = new("/api/v1/runs/{run}/cancel", Admin: 202, Monitor: 403, WithRights: 202, WithoutRights: 404),
        ["GET /api/v1/schedules/"] = new("/api/v1/schedules/", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["POST /api/v1/schedules/"] = new("/api/v1/schedules/", Admin: 400, Monitor: 400, WithRights: 400, WithoutRights: 400),
        ["GET /api/v1/schedules/{id}"] = new("/api/v1/schedules/{schedule}", Admin: 200, Monitor: 200, WithRights: 404, WithoutRights: 404),
        ["PATCH /api/v1/schedules/{id}"] = new("/api/v1/schedules/{schedule}", Admin: 200, Monitor: 403, WithRights: 404, WithoutRights: 404),
        ["DELETE /api/v1/schedules/{id}"] = new("/api/v1/schedules/{schedule-{role}}", Admin: 204, Monitor: 403, WithRights: 404, WithoutRights: 404),
        ["GET /api/v1/schedules/{id}/fires"] = new("/api/v1/schedules/{schedule}/fires", Admin: 200, Monitor: 200, WithRights: 404, WithoutRights: 404),
        ["GET /api/v1/schedules/{id}/preview"] = new("/api/v1/schedules/{schedule}/preview", Admin: 200, Monitor: 200, WithRights: 404, WithoutRights: 404),
        ["POST /api/v1/schedules/preview"] = new("/api/v1/schedules/preview", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /api/v1/task-templates/"] = new("/api/v1/task-templates/", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["POST /api/v1/task-templates/"] = new("/api/v1/task-templates/", Admin: 400, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["GET /api/v1/task-templates/{id}"] = new("/api/v1/task-templates/x", Admin: 404, Monitor: 404, WithRights: 404, WithoutRights: 404),
        ["POST /api/v1/task-templates/{id}/start"] = new("/api/v1/task-templates/x/start", Admin: 404, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["POST /api/v1/task-templates/{id}/stop"] = new("/api/v1/task-templates/x/stop", Admin: 404, Monitor: 403, WithRights: 403, WithoutRights: 403),

        // The console (pages answer their GET; their form posts carry an antiforgery token and are the pages' own).
        ["GET /"] = new("/", Admin: 302, Monitor: 302, WithRights: 302, WithoutRights: 302),
        ["GET /inbox"] = new("/inbox", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /inbox/events"] = new("/inbox/events", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /me"] = new("/me", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /people"] = new("/people", Admin: 200, Monitor: 200, WithRights: 403, WithoutRights: 403),
        ["GET /people/{name?}"] = new("/people/carol", Admin: 200, Monitor: 200, WithRights: 404, WithoutRights: 404),
        ["GET /people/new"] = new("/people/new", Admin: 200, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["GET /groups/new"] = new("/groups/new", Admin: 200, Monitor: 403, WithRights: 403, WithoutRights: 403),
        ["GET /groups/{name?}"] = new("/groups/team", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 404),
        ["GET /tasks/{id}"] = new("/tasks/x", Admin: 404, Monitor: 404, WithRights: 404, WithoutRights: 404),
        // The stream opens for anyone signed in, but says only "gone" about a task the caller may not read.
        ["GET /tasks/{id}/events"] = new("/tasks/x/events", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /start/{templateId?}"] = new("/start", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /signout"] = new("/signout", Admin: 302, Monitor: 302, WithRights: 302, WithoutRights: 302),
        ["GET /workflows"] = new("/workflows", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /workflows/{id}"] = new("/workflows/guarded", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 404),
        ["GET /workflows/{id}/compare"] = new("/workflows/guarded/compare", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 404),
        ["GET /workflows/{id}/run"] = new("/workflows/guarded/run", Admin: 200, Monitor: 403, WithRights: 200, WithoutRights: 404),
        ["GET /runs"] = new("/runs", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /runs/{id}"] = new("/runs/{run}", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 404),
        ["GET /runs/{id}/log"] = new("/runs/{run}/log", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 404),
        ["GET /overview"] = new("/overview", Admin: 200, Monitor: 200, WithRights: 403, WithoutRights: 403),
        ["GET /schedules"] = new("/schedules", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /schedules/new"] = new("/schedules/new", Admin: 200, Monitor: 200, WithRights: 200, WithoutRights: 200),
        ["GET /schedules/preview"] = new("/schedules/preview", Admin: 400, Monitor: 400, WithRights: 400, WithoutRights: 400),
        ["GET /schedules/{id}"] = new("/schedules/{schedule}", Admin: 200, Monitor: 200, WithRights: 404, WithoutRights: 404),
        ["GET /schedules/{id}/edit"] = new("/schedules/{schedule}/edit", Admin: 200, Monitor: 403, WithRights: 404, WithoutRights: 404),
    };

    // Routes of these faces that everybody may call without credentials; RouteTableTests decides those.
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal)
    {
        "GET /signin", "GET /assets/{name}", "GET /health/live", "GET /health/ready", "GET /openapi/{documentName}.json",
    };

    private readonly SqliteFile _file = new();
    private readonly Dictionary<string, string> _placeholders = new(StringComparer.Ordinal);
    private ServerInstance _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerInstance.StartAsync(_file.Options, "--Taskforge:Samples:Load=false");
        using var admin = _server.Admin();
        await CreateUserAsync(admin, "mon", "monitor");
        foreach (var name in new[] { "alice", "bob", "carol", "doomed-bob", "doomed-alice", "doomed-mon", "doomed-admin" })
        {
            await CreateUserAsync(admin, name, null);
        }

        foreach (var name in new[] { "team", "doomed-bob", "doomed-alice", "doomed-mon", "doomed-admin" })
        {
            (await admin.PostAsJsonAsync("api/v1/groups", new { name, members = new[] { "alice" } }, Ct)).EnsureSuccessStatusCode();
        }

        const string Steps = "\"permissions\":{\"alice\":\"rxica\"},\"steps\":[{\"type\":\"script\",\"script\":\"System.log('hi');\"}]}";
        foreach (var id in new[] { "guarded", "doomed-bob", "doomed-alice", "doomed-mon", "doomed-admin" })
        {
            await admin.PutWorkflowAsync(id, $$"""{"name":"{{id}}",{{Steps}}""");
        }

        _placeholders["{schedule}"] = await CreateScheduleAsync(admin);
        foreach (var role in Roles)
        {
            _placeholders[$"{{schedule-{role}}}"] = await CreateScheduleAsync(admin);
        }

        var token = await admin.PostAsJsonAsync("api/v1/users/carol/tokens", new { name = "carols" }, Ct).JsonAsync(HttpStatusCode.Created);
        _placeholders["{carol-token}"] = token!["token"]!["id"]!.GetValue<string>();
        _placeholders["{run}"] = await RunAsync(admin);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task EveryRouteOfTheNativeApiAndTheConsole_HasADecision_AndKeepsIt()
    {
        var routes = Routes().Where(r => FaceRoots.Of(r.Pattern) is Face.Native or Face.Console && !Anonymous.Contains(r.Key)).ToList();
        var undecided = routes.Where(r => !Decisions.ContainsKey(r.Key)).ToList();
        Assert.True(undecided.Count == 0,
            "Routes without an authorization decision. Add to AuthorizationMatrixTests.Decisions, with a path to call and the status each caller"
            + " must get (403 refused, 404 hidden, else let through):\n"
            + string.Join('\n', undecided.Select(r => $"        [\"{r.Key}\"] = new(\"{r.Pattern}\", Admin: ?, Monitor: ?, WithRights: ?, WithoutRights: ?),")));

        var gone = Decisions.Keys.Where(k => routes.All(r => r.Key != k)).ToList();
        Assert.True(gone.Count == 0, "Decisions for routes that no longer exist: " + string.Join(", ", gone));

        var clients = new Dictionary<string, (HttpClient Api, HttpClient Console)>();
        foreach (var role in Roles)
        {
            var password = role == "admin" ? ServerInstance.AdminPassword : Password(role);
            clients[role] = (_server.As(role, password), await ConsoleHttp.SignInAsync(_server.BaseAddress, role, password));
        }

        var failures = new List<string>();
        var observed = new List<string>();
        foreach (var route in routes.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var decision = Decisions[route.Key];
            var got = new Dictionary<string, int>();
            foreach (var role in Roles)
            {
                var client = FaceRoots.Of(route.Pattern) == Face.Console ? clients[role].Console : clients[role].Api;
                got[role] = await CallAsync(client, route.Method, Path(decision.Path, role), decision.Body);
                if (got[role] != decision.For(role))
                {
                    failures.Add($"{route.Key} as {role}: expected {decision.For(role)}, got {got[role]}");
                }
            }

            observed.Add($"        [\"{route.Key}\"] = new(\"{decision.Path}\", Admin: {got["admin"]}, Monitor: {got["mon"]}, WithRights: {got["alice"]}, WithoutRights: {got["bob"]}),");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n\nObserved:\n" + string.Join('\n', observed));
    }

    private static string Password(string user) => user + "-password-1";

    private string Path(string pattern, string role)
    {
        var path = pattern.Replace("{role}", role, StringComparison.Ordinal);
        foreach (var (placeholder, value) in _placeholders)
        {
            path = path.Replace(placeholder, value, StringComparison.Ordinal);
        }

        return path.TrimStart('/');
    }

    private static async Task<int> CallAsync(HttpClient client, string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        // Headers only: the live event routes stream for as long as the caller listens.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        return (int)response.StatusCode;
    }

    private static async Task CreateUserAsync(HttpClient admin, string name, string? role)
    {
        var response = await admin.PostAsJsonAsync("api/v1/users", new { name, password = Password(name), roles = role is null ? Array.Empty<string>() : [role] }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> CreateScheduleAsync(HttpClient admin)
    {
        var created = await admin.PostAsJsonAsync("api/v1/schedules", new { name = "Nightly", workflow = "guarded", cron = "30 2 * * *", timeZone = "UTC", start = "2030-01-01T00:00:00Z" }, Ct)
            .JsonAsync(HttpStatusCode.Created);
        return created!["id"]!.GetValue<string>();
    }

    private static async Task<string> RunAsync(HttpClient admin)
    {
        using var body = new StringContent("{}", Encoding.UTF8, "application/json");
        var started = await admin.PostAsync("vco/api/workflows/guarded/executions", body, Ct);
        await HttpAssert.StatusAsync(started, HttpStatusCode.Accepted);
        var id = started.Headers.Location!.ToString().TrimEnd('/').Split('/')[^1];
        for (var i = 0; i < 200; i++)
        {
            var run = await admin.GetAsync($"api/v1/runs/{id}", Ct).JsonAsync();
            if (run!["state"]!.GetValue<string>() is "completed" or "failed")
            {
                return id;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException("the run did not end");
    }

    private IEnumerable<(string Method, string Pattern, string Key)> Routes()
    {
        var builder = (IEndpointRouteBuilder)_server.App;
        foreach (var endpoint in builder.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return (method, pattern, $"{method} {pattern}");
            }
        }
    }

    private sealed record Decision(string Path, int Admin, int Monitor, int WithRights, int WithoutRights, string Body = "{}")
    {
        public int For(string role) => role switch
        {
            "admin" => Admin,
            "mon" => Monitor,
            "alice" => WithRights,
            _ => WithoutRights,
        };
    }
}
