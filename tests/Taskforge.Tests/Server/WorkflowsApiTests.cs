using System.Net;
using System.Net.Http.Json;
using System.Text;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary><c>/api/v1/workflows</c> over HTTP, on each database.</summary>
public abstract class WorkflowsApiTests
{
    protected abstract ServerInstance Server { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Put_CreatesThenReplaces_AsNewRevisions()
    {
        using var admin = Server.Admin();
        const string v1 = """{"name":"Say hello","input-parameters":[{"name":"name","type":"string"}],"steps":[{"type":"script","script":"System.log(name);"}]}""";
        const string v2 = """{"name":"Say hello loudly","version":"2.0.0","input-parameters":[{"name":"name","type":"string"}],"steps":[{"type":"script","script":"System.log(name + '!');"}]}""";

        var created = await admin.PutAsync("api/v1/workflows/hello-api", Json(v1), Ct).JsonAsync(HttpStatusCode.Created);
        var replaced = await admin.PutAsync("api/v1/workflows/hello-api", Json(v2), Ct).JsonAsync();
        var current = await admin.GetAsync("api/v1/workflows/hello-api", Ct).JsonAsync();
        var first = await admin.GetAsync("api/v1/workflows/hello-api?revision=1", Ct).JsonAsync();
        var list = await admin.GetAsync("api/v1/workflows", Ct).JsonAsync();

        Assert.Equal(1, created!["revision"]!.GetValue<int>());
        Assert.Equal(2, replaced!["revision"]!.GetValue<int>());
        Assert.Equal("Say hello loudly", current!["name"]!.GetValue<string>());
        Assert.Equal("Say hello", first!["name"]!.GetValue<string>());
        Assert.Contains(list!.AsArray(), w => w!["id"]!.GetValue<string>() == "hello-api");
    }

    [Fact]
    public async Task Put_Yaml_IsAccepted()
    {
        using var admin = Server.Admin();
        using var yaml = new StringContent("name: From YAML\nsteps:\n  - type: end\n", Encoding.UTF8, "application/yaml");

        var created = await admin.PutAsync("api/v1/workflows/from-yaml", yaml, Ct).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("From YAML", created!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_Invalid_Is400_ListingEveryProblem()
    {
        using var admin = Server.Admin();

        var problem = await admin.PutAsync("api/v1/workflows/broken",
            Json("""{"steps":[{"type":"script","script":"if (","next":"x"},{"type":"fly"}]}"""), Ct).JsonAsync(HttpStatusCode.BadRequest);

        var fields = problem!["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "steps[0].script", "steps[0].next", "steps[1].type" }, fields);
    }

    [Fact]
    public async Task Workflows_AreHiddenFromUsersWithoutTheViewRight()
    {
        using var admin = Server.Admin();
        await admin.PostAsJsonAsync("api/v1/users", new { name = "wf-reader", password = "reader-password" }, Ct).JsonAsync(HttpStatusCode.Created);
        await admin.PutAsync("api/v1/workflows/private-wf", Json("""{"name":"Private","steps":[{"type":"end"}]}"""), Ct).JsonAsync(HttpStatusCode.Created);
        await admin.PutAsync("api/v1/workflows/shared-wf", Json("""{"name":"Shared","permissions":{"wf-reader":"rx"},"steps":[{"type":"end"}]}"""), Ct).JsonAsync(HttpStatusCode.Created);
        using var reader = Server.As("wf-reader", "reader-password");

        await reader.GetAsync("api/v1/workflows/private-wf", Ct).JsonAsync(HttpStatusCode.NotFound);
        var shared = await reader.GetAsync("api/v1/workflows/shared-wf", Ct).JsonAsync();
        var list = await reader.GetAsync("api/v1/workflows", Ct).JsonAsync();
        await reader.PutAsync("api/v1/workflows/shared-wf", Json("""{"name":"Mine now","steps":[{"type":"end"}]}"""), Ct).JsonAsync(HttpStatusCode.Forbidden);
        await reader.DeleteAsync("api/v1/workflows/shared-wf", Ct).JsonAsync(HttpStatusCode.Forbidden);

        Assert.Equal("rx", shared!["rights"]!.GetValue<string>());
        Assert.DoesNotContain(list!.AsArray(), w => w!["id"]!.GetValue<string>() == "private-wf");
    }

    [Fact]
    public async Task Delete_Is204_ThenTheWorkflowIsGone()
    {
        using var admin = Server.Admin();
        await admin.PutAsync("api/v1/workflows/short-lived", Json("""{"name":"Short","steps":[{"type":"end"}]}"""), Ct).JsonAsync(HttpStatusCode.Created);

        await admin.DeleteAsync("api/v1/workflows/short-lived", Ct).JsonAsync(HttpStatusCode.NoContent);

        await admin.GetAsync("api/v1/workflows/short-lived", Ct).JsonAsync(HttpStatusCode.NotFound);
    }
}

public sealed class SqliteWorkflowsApiTests(SqliteServerFixture fixture) : WorkflowsApiTests, IClassFixture<SqliteServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}

public sealed class PostgresWorkflowsApiTests(PostgresServerFixture fixture) : WorkflowsApiTests, IClassFixture<PostgresServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}
