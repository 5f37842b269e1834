using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// The disk under a SQLite database fails while the server runs: it fills up, or the database's files turn read-only.
/// Writes answer 503 with Retry-After in each face's own format, reads go on, nothing half-written remains, and once
/// the disk is back the server takes writes again by itself, without a restart.
/// </summary>
public sealed class SqliteDiskFaultTests
{
    private const string Workflow = "disk-fault";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FullDisk_WritesAnswer503InEachFacesFormat_ReadsGoOn_WritesComeBackWithTheSpace()
    {
        using var disk = SmallFilesystem.Mount(megabytes: 24);
        await RunFaultAsync(disk, fault: () =>
        {
            CheckpointAndTruncateWal(disk);
            disk.Fill();
        }, repair: disk.Free);
    }

    [Fact]
    public async Task ReadOnlyDatabaseFile_WritesAnswer503_ReadsGoOn_WritesComeBackWhenWritable()
    {
        using var disk = SmallFilesystem.Mount(megabytes: 24);
        await RunFaultAsync(disk, fault: () =>
        {
            var db = DatabasePath(disk);
            disk.MakeImmutable(db, db + "-wal");
        }, repair: disk.MakeWritable);
    }

    private static async Task RunFaultAsync(SmallFilesystem disk, Action fault, Action repair)
    {
        var storage = new StorageOptions { Provider = StorageOptions.Sqlite, ConnectionString = $"Data Source={DatabasePath(disk)}" };
        await using var server = await ServerInstance.StartAsync(storage);
        var world = new HtmWorld(server);
        await world.SetUpAsync();
        var template = await world.TemplateAsync(HtmWorld.Approval("disk-approval"));
        var task = await world.TaskAsync(template);
        using var admin = server.Admin();
        await DefineWorkflowAsync(admin);
        var run = await StartRunAsync(admin, HttpStatusCode.Accepted);
        await PollFinishedAsync(admin, run!);
        using var console = await ConsoleHttp.SignInAsync(server.BaseAddress, ServerInstance.AdminName, ServerInstance.AdminPassword);
        var before = CountRows(disk);

        fault();
        try
        {
            // Writes: 503, Retry-After, each face's own error body.
            using (var vco = await StartRunResponseAsync(admin))
            {
                var body = await Refused503Async(vco);
                Assert.Equal(503, body["status"]!.GetValue<int>());
                Assert.Contains("database", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
            }

            using (var olga = world.As("olga"))
            using (var htm = await olga.PostAsync($"{HtmWorld.Root}task?taskTemplateID={template}&mode=async", HtmWorld.Xml(HtmWorld.ApprovalInput), Ct))
            {
                var body = await Refused503Async(htm);
                Assert.StartsWith("CWTKA", body["errorNumber"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.Contains("database", body["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
            }

            using (var native = await admin.PostAsJsonAsync("api/v1/users", new { name = "newcomer", password = "newcomer-password-1" }, Ct))
            {
                Assert.Equal("application/problem+json", native.Content.Headers.ContentType?.MediaType);
                var body = await Refused503Async(native);
                Assert.Equal(503, body["status"]!.GetValue<int>());
            }

            using (var page = await ConsoleHttp.PostFormAsync(console, "me", "me?handler=Token", ("tokenName", "during-the-fault")))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
                Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
                Assert.True(page.Headers.RetryAfter is not null, "the console's 503 page carries Retry-After");
                Assert.Contains("database", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }

            // Reads go on, in every face.
            await admin.GetAsync($"vco/api/workflows/{Workflow}/executions/{run}/", Ct).JsonAsync();
            using (var olga = world.As("olga"))
            {
                await olga.GetAsync($"{HtmWorld.Root}task/{task}", Ct).JsonAsync();
            }

            Assert.Equal(before, CountRows(disk));
            using (var inbox = await console.GetAsync("runs", Ct))
            {
                Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
            }
        }
        finally
        {
            repair();
        }

        // Back by itself: no restart, the next writes (after at most a few refusals while it notices) succeed.
        var after = await RetryUntilAcceptedAsync(admin);
        await PollFinishedAsync(admin, after);
        await admin.PostAsJsonAsync("api/v1/users", new { name = "newcomer", password = "newcomer-password-1" }, Ct).JsonAsync(HttpStatusCode.Created);
        await world.TaskAsync(template);

        // Nothing half-written: exactly the refused writes are missing, and the file is sound.
        var counts = CountRows(disk);
        Assert.Equal(before with { Runs = before.Runs + 1, Users = before.Users + 1, Tasks = before.Tasks + 1 }, counts);
        Assert.Equal("ok", IntegrityCheck(disk));
    }

    private static async Task<JsonNode> Refused503Async(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage?.RequestUri}: expected 503, got {(int)response.StatusCode}: {text}");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        return JsonNode.Parse(text)!;
    }

    private static async Task<string> RetryUntilAcceptedAsync(HttpClient admin)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await StartRunResponseAsync(admin);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return (await response.Content.ReadFromJsonAsync<JsonNode>(Ct))!["id"]!.GetValue<string>();
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await Task.Delay(100, Ct);
        }

        throw new TimeoutException("the server did not take writes again once the disk was back");
    }

    private sealed record Counts(long Runs, long Users, long Tasks, long Tokens);

    // Straight from the file: what the server committed, whatever its faces would show.
    private static Counts CountRows(SmallFilesystem disk)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath(disk)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Count(string table)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM {table};";
            return (long)command.ExecuteScalar()!;
        }

        return new Counts(Count("runs"), Count("users"), Count("tasks"), Count("api_tokens"));
    }

    private static async Task DefineWorkflowAsync(HttpClient admin)
    {
        var definition = new JsonObject
        {
            ["name"] = "Disk fault",
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "a", ["type"] = "script", ["script"] = "System.log('a');" },
                new JsonObject { ["id"] = "b", ["type"] = "script", ["script"] = "System.log('b');" }),
        };
        await admin.PutAsync($"api/v1/workflows/{Workflow}", HtmWorld.Json(definition), Ct).JsonAsync(HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> StartRunResponseAsync(HttpClient admin) =>
        admin.PostAsync($"vco/api/workflows/{Workflow}/executions", HtmWorld.Json("{}"), Ct);

    private static async Task<string?> StartRunAsync(HttpClient admin, HttpStatusCode expected)
    {
        var started = await StartRunResponseAsync(admin).JsonAsync(expected);
        return started?["id"]?.GetValue<string>();
    }

    private static async Task PollFinishedAsync(HttpClient admin, string run)
    {
        for (var i = 0; i < 400; i++)
        {
            var execution = await admin.GetAsync($"vco/api/workflows/{Workflow}/executions/{run}/", Ct).JsonAsync();
            var state = execution!["state"]!.GetValue<string>();
            if (state is "completed")
            {
                return;
            }

            Assert.NotEqual("failed", state);
            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"run {run} did not finish");
    }

    private static string DatabasePath(SmallFilesystem disk) => Path.Combine(disk.Directory, "taskforge.db");

    // An empty write-ahead log: the next write must grow it, so a full disk refuses it (a log with room would take it).
    private static void CheckpointAndTruncateWal(SmallFilesystem disk)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath(disk)};Pooling=False");
        connection.Open();
        using (var timeout = connection.CreateCommand())
        {
            timeout.CommandText = "PRAGMA busy_timeout=5000;";
            timeout.ExecuteNonQuery();
        }

        for (var attempt = 0; ; attempt++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            using var reader = command.ExecuteReader();
            reader.Read();
            if (reader.GetInt32(0) == 0 || attempt == 50)
            {
                Assert.Equal(0, reader.GetInt32(0));
                return;
            }

            Thread.Sleep(20);
        }
    }

    private static string IntegrityCheck(SmallFilesystem disk)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath(disk)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }
}
