using System.Net;
using System.Text;
using Npgsql;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// Two real server processes on one PostgreSQL database fire a burst of tasks due at one instant; one is SIGKILLed
/// while the burst is being fired. Every slot still fires exactly once: the survivor takes over the dead node's
/// claimed timers when their lease runs out, and the unique (schedule, slot) key refuses any second fire.
/// </summary>
public sealed class ScheduleKillTests(PostgresFixture postgres)
{
    private const int Tasks = 600;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANodeKilledMidBurst_LosesNoSlot_AndNoSlotFiresTwice()
    {
        var storage = await postgres.CreateDatabaseAsync("schedkill");
        var workDir = Directory.CreateTempSubdirectory("taskforge-schedkill-").FullName;
        await using var survivor = await StartAsync(storage, workDir, "survivor");
        var victim = await StartAsync(storage, workDir, "victim");
        try
        {
            using var a = Client(survivor);
            using var b = Client(victim);
            using (var workflow = new StringContent("""{"name":"Noop","steps":[{"type":"end"}]}""", Encoding.UTF8, "application/json"))
            {
                await a.PutAsync("api/v1/workflows/noop", workflow, Ct).JsonAsync(HttpStatusCode.Created);
            }

            // Due once creation should be over; on a loaded machine creation may overrun it, and then the burst starts while
            // tasks are still being created: the exactly-once and no-miss checks below hold either way.
            var due = DateTimeOffset.UtcNow.AddSeconds(10);
            await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var i = worker; i < Tasks; i += 8)
                {
                    using var body = new StringContent($$"""
                        {"name":"t{{i}}","workflow":{"id":"noop"},"recurrence-start-date":"{{due:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}"}
                        """, Encoding.UTF8, "application/json");
                    await (i % 2 == 0 ? a : b).PostAsync("vco/api/tasks", body, Ct).JsonAsync(HttpStatusCode.Accepted);
                }
            }, Ct)));

            // Kill the victim once it has fired part of the burst, with claimed timers still in hand.
            await WaitUntilAsync(storage, "SELECT COUNT(*) FROM schedule_fires WHERE node = 'victim'", n => n > 0, TimeSpan.FromSeconds(20));
            await victim.DisposeAsync();

            await WaitUntilAsync(storage, "SELECT COUNT(DISTINCT schedule_id) FROM schedule_fires", n => n == Tasks, TimeSpan.FromSeconds(30));
            Assert.Equal(Tasks, await ScalarAsync(storage, "SELECT COUNT(*) FROM schedule_fires"));
            Assert.Equal(Tasks, await ScalarAsync(storage, "SELECT COUNT(*) FROM runs WHERE workflow_id = 'noop'"));
            Assert.True(await ScalarAsync(storage, "SELECT COUNT(*) FROM schedule_fires WHERE node = 'survivor'") > 0);
        }
        finally
        {
            await victim.DisposeAsync();
            Directory.Delete(workDir, recursive: true);
        }
    }

    // Small batches and a short lease: the victim dies holding claimed timers, which the survivor takes over quickly.
    private static Task<ServerProcess> StartAsync(StorageOptions storage, string workDir, string node) =>
        ServerNodes.StartAsync(storage, workDir, new Dictionary<string, string>
        {
            ["Taskforge__Runs__NodeId"] = node, ["Taskforge__Timers__BatchSize"] = "20", ["Taskforge__Timers__Lease"] = "00:00:02",
        });

    private static HttpClient Client(ServerProcess server) => ServerNodes.Admin(server);

    private static async Task WaitUntilAsync(StorageOptions storage, string sql, Func<long, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        // The timeout counts from the last progress: on a loaded machine the burst is slow, but it must never stall.
        long? last = null;
        while (true)
        {
            var value = await ScalarAsync(storage, sql);
            if (condition(value))
            {
                return;
            }

            if (value != last)
            {
                last = value;
                deadline = DateTime.UtcNow + timeout;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no progress for {timeout.TotalSeconds} s: {sql} = {value}");
            await Task.Delay(5, Ct);
        }
    }

    private static async Task<long> ScalarAsync(StorageOptions storage, string sql)
    {
        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
