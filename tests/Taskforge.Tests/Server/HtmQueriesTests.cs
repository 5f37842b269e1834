using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// IBM's task lists over HTTP (ibm-bpm-htm.md §3.6), on each database: who sees what, the stored queries, paging and
/// sorting, where-clause errors with IBM's numbers, and SQL-injection attempts through every clause parameter.
/// Tasks are created over HTTP; claims and suspensions are arranged through the engine (their endpoints are another face's).
/// </summary>
public abstract class HtmQueriesTests : IAsyncLifetime
{
    private const string Htm = "rest/bpm/htm/v1/";
    private const string Password = "query-password-1";

    private static readonly Caller Mia = new("mia", "mia", SystemRoles.None, ["approvers"]);
    private static readonly Caller Olga = new("olga", "olga", SystemRoles.None, []);

    protected abstract ServerInstance Server { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaskLifecycleService Tasks => Server.App.Services.GetRequiredService<TaskLifecycleService>();

    public async ValueTask InitializeAsync()
    {
        using var admin = Server.Admin();
        foreach (var (user, roles) in new[] { ("olga", Array.Empty<string>()), ("mia", []), ("rita", []), ("eve", []), ("mo", ["monitor"]) })
        {
            var response = await admin.PostAsJsonAsync("api/v1/users", new { name = user, password = Password, roles }, Ct);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{user}: {response.StatusCode}");
        }

        var group = await admin.PostAsJsonAsync("api/v1/groups", new { name = "approvers", members = new[] { "mia" } }, Ct);
        Assert.True(group.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"group: {group.StatusCode}");
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Filter_ShowsOnlyTasksWithTheCallersWorkItems_GroupsCount_AndAdminTrueIsForSystemRoles()
    {
        var name = Unique();
        var ids = await CreateTasksAsync(name, 3, 1);
        var where = Q($"TASK.NAME = '{name}'");

        var mia = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause={where}", Ct).JsonAsync();
        var rita = await As("rita").GetAsync($"{Htm}tasks/filter?whereClause={where}", Ct).JsonAsync();
        var eve = await As("eve").GetAsync($"{Htm}tasks/filter?whereClause={where}", Ct).JsonAsync();
        var eveAdmin = await As("eve").GetAsync($"{Htm}tasks/filter?whereClause={where}&admin=true", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var monitorOwn = await As("mo").GetAsync($"{Htm}tasks/filter?whereClause={where}", Ct).JsonAsync();
        var monitorAll = await As("mo").GetAsync($"{Htm}tasks/filter?whereClause={where}&admin=true", Ct).JsonAsync();
        var adminAll = await Server.Admin().GetAsync($"{Htm}tasks/filter?whereClause={where}&admin=true", Ct).JsonAsync();

        Assert.Equal("tkiid", mia!["identifier"]!.GetValue<string>());
        Assert.Equal(ids.Order(StringComparer.Ordinal), Ids(mia).Order(StringComparer.Ordinal));
        Assert.Equal(2, mia["size"]!.GetValue<int>());
        Assert.Equal("STATE_READY", mia["items"]![0]!["state"]!.GetValue<string>());
        Assert.Equal(2, Ids(rita).Count);
        Assert.Empty(Ids(eve));
        Assert.Equal("CWTKA0012E", eveAdmin!["errorNumber"]!.GetValue<string>());
        Assert.Empty(Ids(monitorOwn));
        Assert.Equal(2, Ids(monitorAll).Count);
        Assert.Equal(2, Ids(adminAll).Count);
    }

    [Fact]
    public async Task StoredQueries_ListWhatICanClaim_WhatIOwn_WhatIStarted_AndEverythingOnlyForSystemRoles()
    {
        var name = Unique();
        var ids = await CreateTasksAsync(name, 3, 1, 2, 5);
        await Tasks.ClaimAsync(Mia, ids[1], Ct);
        await Tasks.SuspendAsync(Olga, ids[3], null, Ct);
        var filter = "queryFilter=" + Q($"TASK.NAME = '{name}'");

        var list = await As("mia").GetAsync($"{Htm}tasks/queries", Ct).JsonAsync();
        var claimable = await As("mia").GetAsync($"{Htm}tasks/query/TASKS_CLAIMABLE?{filter}", Ct).JsonAsync();
        var owned = await As("mia").GetAsync($"{Htm}tasks/query/tasks_owned?{filter}", Ct).JsonAsync();
        var othersOwned = await As("rita").GetAsync($"{Htm}tasks/query/TASKS_OWNED?{filter}", Ct).JsonAsync();
        var initiated = await As("olga").GetAsync($"{Htm}tasks/query/TASKS_INITIATED?{filter}", Ct).JsonAsync();
        var inProgress = await As("olga").GetAsync($"{Htm}tasks/query/TASKS_INITIATED?{filter}&interactionFilter=WORK_ON", Ct).JsonAsync();
        var completed = await As("olga").GetAsync($"{Htm}tasks/query/TASKS_INITIATED/count?{filter}&interactionFilter=CHECK_COMPLETED", Ct).JsonAsync();
        var badFilter = await As("olga").GetAsync($"{Htm}tasks/query/TASKS_INITIATED?interactionFilter=SOMETIMES", Ct).JsonAsync(HttpStatusCode.BadRequest);
        var allByUser = await As("mia").GetAsync($"{Htm}tasks/query/TASKS_ALL?{filter}", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var allByAdmin = await Server.Admin().GetAsync($"{Htm}tasks/query/TASKS_ALL/count?{filter}", Ct).JsonAsync();
        var unknown = await As("mia").GetAsync($"{Htm}tasks/query/NO_SUCH_QUERY", Ct).JsonAsync(HttpStatusCode.NotFound);

        Assert.Equal(["TASKS_CLAIMABLE", "TASKS_OWNED", "TASKS_INITIATED", "TASKS_ALL"], list!["items"]!.AsArray().Select(q => q!["name"]!.GetValue<string>()));
        Assert.Equal([ids[2], ids[0]], Ids(claimable)); // READY, not suspended, by priority ascending (2 before 3)
        Assert.Equal([ids[1]], Ids(owned));
        Assert.Empty(Ids(othersOwned));
        Assert.Equal(4, Ids(initiated).Count);
        Assert.Equal([ids[1]], Ids(inProgress));
        Assert.Equal(0, completed!["count"]!.GetValue<long>());
        Assert.Equal("CWTKA0158E", badFilter!["errorNumber"]!.GetValue<string>());
        Assert.Equal("CWTKA0012E", allByUser!["errorNumber"]!.GetValue<string>());
        Assert.Equal(4, allByAdmin!["count"]!.GetValue<long>());
        Assert.NotNull(unknown!["errorNumber"]);
    }

    [Fact]
    public async Task WorkItemKinds_SelectWhichWorkItemsCount_AndOnBehalfUserIsForAdministrators()
    {
        var name = Unique();
        // One task per kind of potential-owner work item mia can hold: her own, her group's, everybody's.
        var mine = await CreateTaskAsync(name, 0, """{"users": ["mia"]}""");
        var group = await CreateTaskAsync(name, 1, """{"groups": ["approvers"]}""");
        var everybody = await CreateTaskAsync(name, 2, "\"everybody\"");
        var q = $"{Htm}tasks/query/TASKS_CLAIMABLE?queryFilter={Q($"TASK.NAME = '{name}'")}";

        var all = await As("mia").GetAsync(q, Ct).JsonAsync();
        var explicitAll = await As("mia").GetAsync($"{q}&everybody=true&individual=TRUE&group=true&inherited=true", Ct).JsonAsync();
        var individual = await As("mia").GetAsync($"{q}&everybody=false&group=false", Ct).JsonAsync();
        var notGroup = await As("mia").GetAsync($"{q}&group=false", Ct).JsonAsync();
        var groupCount = await As("mia").GetAsync($"{Htm}tasks/query/TASKS_CLAIMABLE/count?queryFilter={Q($"TASK.NAME = '{name}'")}&everybody=false&individual=false", Ct).JsonAsync();
        var none = await As("mia").GetAsync($"{q}&everybody=false&group=false&individual=false", Ct).JsonAsync();
        var badFlag = await As("mia").GetAsync($"{q}&group=maybe", Ct).JsonAsync(HttpStatusCode.BadRequest);
        var adminForMia = await Server.Admin().GetAsync($"{q}&onBehalfUser=mia&everybody=false", Ct).JsonAsync();
        var adminForEve = await Server.Admin().GetAsync($"{q}&onBehalfUser=eve", Ct).JsonAsync();
        var monitorForMia = await As("mo").GetAsync($"{q}&onBehalfUser=mia", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var userForMia = await As("rita").GetAsync($"{q}&onBehalfUser=mia", Ct).JsonAsync(HttpStatusCode.Unauthorized);
        var nobody = await Server.Admin().GetAsync($"{q}&onBehalfUser=no-such-user", Ct).JsonAsync(HttpStatusCode.BadRequest);
        var claimedForMia = await Server.Admin().PutAsync($"{Htm}task?action=claimNext&queryFilter={Q($"TASK.NAME = '{name}'")}&onBehalfUser=mia&individual=false&everybody=false", null, Ct).JsonAsync();
        using var noneLeftForMe = await As("mia").PutAsync($"{Htm}task?action=claimNext&queryFilter={Q($"TASK.NAME = '{name}'")}&everybody=false&group=false", null, Ct);
        var claimedByMia = await As("mia").PutAsync($"{Htm}task?action=claimNext&queryFilter={Q($"TASK.NAME = '{name}'")}&group=false&individual=false", null, Ct).JsonAsync();
        // Everybody's task would show in every other test's lists on this shared server: it goes.
        await Tasks.TerminateAsync(Caller.System, everybody, Ct);
        await Tasks.DeleteAsync(Caller.System, everybody, Ct);

        Assert.Equal([mine, group, everybody], Ids(all));
        Assert.Equal(Ids(all), Ids(explicitAll));
        Assert.Equal([mine], Ids(individual));
        Assert.Equal([mine, everybody], Ids(notGroup));
        Assert.Equal(1, groupCount!["count"]!.GetValue<long>());
        Assert.Empty(Ids(none));
        Assert.Equal("CWTKA0158E", badFlag!["errorNumber"]!.GetValue<string>());
        Assert.Equal([mine, group], Ids(adminForMia));
        Assert.Equal([everybody], Ids(adminForEve));
        Assert.Equal("CWTKA0012E", monitorForMia!["errorNumber"]!.GetValue<string>());
        Assert.Equal("CWTKA0012E", userForMia!["errorNumber"]!.GetValue<string>());
        Assert.Equal("CWTKA0084E", nobody!["errorNumber"]!.GetValue<string>());
        Assert.Equal((group, "mia", "STATE_CLAIMED"), (claimedForMia!["tkiid"]!.GetValue<string>(), claimedForMia["owner"]!.GetValue<string>(), claimedForMia["state"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, noneLeftForMe.StatusCode); // her own work item's task was still there
        Assert.Equal(everybody, claimedByMia!["tkiid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pages_AreCutByOffsetAndSize_InTheOrderAsked_AndPostFormsWorkLikeGets()
    {
        var name = Unique();
        var ids = await CreateTasksAsync(name, 4, 1, 3, 2);
        var where = Q($"TASK.NAME = '{name}'");

        var byPriorityDesc = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause={where}&orderByClause={Q("TASK.PRIORITY DESC")}", Ct).JsonAsync();
        var secondPage = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause={where}&orderByClause={Q("TASK.PRIORITY DESC")}&offset=1&size=2", Ct).JsonAsync();
        var sortAttributes = await As("mia").GetAsync($"{Htm}tasks/query/TASKS_CLAIMABLE?queryFilter={where}&sortAttributes={Q("PRIORITY DESC, TASK.NAME")}&size=1", Ct).JsonAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["whereClause"] = $"TASK.NAME = '{name}' AND TASK.PRIORITY < 3", ["orderByClause"] = "TASK.PRIORITY" });
        var posted = await As("mia").PostAsync($"{Htm}tasks/filter", form, Ct).JsonAsync();
        var badSize = await As("mia").GetAsync($"{Htm}tasks/filter?size=lots", Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal([ids[0], ids[2], ids[3], ids[1]], Ids(byPriorityDesc));
        Assert.Equal([ids[2], ids[3]], Ids(secondPage));
        Assert.Equal(1, secondPage!["offset"]!.GetValue<int>());
        Assert.Equal(2, secondPage["size"]!.GetValue<int>());
        Assert.Equal([ids[0]], Ids(sortAttributes));
        Assert.Equal([ids[1], ids[3]], Ids(posted));
        Assert.Equal("CWTKA0149E", badSize!["errorNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task WhereClauses_ReachWorkItemsAndNumberedCustomProperties()
    {
        var name = Unique();
        var ids = await CreateTasksAsync(name, 1);
        var task = $"TASK.NAME = '{name}'";
        const string asGroupOwner = "WI.REASON = WORK_ITEM.REASON.REASON_POTENTIAL_OWNER AND WORK_ITEM.KIND = WORK_ITEM.KIND.WORK_ITEM_KIND_GROUP";

        var miaByGroup = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause={Q($"{task} AND {asGroupOwner}")}", Ct).JsonAsync();
        var ritaByGroup = await As("rita").GetAsync($"{Htm}tasks/filter?whereClause={Q($"{task} AND {asGroupOwner}")}", Ct).JsonAsync();
        var ritaAsReader = await As("rita").GetAsync($"{Htm}tasks/filter?whereClause={Q($"{task} AND WORK_ITEM.OWNER_ID = 'rita'")}", Ct).JsonAsync();
        var bothProperties = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause=" + Q(
            $"{task} AND TASK_CPROP1.NAME = 'costCenter' AND TASK_CPROP1.STRING_VALUE = '4711' AND TASK_CPROP2.NAME = 'region' AND TASK_CPROP2.STRING_VALUE LIKE 'em%'"), Ct).JsonAsync();
        var wrongRegion = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause=" + Q(
            $"{task} AND TASK_CPROP1.NAME = 'costCenter' AND TASK_CPROP1.STRING_VALUE = '4711' AND TASK_CPROP2.NAME = 'region' AND TASK_CPROP2.STRING_VALUE = 'apac'"), Ct).JsonAsync();
        var anyProperty = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause={Q($"{task} AND TASK_CPROP.STRING_VALUE IN ('4711', 'emea')")}", Ct).JsonAsync();

        Assert.Equal(ids, Ids(miaByGroup));
        Assert.Empty(Ids(ritaByGroup));
        Assert.Equal(ids, Ids(ritaAsReader));
        Assert.Equal(ids, Ids(bothProperties));
        Assert.Empty(Ids(wrongRegion));
        Assert.Equal(ids, Ids(anyProperty)); // two matching properties, still one task
    }

    [Theory]
    [InlineData("TASK.DUE < TS('yesterday')", "CWTKA0035E")]
    [InlineData("TASK.NAME == 'x'", "CWTKA0036E")]
    [InlineData("TASK.PRIORITY =", "CWTKA0037E")]
    [InlineData("TASK.COLOUR = 'red'", "CWTKA0038E")]
    [InlineData("PROCESS.NAME = 'x'", "CWTKA0039E")]
    public async Task WhereClauseErrors_Are400_WithIbmsNumber(string where, string number)
    {
        var error = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause={Q(where)}", Ct).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(number, error!["errorNumber"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["errorMessage"]!.GetValue<string>()));
    }

    [Fact]
    public async Task InjectionAttempts_AreRefusedOrInert_AndLeaveEveryTableIntact()
    {
        var name = Unique();
        var ids = await CreateTasksAsync(name, 1, 1);
        using var admin = Server.Admin();
        var before = await admin.GetAsync($"{Htm}tasks/query/TASKS_ALL/count", Ct).JsonAsync();
        string[] clauses =
        [
            "1=1; DROP TABLE tasks", "TASK.NAME = 'a' OR 1=1 --", "TASK.NAME = 'a'; DELETE FROM work_items", "TASK.NAME = 'a' /* comment */",
            "TASK.STATE = 2) OR (1=1", "TASK.NAME = 'a' UNION SELECT * FROM users", "(SELECT password_hash FROM users) = 'x'",
            "TASK.PRIORITY = 1 OR EXISTS (SELECT 1)", "TASK.NAME = \"x\"", "TASK.NAME = 'x' \\", "TASK_CPROP1;DROP.NAME = 'x'", "t.id = t.id",
            "TASK.NAME = 'a' OR TASK.NAME = sqlite_master.name", "TASK.NAME = CHAR(39)", "TASK.PRIORITY = 1e3", "TASK.NAME = ''' OR ''1''=''1' OR",
        ];
        string[] orders = ["TASK.PRIORITY; DROP TABLE tasks", "(SELECT 1)", "TASK.PRIORITY DESC, 1", "TASK.PRIORITY NULLS FIRST", "t.priority", "TASK.PRIORITY -- x"];
        string[] sorts = ["PRIORITY; DROP TABLE tasks", "PRIORITY DESC --", "(SELECT 1)", "PRIORITY, password_hash"];

        var refused = new List<(string Call, HttpStatusCode Status, string? Number)>();
        foreach (var clause in clauses)
        {
            refused.Add(await CallAsync($"{Htm}tasks/filter?whereClause={Q(clause)}"));
            refused.Add(await CallAsync($"{Htm}tasks/query/TASKS_CLAIMABLE?queryFilter={Q(clause)}"));
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["whereClause"] = clause });
            var posted = await As("eve").PostAsync($"{Htm}tasks/filter", form, Ct);
            refused.Add(($"POST {clause}", posted.StatusCode, (await HttpAssert.StatusAsync(posted, posted.StatusCode))?["errorNumber"]?.GetValue<string>()));
        }

        foreach (var order in orders)
        {
            refused.Add(await CallAsync($"{Htm}tasks/filter?orderByClause={Q(order)}"));
        }

        foreach (var sort in sorts)
        {
            refused.Add(await CallAsync($"{Htm}tasks/query/TASKS_CLAIMABLE?sortAttributes={Q(sort)}"));
        }

        // Valid grammar carrying SQL inside literals, or a tautology: parameters and visibility keep them harmless.
        var quoted = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause={Q("TASK.NAME = 'x''; DROP TABLE tasks; --'")}", Ct).JsonAsync();
        var tautology = await As("eve").GetAsync($"{Htm}tasks/filter?whereClause={Q($"TASK.NAME = '{name}' OR 1 = 1")}", Ct).JsonAsync();
        var likeAll = await As("eve").GetAsync($"{Htm}tasks/filter?whereClause={Q("TASK.NAME LIKE '%' OR TASK.NAME NOT LIKE '%'")}", Ct).JsonAsync();
        var after = await admin.GetAsync($"{Htm}tasks/query/TASKS_ALL/count", Ct).JsonAsync();
        var stillThere = await As("mia").GetAsync($"{Htm}tasks/filter?whereClause={Q($"TASK.NAME = '{name}'")}", Ct).JsonAsync();
        var signIn = await admin.GetAsync("api/v1/users/eve", Ct);

        Assert.All(refused, r => Assert.True(r.Status == HttpStatusCode.BadRequest && r.Number is "CWTKA0035E" or "CWTKA0036E" or "CWTKA0037E" or "CWTKA0038E" or "CWTKA0039E",
            $"{r.Call}: {r.Status} {r.Number}"));
        Assert.Empty(Ids(quoted));
        Assert.Empty(Ids(tautology));
        Assert.Empty(Ids(likeAll));
        Assert.Equal(before!["count"]!.GetValue<long>(), after!["count"]!.GetValue<long>());
        Assert.Equal(ids.Order(StringComparer.Ordinal), Ids(stillThere).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    private async Task<(string Call, HttpStatusCode Status, string? Number)> CallAsync(string uri)
    {
        var response = await As("eve").GetAsync(uri, Ct);
        var body = await HttpAssert.StatusAsync(response, response.StatusCode);
        return (uri, response.StatusCode, body?["errorNumber"]?.GetValue<string>());
    }

    /// <summary>A template per call (named <paramref name="name"/>, one namespace per priority) and one started task per priority, created over HTTP by olga.</summary>
    private async Task<List<string>> CreateTasksAsync(string name, params int[] priorities)
    {
        var templates = Server.App.Services.GetRequiredService<TaskTemplateService>();
        var ids = new List<string>();
        using var olga = As("olga");
        for (var i = 0; i < priorities.Length; i++)
        {
            var document = DefinitionDocuments.Parse($$"""
                {"name": "{{name}}", "namespace": "http://example/q{{i}}", "kind": "to-do", "priority": {{priorities[i]}},
                 "customProperties": {"costCenter": "4711", "region": "emea"},
                 "roles": {"potentialOwners": {"groups": ["approvers"]}, "potentialInstanceCreators": {"users": ["olga"]},
                           "potentialStarters": {"users": ["olga"]}, "readers": {"users": ["rita"]} }
                }
                """, yaml: false);
            var template = await templates.CreateAsync(Caller.System, document, Ct);
            var created = await olga.PostAsync($"{Htm}task?taskTemplateID={Uri.EscapeDataString(template.Template.Id)}&mode=async", null, Ct).JsonAsync(HttpStatusCode.Created);
            ids.Add(created!["tkiid"]!.GetValue<string>());
        }

        return ids;
    }

    /// <summary>A task whose potential owners are <paramref name="owners"/> (a role assignment as JSON), with the given priority.</summary>
    private async Task<string> CreateTaskAsync(string name, int priority, string owners)
    {
        var templates = Server.App.Services.GetRequiredService<TaskTemplateService>();
        var document = DefinitionDocuments.Parse($$"""
            {"name": "{{name}}", "namespace": "http://example/kinds{{priority}}", "kind": "to-do", "priority": {{priority}},
             "roles": {"potentialOwners": {{owners}}, "potentialInstanceCreators": {"users": ["olga"]}, "potentialStarters": {"users": ["olga"]} } }
            """, yaml: false);
        var template = await templates.CreateAsync(Caller.System, document, Ct);
        using var olga = As("olga");
        var created = await olga.PostAsync($"{Htm}task?taskTemplateID={Uri.EscapeDataString(template.Template.Id)}&mode=async", null, Ct).JsonAsync(HttpStatusCode.Created);
        return created!["tkiid"]!.GetValue<string>();
    }

    private HttpClient As(string user) => Server.As(user, Password);

    private static List<string> Ids(JsonNode? page) => [.. page!["items"]!.AsArray().Select(t => t!["tkiid"]!.GetValue<string>())];

    private static string Q(string text) => Uri.EscapeDataString(text);

    private static string Unique() => "Q" + Guid.NewGuid().ToString("N")[..12];
}

public sealed class SqliteHtmQueriesTests(SqliteServerFixture fixture) : HtmQueriesTests, IClassFixture<SqliteServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}

public sealed class PostgresHtmQueriesTests(PostgresServerFixture fixture) : HtmQueriesTests, IClassFixture<PostgresServerFixture>
{
    protected override ServerInstance Server => fixture.Server;
}
