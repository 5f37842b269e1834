using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Server.Hosting;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary><c>/api/v1/task-templates</c>: versions from JSON or YAML, newest or all, start/stop, errors as problem details, and the samples.</summary>
public sealed class TaskTemplatesApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private const string Yaml = """
        name: Greet
        namespace: http://example/yaml
        kind: collaboration
        displayName: {en: Greet someone}
        roles:
          potentialOwners: everybody
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_MakesVersions_ListShowsTheNewestOrAll_StopAndStartChangeTheState()
    {
        using var admin = fixture.Server.Admin();

        using var first = await admin.PostAsync("api/v1/task-templates", new StringContent(Yaml, Encoding.UTF8, "application/yaml"), Ct);
        var v1 = await HttpAssert.StatusAsync(first, HttpStatusCode.Created);
        var v2 = await admin.PostAsync("api/v1/task-templates", new StringContent(Yaml, Encoding.UTF8, "application/x-yaml"), Ct).JsonAsync(HttpStatusCode.Created);
        var id = v2!["id"]!.GetValue<string>();
        var newest = await admin.GetAsync("api/v1/task-templates", Ct).JsonAsync();
        var all = await admin.GetAsync("api/v1/task-templates?all=true", Ct).JsonAsync();
        var one = await admin.GetAsync($"api/v1/task-templates/{id}", Ct).JsonAsync();
        var stopped = await admin.PostAsync($"api/v1/task-templates/{id}/stop", null, Ct).JsonAsync();
        var restarted = await admin.PostAsync($"api/v1/task-templates/{id}/start", null, Ct).JsonAsync();

        Assert.Equal($"/api/v1/task-templates/{Uri.EscapeDataString(v1!["id"]!.GetValue<string>())}", first.Headers.Location!.OriginalString);
        Assert.Equal((1, 2), (v1["version"]!.GetValue<int>(), v2["version"]!.GetValue<int>()));
        Assert.Equal([2], newest!.AsArray().Where(t => t!["name"]!.GetValue<string>() == "Greet").Select(t => t!["version"]!.GetValue<int>()));
        Assert.Equal([1, 2], all!.AsArray().Where(t => t!["name"]!.GetValue<string>() == "Greet").Select(t => t!["version"]!.GetValue<int>()));
        Assert.Equal("collaboration", one!["kind"]!.GetValue<string>());
        Assert.Equal("Greet someone", one["definition"]!["displayName"]!["en"]!.GetValue<string>());
        Assert.Equal("stopped", stopped!["state"]!.GetValue<string>());
        Assert.Equal("started", restarted!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_AreProblemDetails_WithEveryFieldAtFault()
    {
        using var admin = fixture.Server.Admin();
        await admin.PostAsync("api/v1/users", System.Net.Http.Json.JsonContent.Create(new { name = "templater", password = "templater-password" }), Ct);
        using var user = fixture.Server.As("templater", "templater-password");

        var invalid = await admin.PostAsync("api/v1/task-templates", new StringContent("""{"kind": "chore", "priority": -1}""", Encoding.UTF8, "application/json"), Ct)
            .JsonAsync(HttpStatusCode.BadRequest);
        var forbidden = await user.PostAsync("api/v1/task-templates", new StringContent(Yaml, Encoding.UTF8, "application/yaml"), Ct).JsonAsync(HttpStatusCode.Forbidden);
        var missing = await admin.GetAsync($"api/v1/task-templates/_TKT:{new string('0', 32)}", Ct).JsonAsync(HttpStatusCode.NotFound);

        var fields = invalid!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("name", fields);
        Assert.Contains("kind", fields);
        Assert.Equal(403, forbidden!["status"]!.GetValue<int>());
        Assert.Equal(404, missing!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Samples_AreLoadedOnFirstStart_AndLoadingAgainAddsNoVersions()
    {
        using var admin = fixture.Server.Admin();
        var before = await admin.GetAsync("api/v1/task-templates?all=true", Ct).JsonAsync();

        await fixture.Server.App.Services.GetRequiredService<SampleLoader>().LoadAsync(Ct);
        var after = await admin.GetAsync("api/v1/task-templates?all=true", Ct).JsonAsync();

        var samples = before!.AsArray().Where(t => t!["name"]!.GetValue<string>() is "ApproveExpense" or "SayHello").ToList();
        Assert.Equal(["ApproveExpense", "SayHello"], samples.Select(t => t!["name"]!.GetValue<string>()).Order());
        Assert.Equal(
            before.AsArray().Count(t => t!["name"]!.GetValue<string>() is "ApproveExpense" or "SayHello"),
            after!.AsArray().Count(t => t!["name"]!.GetValue<string>() is "ApproveExpense" or "SayHello"));
    }
}
