using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// A vRO task's permissions (vro.md §2.1, §6; SW842 "Task Service"): the rules over HTTP with vRO's status codes, and
/// what each letter lets its principal do with the task (r view, c edit, a administer), checked by the engine.
/// </summary>
public sealed class VcoTaskPermissionsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string Password = "perm-password-1";
    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using var admin = _server.Admin();
        // Visible to perm-viewer (r) but runnable by nobody but administrators; nobody else sees it at all.
        using var workflow = new StringContent("""
            {"name":"Perm Hello","input-parameters":[{"name":"who","type":"string","default":"world"}],
             "permissions":{"perm-viewer":"r"},"steps":[{"type":"end"}]}
            """, Encoding.UTF8, "application/json");
        (await admin.PutAsync("api/v1/workflows/perm-hello", workflow, Ct)).EnsureSuccessStatusCode();
        foreach (var user in new[] { "perm-alice", "perm-bob", "perm-carol", "perm-viewer" })
        {
            var created = await admin.PostAsJsonAsync("api/v1/users", new { name = user, password = Password }, Ct);
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await created.Content.ReadAsStringAsync(Ct));
        }

        var group = await admin.PostAsJsonAsync("api/v1/groups", new { name = "perm-ops", members = new[] { "perm-carol" } }, Ct);
        Assert.True(group.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await group.Content.ReadAsStringAsync(Ct));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Permissions_AreListedAddedReadReplacedAndRemoved_WithVrosStatusCodes()
    {
        using var admin = _server.Admin();
        var id = await CreateTaskAsync(admin);

        var added = await SendAsync(admin, HttpMethod.Post, $"vco/api/tasks/{id}/permissions", """
            {"permissions":[{"permission":{"principal":"perm-alice","rights":"r"}},{"permission":{"principal":"perm-ops","rights":"c"}},
                            {"permission":{"principal":"PERM-ALICE","rights":"x"}}]}
            """).JsonAsync();
        var listed = await admin.GetAsync($"vco/api/tasks/{id}/permissions/", Ct).JsonAsync();
        var rule = await admin.GetAsync($"vco/api/tasks/{id}/permissions/perm-alice", Ct).JsonAsync();
        var replaced = await SendAsync(admin, HttpMethod.Put, $"vco/api/tasks/{id}/permissions/perm-alice/", """{"permission":{"principal":"perm-alice","rights":"rc"}}""");
        var afterPut = await admin.GetAsync($"vco/api/tasks/{id}/permissions/perm-alice", Ct).JsonAsync();
        var removedOne = await admin.DeleteAsync($"vco/api/tasks/{id}/permissions/perm-ops", Ct);
        var gone = await admin.GetAsync($"vco/api/tasks/{id}/permissions/perm-ops", Ct).JsonAsync(HttpStatusCode.NotFound);
        var removedAll = await admin.DeleteAsync($"vco/api/tasks/{id}/permissions", Ct);
        var empty = await admin.GetAsync($"vco/api/tasks/{id}/permissions", Ct).JsonAsync();

        JsonAssert.Equivalent("""[{"principal":"perm-alice","rights":"rx"},{"principal":"perm-ops","rights":"c"}]""",
            new JsonArray([.. added!["permissions"]!.AsArray().Select(p => (JsonNode)new JsonObject
            {
                ["principal"] = p!["permission"]!["principal"]!.GetValue<string>(), ["rights"] = p["permission"]!["rights"]!.GetValue<string>(),
            })]));
        Assert.Equal(added.ToJsonString(), listed!.ToJsonString());
        Assert.Equal("rx", rule!["rights"]!.GetValue<string>());
        Assert.EndsWith($"/vco/api/tasks/{id}/permissions/perm-alice/", rule["href"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, replaced.StatusCode);
        Assert.Empty(await replaced.Content.ReadAsStringAsync(Ct));
        Assert.Equal("rc", afterPut!["rights"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, removedOne.StatusCode);
        Assert.Equal(404, gone!["status"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Accepted, removedAll.StatusCode);
        Assert.Empty(empty!["permissions"]!.AsArray());
    }

    [Fact]
    public async Task ARule_LetsItsPrincipalView_Edit_ThenAdminister_AsItsLettersSay()
    {
        using var admin = _server.Admin();
        using var alice = _server.As("perm-alice", Password);
        var id = await CreateTaskAsync(admin);

        var hidden = await alice.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync(HttpStatusCode.NotFound);
        var hiddenRuns = await alice.GetAsync($"vco/api/tasks/{id}/executions", Ct).JsonAsync(HttpStatusCode.NotFound);
        var hiddenRules = await alice.GetAsync($"vco/api/tasks/{id}/permissions", Ct).JsonAsync(HttpStatusCode.NotFound);
        await GrantAsync(admin, id, "perm-alice", "r");
        var seen = await alice.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync();
        var runs = await alice.GetAsync($"vco/api/tasks/{id}/executions", Ct).JsonAsync();
        var listed = await alice.GetAsync("vco/api/tasks", Ct).JsonAsync();
        var viewerSuspends = await SendAsync(alice, HttpMethod.Post, $"vco/api/tasks/{id}", """{"state":"suspended"}""").JsonAsync(HttpStatusCode.Forbidden);
        await SendAsync(admin, HttpMethod.Put, $"vco/api/tasks/{id}/permissions/perm-alice", """{"rights":"c"}""").JsonAsync(HttpStatusCode.Accepted);
        var suspended = await SendAsync(alice, HttpMethod.Post, $"vco/api/tasks/{id}", """{"state":"suspended"}""").JsonAsync();
        var resumed = await SendAsync(alice, HttpMethod.Post, $"vco/api/tasks/{id}/", """{"state":"pending"}""").JsonAsync();
        var editorDeletes = await alice.DeleteAsync($"vco/api/tasks/{id}", Ct).JsonAsync(HttpStatusCode.Forbidden);
        var editorGrants = await SendAsync(alice, HttpMethod.Post, $"vco/api/tasks/{id}/permissions", Grant("perm-bob", "r")).JsonAsync(HttpStatusCode.Forbidden);
        await SendAsync(admin, HttpMethod.Put, $"vco/api/tasks/{id}/permissions/perm-alice", """{"rights":"a"}""").JsonAsync(HttpStatusCode.Accepted);
        await SendAsync(alice, HttpMethod.Post, $"vco/api/tasks/{id}/permissions", Grant("perm-bob", "r")).JsonAsync();
        using var bob = _server.As("perm-bob", Password);
        var bobSees = await bob.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync();
        var administratorDeletes = await alice.DeleteAsync($"vco/api/tasks/{id}", Ct);

        Assert.Equal(404, hidden!["status"]!.GetValue<int>());
        Assert.Contains(id, hidden["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(hiddenRuns);
        Assert.NotNull(hiddenRules);
        Assert.Equal(id, seen!["id"]!.GetValue<string>());
        Assert.NotNull(runs!["relations"]);
        Assert.Contains(listed!["link"]!.AsArray(), l => l!["href"]!.GetValue<string>().Contains(id, StringComparison.Ordinal));
        Assert.Equal(403, viewerSuspends!["status"]!.GetValue<int>());
        Assert.Equal("suspended", suspended!["state"]!.GetValue<string>());
        Assert.Equal("pending", resumed!["state"]!.GetValue<string>());
        Assert.Equal(403, editorDeletes!["status"]!.GetValue<int>());
        Assert.Equal(403, editorGrants!["status"]!.GetValue<int>());
        Assert.Equal(id, bobSees!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, administratorDeletes.StatusCode);
    }

    [Fact]
    public async Task AGroupRule_AppliesToItsMembers_AndToNobodyElse()
    {
        using var admin = _server.Admin();
        using var carol = _server.As("perm-carol", Password);
        using var bob = _server.As("perm-bob", Password);
        var id = await CreateTaskAsync(admin);

        await GrantAsync(admin, id, "perm-ops", "r");

        await carol.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync();
        await bob.GetAsync($"vco/api/tasks/{id}", Ct).JsonAsync(HttpStatusCode.NotFound);
        var bobsList = await bob.GetAsync("vco/api/tasks", Ct).JsonAsync();
        Assert.DoesNotContain(bobsList!["link"]!.AsArray(), l => l!["href"]!.GetValue<string>().Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangingInputs_NeedsTheRightToRunTheWorkflow_ButSuspendingDoesNot()
    {
        using var admin = _server.Admin();
        using var viewer = _server.As("perm-viewer", Password);
        var id = await CreateTaskAsync(admin);
        await GrantAsync(admin, id, "perm-viewer", "c");
        const string inputs = """{"input-parameters":[{"name":"who","type":"string","value":{"string":{"value":"Grace"}}}]}""";

        var editorChangesInputs = await SendAsync(viewer, HttpMethod.Post, $"vco/api/tasks/{id}", inputs).JsonAsync(HttpStatusCode.Forbidden);
        var editorSuspends = await SendAsync(viewer, HttpMethod.Post, $"vco/api/tasks/{id}", """{"state":"suspended"}""").JsonAsync();
        var adminChangesInputs = await SendAsync(admin, HttpMethod.Post, $"vco/api/tasks/{id}", inputs).JsonAsync();

        Assert.Contains("perm-hello", editorChangesInputs!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("suspended", editorSuspends!["state"]!.GetValue<string>());
        // The body names no workflow: its inputs are still read by the types the task's own workflow declares.
        Assert.Equal("Grace", adminChangesInputs!["input-parameters"]![0]!["value"]!["string"]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"permission":{"principal":"perm-bob","rights":"r"}}""", "permissions")]
    [InlineData("""{"permissions":[{"permission":{"principal":"perm-bob","rights":"rz"}}]}""", "permissions[0]")]
    [InlineData("""{"permissions":[{"permission":{"rights":"r"}}]}""", "permissions[0]")]
    public async Task AddingABadRule_Is400_InVrosErrorFormat(string body, string field)
    {
        using var admin = _server.Admin();
        var id = await CreateTaskAsync(admin);

        var error = await SendAsync(admin, HttpMethod.Post, $"vco/api/tasks/{id}/permissions", body).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(400, error!["status"]!.GetValue<int>());
        Assert.Contains(field, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesOfAnUnknownTask_OrAnUnknownRule_Are404()
    {
        using var admin = _server.Admin();
        var id = await CreateTaskAsync(admin);

        await admin.GetAsync("vco/api/tasks/no-such-task/permissions", Ct).JsonAsync(HttpStatusCode.NotFound);
        await SendAsync(admin, HttpMethod.Post, "vco/api/tasks/no-such-task/permissions", Grant("perm-bob", "r")).JsonAsync(HttpStatusCode.NotFound);
        await SendAsync(admin, HttpMethod.Put, $"vco/api/tasks/{id}/permissions/perm-nobody", """{"rights":"r"}""").JsonAsync(HttpStatusCode.NotFound);
        await admin.DeleteAsync($"vco/api/tasks/{id}/permissions/perm-nobody", Ct).JsonAsync(HttpStatusCode.NotFound);
    }

    private static async Task<string> CreateTaskAsync(HttpClient admin)
    {
        var task = await SendAsync(admin, HttpMethod.Post, "vco/api/tasks", """
            {"name":"Perm daily","workflow":{"id":"perm-hello"},"recurrence-cycle":"every-days","recurrence-pattern":"(UTC) 03:00:00,",
             "recurrence-start-date":"2050-01-01T00:00:00Z"}
            """).JsonAsync(HttpStatusCode.Accepted);
        return task!["id"]!.GetValue<string>();
    }

    private static async Task GrantAsync(HttpClient client, string id, string principal, string rights) =>
        await SendAsync(client, HttpMethod.Post, $"vco/api/tasks/{id}/permissions", Grant(principal, rights)).JsonAsync();

    private static string Grant(string principal, string rights) =>
        $$$"""{"permissions":[{"permission":{"principal":"{{{principal}}}","rights":"{{{rights}}}"}}]}""";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await client.SendAsync(request, Ct);
    }
}
