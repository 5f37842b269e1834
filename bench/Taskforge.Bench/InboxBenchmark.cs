using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Storage.HumanTasks;
using Taskforge.Tests.Support;

namespace Taskforge.Bench;

/// <summary>
/// The inbox at scale: N tasks (default 1,000,000) seeded with bulk SQL, each with a potential-owner work item for one of
/// 1,000 groups and an originator work item for one of 100 users; 10 % READY, 5 % CLAIMED, 85 % FINISHED, priorities
/// 0–9. A user in 3 groups asks <c>GET /tasks/query/TASKS_CLAIMABLE?size=50</c> (first page, by priority) over HTTP, then
/// the console's inbox page the same way (signed in with a session cookie), ordered and searched; an administrator asks the
/// console for every task. p50/p99 of 200 requests after 20 warm-up ones each. The query plan is printed for the SQL
/// TaskQuerySql builds for the IBM request.
/// </summary>
internal static class InboxBenchmark
{
    private const string AdminPassword = "bench-admin-password-1";
    private const string UserPassword = "bench-inbox-password-1";
    private const int Groups = 1000;
    private static readonly string[] UserGroups = ["g1", "g7", "g13"];

    private const string Columns = """
        id, template_id, name, namespace, kind, state, suspended, escalated, waiting_for_subtask, is_read, business_relevant, priority, originator,
        owner, starter, position, top_id, support_autoclaim, support_claim_susp, support_delegation, support_follow_on, support_sub_task, auto_deletion,
        resume_cancels_claim, input, created_at, activated_at, first_activated_at, started_at, last_modified_at, last_state_change_at, version
        """;

    /// <param name="includeConsole">The console's pages too; the administrator's every-task page takes seconds a request on SQLite.</param>
    public static async Task RunAsync(
        string serverDll, List<(string Name, string Provider, Func<string, string, Task<string>> CreateAsync)> databases, int tasks, CancellationToken ct, bool includeConsole = true)
    {
        var rows = new List<string>();
        foreach (var (name, provider, create) in databases)
        {
            var dir = Directory.CreateTempSubdirectory("taskforge-inbox-").FullName;
            try
            {
                var connection = await create(dir, "bench_inbox");
                var environment = PageTiming.ServerEnvironment(provider, connection, AdminPassword);
                string templateId;
                await using (var first = ServerProcess.Start(serverDll, dir, environment))
                {
                    await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), ct);
                    templateId = await PrepareAsync(first.BaseAddress, ct);
                }

                TasksBenchmark.Progress($"{name}: seeding {tasks:N0} tasks");
                var seed = Stopwatch.StartNew();
                await using (var db = await OpenAsync(provider, connection, ct))
                {
                    await ExecuteAsync(db, provider == "sqlite" ? SqliteSeed : PostgresSeed, templateId, tasks, ct);
                    TasksBenchmark.Progress(string.Create(CultureInfo.InvariantCulture, $"  seeded in {seed.Elapsed.TotalSeconds:F0} s; plan:"));
                    foreach (var line in (await PlanAsync(db, provider, null, ct)).Concat(await PlanAsync(db, provider, RegionFilter, ct)))
                    {
                        Console.WriteLine($"    {name}: {line}");
                    }
                }

                await using var server = ServerProcess.Start(serverDll, dir, environment);
                await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), ct);
                using (var htm = Client(server.BaseAddress, "inbox", UserPassword))
                {
                    var (p50, p99, items) = await PageTiming.TimeAsync(htm, "rest/bpm/htm/v1/tasks/query/TASKS_CLAIMABLE?size=50", ct);
                    Report(rows, name, tasks, "IBM face, `TASKS_CLAIMABLE?size=50`", items, p50, p99);
                    // Issue 15's filter no peer serves: the same inbox narrowed by a custom property that half of its tasks have.
                    (p50, p99, items) = await PageTiming.TimeAsync(htm,
                        $"rest/bpm/htm/v1/tasks/query/TASKS_CLAIMABLE?size=50&queryFilter={Uri.EscapeDataString(RegionFilter)}", ct);
                    Report(rows, name, tasks, $"IBM face, `TASKS_CLAIMABLE?size=50` + `{RegionFilter}`", items, p50, p99);
                }

                // The console: the same inbox as a page (tabs with their counts, the first 50 rows, the template choices),
                // for the user "inbox" signed in with a session cookie; then an administrator's "All" tab over every task.
                foreach (var (user, password, path, label) in includeConsole ? ConsoleRoutes : [])
                {
                    using var console = await ConsoleClientAsync(server.BaseAddress, user, password, ct);
                    var (p50, p99, items) = await PageTiming.TimeAsync(console, path, ct, ItemsOfPage);
                    Report(rows, name, tasks, label, items, p50, p99);
                }
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| Database | Tasks | Route | Items on the page | p50 (ms) | p99 (ms) |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
    }

    private static readonly (string User, string Password, string Path, string Label)[] ConsoleRoutes =
    [
        ("inbox", UserPassword, "inbox", "console `/inbox` (Available)"),
        ("inbox", UserPassword, "inbox?sort=due", "console `/inbox?sort=due`"),
        ("inbox", UserPassword, "inbox?q=BenchApproval", "console `/inbox?q=…` (text search)"),
        ("admin", AdminPassword, "inbox?tab=all", "console `/inbox?tab=all` (administrator, every READY task)"),
        ("admin", AdminPassword, "inbox?tab=all&state=any", "console `/inbox?tab=all&state=any` (administrator, every task)"),
    ];

    private static void Report(List<string> rows, string name, int tasks, string route, int items, double p50, double p99)
    {
        TasksBenchmark.Progress(string.Create(CultureInfo.InvariantCulture, $"  {route}: p50 {p50:F1} ms, p99 {p99:F1} ms, {items} items"));
        rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {tasks:N0} | {route} | {items} | {p50:F1} | {p99:F1} |"));
    }

    // Rows of the inbox table: each links to its task.
    private static int ItemsOfPage(byte[] body) => Encoding.UTF8.GetString(body).Split("<a href=\"/tasks/").Length - 1;

    /// <summary>A client with a console session: it signs in through the form, antiforgery token and all, as a browser does.</summary>
    private static async Task<HttpClient> ConsoleClientAsync(Uri baseAddress, string user, string password, CancellationToken ct)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var form = await client.GetStringAsync(new Uri("signin", UriKind.Relative), ct);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new FormUrlEncodedContent([
            KeyValuePair.Create("userName", user), KeyValuePair.Create("password", password), KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(token))]);
        using var signedIn = await client.PostAsync(new Uri("signin", UriKind.Relative), content, ct);
        return signedIn.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException($"console sign-in as {user} answered {(int)signedIn.StatusCode}");
    }

    /// <summary>The template and the user "inbox" in three of the groups, through the native API.</summary>
    private static async Task<string> PrepareAsync(Uri baseAddress, CancellationToken ct)
    {
        using var client = Client(baseAddress, "admin", AdminPassword);
        using var template = await PostAsync(client, "api/v1/task-templates", """
            {"name": "BenchApproval", "namespace": "http://taskforge.example/bench", "kind": "to-do", "priority": 3,
             "input": {"element": "request", "fields": [{"name": "amount", "type": "decimal", "required": true}]},
             "roles": {"potentialOwners": {"groups": ["g1"]}}}
            """, ct);
        using var user = await PostAsync(client, "api/v1/users", $$"""{"name": "inbox", "password": "{{UserPassword}}"}""", ct);
        foreach (var group in UserGroups)
        {
            using var _ = await PostAsync(client, "api/v1/groups", $$"""{"name": "{{group}}", "members": ["inbox"]}""", ct);
        }

        return template.RootElement.GetProperty("id").GetString()!;
    }


    /// <summary>Issue 15's custom-property filter: half of every group's tasks (alternate thousands) have region emea, the others apac.</summary>
    private const string RegionFilter = "TASK_CPROP1.NAME = 'region' AND TASK_CPROP1.STRING_VALUE = 'emea'";

    // One custom property per task, region: emea for even thousands, apac for odd ones, so half of each state's tasks match.
    private const string RegionSeed = """
        INSERT INTO task_properties (task_id, name, value)
        SELECT id, 'region', CASE WHEN ((created_at - 1700000000000) / 1000) % 2 = 0 THEN 'emea' ELSE 'apac' END FROM tasks WHERE template_id = @Template;
        """;

    // 10 % READY, 5 % CLAIMED, 85 % FINISHED by the thousand a task is in, so every group has tasks in each state.
    private static readonly string SqliteSeed = $"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @Count - 1)
        INSERT INTO tasks ({Columns})
        SELECT printf('_TKI:%032x', i), @Template, 'BenchApproval', 'http://taskforge.example/bench', 105,
               CASE WHEN (i / {Groups}) % 20 < 2 THEN 2 WHEN (i / {Groups}) % 20 = 2 THEN 8 ELSE 5 END, 0, 0, 0, 0, 1, (i * 7919) % 10, 'u' || (i % 100),
               CASE WHEN (i / {Groups}) % 20 = 2 THEN 'u' || (i % 100) END, 'u' || (i % 100), 0, printf('_TKI:%032x', i), 0, 0, 1, 0, 0, 0,
               0, '<request><amount>1</amount></request>', 1700000000000 + i, 1700000000000 + i, 1700000000000 + i, 1700000000000 + i, 1700000000000 + i, 1700000000000 + i, 2
        FROM n;
        INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority)
        SELECT id, 1, 3, 'g' || (CAST(created_at - 1700000000000 AS INTEGER) % {Groups}), created_at, state, priority FROM tasks WHERE template_id = @Template;
        INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority)
        SELECT id, 9, 2, originator, created_at, state, priority FROM tasks WHERE template_id = @Template;
        {RegionSeed}
        """;

    private static readonly string PostgresSeed = $"""
        INSERT INTO tasks ({Columns})
        SELECT '_TKI:' || lpad(to_hex(i), 32, '0'), @Template, 'BenchApproval', 'http://taskforge.example/bench', 105,
               CASE WHEN (i / {Groups}) % 20 < 2 THEN 2 WHEN (i / {Groups}) % 20 = 2 THEN 8 ELSE 5 END, 0, 0, 0, 0, 1, (i::bigint * 7919) % 10, 'u' || (i % 100),
               CASE WHEN (i / {Groups}) % 20 = 2 THEN 'u' || (i % 100) END, 'u' || (i % 100), 0, '_TKI:' || lpad(to_hex(i), 32, '0'), 0, 0, 1, 0, 0, 0,
               0, '<request><amount>1</amount></request>', 1700000000000 + i, 1700000000000 + i, 1700000000000 + i, 1700000000000 + i, 1700000000000 + i, 1700000000000 + i, 2
        FROM generate_series(0, @Count - 1) AS i;
        INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority)
        SELECT id, 1, 3, 'g' || ((created_at - 1700000000000) % {Groups}), created_at, state, priority FROM tasks WHERE template_id = @Template;
        INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority)
        SELECT id, 9, 2, originator, created_at, state, priority FROM tasks WHERE template_id = @Template;
        {RegionSeed}
        ANALYZE;
        """;

    private static async Task<List<string>> PlanAsync(DbConnection db, string provider, string? filter, CancellationToken ct)
    {
        // The request's query as the server builds it: the stored query for the user "inbox" in its groups.
        var claimable = StoredTaskQueries.Claimable;
        var where = filter is null ? claimable.Where : $"({claimable.Where}) AND ({filter})";
        var query = new TaskQuery(new TaskVisibility("inbox", UserGroups, Reasons: claimable.Reasons), WhereClauseParser.Parse(where),
            WhereClauseParser.ParseOrderBy(claimable.DefaultOrder), 0, 50, TimeProvider.System.GetUtcNow());
        var sql = TaskQuerySql.Build(query, count: false);
        return [sql.Text, .. await PageTiming.PlanAsync(db, provider, sql.Text, sql.Parameters, ct)];
    }

    internal static async Task<DbConnection> OpenAsync(string provider, string connection, CancellationToken ct)
    {
        DbConnection db = provider == "sqlite" ? new SqliteConnection(connection) : new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        return db;
    }

    private static Task ExecuteAsync(DbConnection db, string sql, string template, int count, CancellationToken ct) =>
        ExecuteAsync(db, sql, [("Template", template), ("Count", count)], ct);

    /// <summary>Runs a long seeding script in one transaction, with no command timeout to speak of.</summary>
    internal static async Task ExecuteAsync(DbConnection db, string sql, (string Name, object Value)[] parameters, CancellationToken ct)
    {
        await using var tx = await db.BeginTransactionAsync(ct);
        await using var command = db.CreateCommand();
        command.Transaction = tx;
        command.CommandTimeout = 3600;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        await command.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    internal static HttpClient Client(Uri baseAddress, string user, string password)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    internal static async Task<JsonDocument> PostAsync(HttpClient client, string path, string json, CancellationToken ct)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == HttpStatusCode.Created
            ? JsonDocument.Parse(text)
            : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
    }
}
