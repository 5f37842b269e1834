using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// Kills the server process (SIGKILL, no clean shutdown) in the middle of runs, starts it again on the same database,
/// and proves every run finishes, none is lost, and no step whose checkpoint committed ran twice.
/// </summary>
public abstract class CrashRecoveryTests
{
    private const int Runs = 20;
    private static readonly string[] Steps = ["s1", "s2", "s3", "s4"];

    protected abstract Task<StorageOptions> CreateDatabaseAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledMidRun_EveryRunFinishesOnRestart_EachStepOnce()
    {
        var storage = await CreateDatabaseAsync();
        var workDir = Directory.CreateTempSubdirectory("taskforge-crash-").FullName;
        var ids = new List<string>();
        await using (var first = await StartAsync(storage, workDir))
        {
            using var client = Client(first);
            await DefineAsync(client);
            for (var i = 0; i < Runs; i++)
            {
                using var empty = new StringContent("{}", Encoding.UTF8, "application/json");
                var started = await client.PostAsync("vco/api/workflows/crash-steps/executions", empty, Ct).JsonAsync(HttpStatusCode.Accepted);
                ids.Add(started!["id"]!.GetValue<string>());
            }

            await Task.Delay(300, Ct);
        } // disposing kills the process outright

        await using var second = await StartAsync(storage, workDir);
        using var after = Client(second);
        foreach (var id in ids)
        {
            var execution = await PollAsync(after, $"vco/api/workflows/crash-steps/executions/{id}/");
            Assert.Equal("completed", execution["state"]!.GetValue<string>());
            var trail = execution["output-parameters"]![0]!["value"]!["array"]!["elements"]!.AsArray()
                .Select(e => e!["string"]!["value"]!.GetValue<string>()).ToArray();
            Assert.Equal(Steps, trail);
            var logs = await after.GetAsync($"vco/api/workflows/crash-steps/executions/{id}/syslogs?conditions=origin=system", Ct).JsonAsync();
            var lines = logs!["logs"]!.AsArray().Select(l => l!["entry"]!["short-description"]!.GetValue<string>()).ToArray();
            Assert.Equal(Steps, lines);
        }

        Directory.Delete(workDir, recursive: true);
    }

    // A short lease, so the restarted node takes over the dead node's runs within the test.
    private static Task<ServerProcess> StartAsync(StorageOptions storage, string workDir) =>
        ServerNodes.StartAsync(storage, workDir, new Dictionary<string, string> { ["Taskforge__Runs__Lease"] = "00:00:02" });

    private static HttpClient Client(ServerProcess server) => ServerNodes.Admin(server);

    private static async Task DefineAsync(HttpClient client)
    {
        var steps = new JsonArray();
        foreach (var step in Steps)
        {
            steps.Add(new JsonObject { ["id"] = step, ["type"] = "script", ["script"] = $"trail.push('{step}'); System.log('{step}');" });
            if (step == "s2")
            {
                steps.Add(new JsonObject { ["id"] = "pause", ["type"] = "wait", ["duration"] = "PT1S" });
            }
        }

        var definition = new JsonObject
        {
            ["name"] = "Crash steps",
            ["output-parameters"] = new JsonArray(new JsonObject { ["name"] = "trail", ["type"] = "Array/string", ["default"] = new JsonArray() }),
            ["steps"] = steps,
        };
        using var content = new StringContent(definition.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        await client.PutAsync("api/v1/workflows/crash-steps", content, Ct).JsonAsync(HttpStatusCode.Created);
    }

    private static async Task<JsonNode> PollAsync(HttpClient client, string path)
    {
        for (var i = 0; i < 600; i++)
        {
            var execution = (await client.GetAsync(path, Ct).JsonAsync())!;
            if (execution["state"]!.GetValue<string>() is "completed" or "failed" or "canceled")
            {
                return execution;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"{path} did not finish after the restart");
    }
}

public sealed class SqliteCrashRecoveryTests : CrashRecoveryTests, IDisposable
{
    private readonly SqliteFiles _files = new();

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();
}

public sealed class PostgresCrashRecoveryTests(PostgresFixture postgres) : CrashRecoveryTests
{
    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("crash");
}
