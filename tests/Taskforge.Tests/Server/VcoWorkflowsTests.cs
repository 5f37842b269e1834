using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;
using static Taskforge.Tests.Support.VcoTestData;

namespace Taskforge.Tests.Server;

/// <summary>Workflows read through <c>/vco/api</c> the way the clients of vro.md §9 read them.</summary>
public sealed class VcoWorkflowsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private readonly ServerInstance _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using var admin = _server.Admin();
        await admin.PutWorkflowAsync("vco-hello", """
            {"name":"Vco Hello","category":"Samples","version":"1.2.0","description":"Greets",
             "input-parameters":[{"name":"who","type":"string","required":true,"description":"Whom to greet"},{"name":"times","type":"number","default":1}],
             "output-parameters":[{"name":"greeting","type":"string"}],
             "permissions":{"vco-operator":"rx"},
             "steps":[{"id":"greet","type":"script","script":"greeting = 'Hello ' + who;"}]}
            """);
        await admin.PutWorkflowAsync("vco-secret", """{"name":"Vco Secret","steps":[{"type":"end"}]}""");
        await admin.PutWorkflowAsync("second-greeter", """{"name":"Second Greeter","category":"Greeters","permissions":{"vco-operator":"r"},"steps":[{"type":"end"}]}""");
        await admin.PutWorkflowAsync("third-greeter", """{"name":"Third Greeter","category":"Greeters","version":"3.0.0","steps":[{"type":"end"}]}""");
        await admin.PutWorkflowAsync("outsider", """{"name":"Outsider","category":"Hidden","steps":[{"type":"end"}]}""");
        var user = await admin.PostAsJsonAsync("api/v1/users", new { name = "vco-operator", password = "operator-password" }, Ct);
        Assert.True(user.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task List_ByNameCondition_GivesTotalAndIdAttribute_AsTheAnsibleModuleReadsThem()
    {
        using var admin = _server.Admin();

        var list = await admin.GetAsync("vco/api/workflows/?conditions=name=Vco%20Hello", Ct).JsonAsync();

        Assert.Equal(1, list!["total"]!.GetValue<int>());
        var item = list["link"]![0]!;
        Assert.Equal("vco-hello", AttributeOf(item, "id"));
        Assert.Equal("Samples", AttributeOf(item, "categoryName"));
        Assert.Equal("true", AttributeOf(item, "canExecute"));
        Assert.EndsWith("/vco/api/workflows/vco-hello/", item["href"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("down", item["rel"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_ContainsCondition_PagingAndKeys()
    {
        using var admin = _server.Admin();

        var contains = await admin.GetAsync("vco/api/workflows?conditions=name~vco&maxResult=1&startIndex=1&keys=id,name", Ct).JsonAsync();

        Assert.Equal(2, contains!["total"]!.GetValue<int>());
        var only = Assert.Single(contains["link"]!.AsArray());
        Assert.Equal(2, only!["attributes"]!.AsArray().Count);
    }

    [Fact]
    public async Task List_IsFilteredByTheCallersRights()
    {
        using var operatorClient = _server.As("vco-operator", "operator-password");

        var list = await operatorClient.GetAsync("vco/api/workflows", Ct).JsonAsync();

        var ids = list!["link"]!.AsArray().Select(l => AttributeOf(l!, "id")).ToList();
        Assert.Contains("vco-hello", ids);
        Assert.DoesNotContain("vco-secret", ids);
        await operatorClient.GetAsync("vco/api/workflows/vco-secret/", Ct).JsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_GivesParametersAndRelations_AsVmwvroAndVcoworkflowsReadThem()
    {
        using var admin = _server.Admin();

        var workflow = await admin.GetAsync("vco/api/workflows/vco-hello/", Ct).JsonAsync();

        Assert.Equal("Vco Hello", workflow!["name"]!.GetValue<string>());
        Assert.Equal(["who", "times"], workflow["input-parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray());
        Assert.Equal("number", workflow["input-parameters"]![1]!["type"]!.GetValue<string>());
        Assert.Equal("greeting", workflow["output-parameters"]![0]!["name"]!.GetValue<string>());
        var rels = workflow["relations"]!["link"]!.AsArray().Select(l => l!["rel"]!.GetValue<string>()).ToList();
        Assert.Superset(new HashSet<string> { "executions", "presentation", "permissions", "tasks" }, rels.ToHashSet());
    }

    [Fact]
    public async Task Content_GivesInputParams_AsBuildToolsReadsThem()
    {
        using var admin = _server.Admin();

        var content = await admin.GetAsync("vco/api/workflows/vco-hello/content", Ct).JsonAsync();

        Assert.Equal("vco-hello", content!["id"]!.GetValue<string>());
        Assert.Equal("who", content["input"]!["param"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("string", content["input"]!["param"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Presentation_MarksRequiredInputsMandatory()
    {
        using var admin = _server.Admin();

        var presentation = await admin.GetAsync("vco/api/workflows/vco-hello/presentation/", Ct).JsonAsync();

        var fields = presentation!["steps"]![0]!["step"]!["elements"]![0]!["fields"]!.AsArray();
        Assert.Equal("mandatory", fields.Single(f => f!["id"]!.GetValue<string>() == "who")!["constraints"]![0]!["@type"]!.GetValue<string>());
        Assert.Empty(fields.Single(f => f!["id"]!.GetValue<string>() == "times")!["constraints"]!.AsArray());
    }

    [Fact]
    public async Task Permissions_AddAndRemove_AsPowervRODoes()
    {
        using var admin = _server.Admin();
        await admin.PutWorkflowAsync("vco-perms", """{"name":"Perms","steps":[{"type":"end"}]}""");
        using var body = new StringContent("""{"permissions":[{"permission":{"principal":"vco-operator","rights":"rx"}}]}""", Encoding.UTF8, "application/json");

        var added = await admin.PostAsync("vco/api/workflows/vco-perms/permissions", body, Ct).JsonAsync();
        using var operatorClient = _server.As("vco-operator", "operator-password");
        await operatorClient.GetAsync("vco/api/workflows/vco-perms", Ct).JsonAsync();
        await admin.DeleteAsync("vco/api/workflows/vco-perms/permissions/vco-operator", Ct).JsonAsync(HttpStatusCode.NoContent);
        await operatorClient.GetAsync("vco/api/workflows/vco-perms", Ct).JsonAsync(HttpStatusCode.NotFound);

        Assert.Equal("rx", added!["permissions"]![0]!["permission"]!["rights"]!.GetValue<string>());
    }

    [Fact]
    public async Task Permissions_CannotBeChangedWithoutTheAdminRight()
    {
        using var operatorClient = _server.As("vco-operator", "operator-password");
        using var body = new StringContent("""{"permissions":[{"permission":{"principal":"vco-operator","rights":"a"}}]}""", Encoding.UTF8, "application/json");

        await operatorClient.PostAsync("vco/api/workflows/vco-hello/permissions", body, Ct).JsonAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Catalog_ListsWorkflows()
    {
        using var admin = _server.Admin();

        var catalog = await admin.GetAsync("vco/api/catalog/System/Workflow/", Ct).JsonAsync();

        Assert.True(catalog!["total"]!.GetValue<int>() >= 2);
    }

    [Fact]
    public async Task PowervRO_ReadsCategoryNameAndHref_OfEveryWorkflow_AndTheHrefAnswersTheCategoryWithItsWorkflows()
    {
        // Get-vROWorkflow: GET /vco/api/workflows with PowervRO's headers, then every attribute of every link; then the
        // category the href names (vRDT and Terraform's provider read that resource), and Get-vROWorkflow -CategoryId.
        using var admin = _server.Admin();
        using var list = new HttpRequestMessage(HttpMethod.Get, "vco/api/workflows") { Content = new ByteArrayContent([]) };
        list.Headers.TryAddWithoutValidation("Accept", "application/json");
        list.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var workflows = await HttpAssert.StatusAsync(await admin.SendAsync(list, Ct), HttpStatusCode.OK);
        var links = workflows!["link"]!.AsArray().ToDictionary(l => AttributeOf(l!, "id")!, l => l!);
        var hello = links["second-greeter"];
        var categoryHref = AttributeOf(hello, "categoryHref")!;
        var categoryId = new Uri(categoryHref).AbsolutePath.TrimEnd('/').Split('/')[^1];
        var category = await admin.GetAsync(categoryHref, Ct).JsonAsync();
        var byCategoryId = await admin.GetAsync($"vco/api/catalog/System/WorkflowCategory/{categoryId}/workflows", Ct).JsonAsync();
        var roots = await admin.GetAsync("vco/api/categories?isRoot=true&categoryType=WorkflowCategory", Ct).JsonAsync();

        foreach (var link in links.Values)
        {
            foreach (var name in new[] { "name", "id", "description", "itemHref", "version", "categoryName", "categoryHref", "customIcon", "canExecute", "canEdit" })
            {
                Assert.NotNull(AttributeOf(link, name));
            }
        }

        Assert.Equal("Greeters", AttributeOf(hello, "categoryName"));
        Assert.Equal($"{_server.BaseAddress}vco/api/categories/{categoryId}/", categoryHref);
        Assert.Matches("^[0-9a-f]{32}$", categoryId);
        Assert.Equal(categoryHref, AttributeOf(links["third-greeter"], "categoryHref"));
        Assert.NotEqual(categoryHref, AttributeOf(links["outsider"], "categoryHref"));
        Assert.StartsWith($"{_server.BaseAddress}vco/api/categories/", AttributeOf(links["vco-hello"], "categoryHref"), StringComparison.Ordinal);
        Assert.Equal(("", ""), (AttributeOf(links["vco-secret"], "categoryName"), AttributeOf(links["vco-secret"], "categoryHref")));
        Assert.Equal(categoryId, category!["id"]!.GetValue<string>());
        Assert.Equal("Greeters", category["name"]!.GetValue<string>());
        Assert.Equal(categoryHref, category["href"]!.GetValue<string>());
        Assert.Equal("WorkflowCategory", category["type"]!.GetValue<string>());
        Assert.Equal("Greeters", category["path"]!.GetValue<string>());
        Assert.Equal([categoryId], category["path-ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(2, category["relations"]!["total"]!.GetValue<int>());
        var children = category["relations"]!["link"]!.AsArray().Where(l => l!["rel"]!.GetValue<string>() == "down").ToList();
        Assert.Equal(["second-greeter", "third-greeter"], children.Select(c => AttributeOf(c!, "id")).Order(StringComparer.Ordinal));
        Assert.All(children, c => Assert.Equal("Workflow", AttributeOf(c!, "type")));
        var third = children.Single(c => AttributeOf(c!, "id") == "third-greeter")!;
        Assert.Equal(links["third-greeter"]["href"]!.GetValue<string>(), third["href"]!.GetValue<string>());
        Assert.Equal(("Third Greeter", "3.0.0"), (AttributeOf(third, "name"), AttributeOf(third, "version")));
        Assert.Equal(2, byCategoryId!["total"]!.GetValue<int>());
        Assert.All(byCategoryId["link"]!.AsArray(), l => Assert.Equal(categoryHref, AttributeOf(l!, "categoryHref")));
        var samples = roots!["link"]!.AsArray().Single(l => AttributeOf(l!, "name") == "Greeters");
        Assert.Equal(categoryId, AttributeOf(samples!, "id"));
        Assert.Equal(categoryHref, samples!["href"]!.GetValue<string>());
    }

    [Fact]
    public async Task Category_ShowsOnlyTheWorkflowsTheCallerMayView_AndOneWithNoneIs404()
    {
        using var admin = _server.Admin();
        using var operatorClient = _server.As("vco-operator", "operator-password");
        var all = await admin.GetAsync("vco/api/categories", Ct).JsonAsync();
        string IdOf(string name) => AttributeOf(all!["link"]!.AsArray().Single(l => AttributeOf(l!, "name") == name)!, "id")!;

        var greeters = await operatorClient.GetAsync($"vco/api/categories/{IdOf("Greeters")}/", Ct).JsonAsync();
        await operatorClient.GetAsync($"vco/api/categories/{IdOf("Hidden")}", Ct).JsonAsync(HttpStatusCode.NotFound);
        await admin.GetAsync($"vco/api/categories/{new string('0', 32)}", Ct).JsonAsync(HttpStatusCode.NotFound);
        var actions = await admin.GetAsync("vco/api/categories?categoryType=ScriptModuleCategory", Ct).JsonAsync();

        Assert.Equal(1, greeters!["relations"]!["total"]!.GetValue<int>());
        Assert.Equal(["second-greeter"], greeters["relations"]!["link"]!.AsArray().Where(l => l!["attributes"] is not null).Select(l => AttributeOf(l!, "id")));
        Assert.Equal(0, actions!["total"]!.GetValue<int>());
    }
}
