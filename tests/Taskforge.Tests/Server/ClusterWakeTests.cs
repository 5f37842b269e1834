using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Taskforge.Storage;
using Taskforge.Storage.Postgres;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// Two nodes on one PostgreSQL database, each polling only every 30 s: work made on one (a schedule, a human task's
/// timer) wakes the other at once through LISTEN/NOTIFY, and a listener whose connection is killed connects again and keeps waking its node.
/// </summary>
public sealed class ClusterWakeTests(PostgresFixture postgres) : IAsyncLifetime
{
    private ServerInstance _a = null!;
    private ServerInstance _b = null!;
    private StorageOptions _storage = null!;
    private bool _aStopped;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _storage = await postgres.CreateDatabaseAsync("wake_cluster");
        _a = await ServerInstance.StartAsync(_storage, Node("node-a"));
        _b = await ServerInstance.StartAsync(_storage, Node("node-b"));
        using var admin = _a.Admin();
        using var workflow = new StringContent("""{"name":"Wake noop","steps":[{"type":"end"}]}""", Encoding.UTF8, "application/json");
        (await admin.PutAsync("api/v1/workflows/wake-noop", workflow, Ct)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        if (!_aStopped)
        {
            await _a.DisposeAsync();
        }
    }

    [Fact]
    public async Task AScheduleMadeOnOneNode_WakesTheOther_AndFiresWithinSeconds()
    {
        var listenerB = await ListeningAsync(_b, connections: 1);
        var timerWakes = listenerB.TimerWakes;
        var runWakes = listenerB.RunWakes;
        using var admin = _a.Admin();
        var due = DateTimeOffset.UtcNow.AddSeconds(1);

        var id = await CreateOneTimeTaskAsync(admin, due);
        var fired = await WaitForARunAsync(admin, id, TimeSpan.FromSeconds(10));

        // Node A may fire and run it itself; its notifications reach node B a moment later, on B's own connection.
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(5) && (listenerB.TimerWakes <= timerWakes || listenerB.RunWakes <= runWakes);)
        {
            await Task.Delay(20, Ct);
        }

        Assert.True(fired - due < TimeSpan.FromSeconds(2.5), $"fired {(fired - due).TotalMilliseconds:F0} ms after its instant (the poll is 30 s)");
        Assert.True(listenerB.TimerWakes > timerWakes, "node B's timer loop was not woken by node A's new timer");
        Assert.True(listenerB.RunWakes > runWakes, "node B's run loop was not woken by the run the fire stored");
    }

    [Fact]
    public async Task ATaskTimerDueSoonMadeOnOneNode_WakesTheOther_WhichExpiresTheTaskOnTime()
    {
        var listenerB = await ListeningAsync(_b, connections: 1);
        var world = new HtmWorld(_a);
        await world.SetUpAsync();
        var tktid = await world.TemplateAsync(HtmWorld.Approval("ExpiresSoon")
            .Replace("\"supportsSubTasks\": true,", "\"supportsSubTasks\": true, \"durationUntilExpires\": \"PT2S\",", StringComparison.Ordinal));
        var timerWakes = listenerB.TimerWakes;

        var tkiid = await world.TaskAsync(tktid);
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        // Node A goes away at once: only node B, which polls every 30 s, can expire the task near its instant.
        _aStopped = true;
        await _a.DisposeAsync();
        using var olga = new HtmWorld(_b).As("olga");
        string? state = null;
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10) && state != "STATE_EXPIRED"; await Task.Delay(50, Ct))
        {
            state = (await olga.GetAsync($"{HtmWorld.Root}task/{tkiid}", Ct).JsonAsync())!["state"]!.GetValue<string>();
        }

        var expired = DateTimeOffset.UtcNow;

        Assert.Equal("STATE_EXPIRED", state);
        Assert.True(expired - due < TimeSpan.FromSeconds(2.5), $"expired {(expired - due).TotalMilliseconds:F0} ms after its instant (the poll is 30 s)");
        Assert.True(listenerB.TimerWakes > timerWakes, "node B's timer loop was not woken by node A's task timer");
    }

    [Fact]
    public async Task AListenerWhoseConnectionDrops_ConnectsAgain_AndStillWakesItsNode()
    {
        var listenerB = await ListeningAsync(_b, connections: 1);
        var connections = listenerB.Connections;

        await using (var connection = new NpgsqlConnection(_storage.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @Name AND datname = current_database()", connection);
            kill.Parameters.AddWithValue("Name", PostgresWakeListener.ApplicationName);
            Assert.Equal(2L, await kill.ExecuteScalarAsync(Ct)); // both nodes' listeners
        }

        await ListeningAsync(_b, connections + 1);
        var timerWakes = listenerB.TimerWakes;
        using var admin = _a.Admin();
        await CreateOneTimeTaskAsync(admin, DateTimeOffset.UtcNow.AddSeconds(1));
        await WaitUntilAsync(() => listenerB.TimerWakes > timerWakes, "node B's listener did not hear node A after reconnecting");

        await _b.Anonymous().GetAsync("health/live", Ct).JsonAsync();
    }

    private static string[] Node(string id) =>
    [
        $"--Taskforge:Runs:NodeId={id}", "--Taskforge:Timers:PollInterval=00:00:30", "--Taskforge:Runs:PollInterval=00:00:30", "--Taskforge:Samples:Load=false",
    ];

    private static async Task<PostgresWakeListener> ListeningAsync(ServerInstance node, long connections)
    {
        var listener = node.App.Services.GetRequiredService<PostgresWakeListener>();
        await WaitUntilAsync(() => listener.Connections >= connections, $"the wake listener did not connect {connections} time(s)");
        return listener;
    }

    private static async Task<string> CreateOneTimeTaskAsync(HttpClient client, DateTimeOffset due)
    {
        var at = due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        using var body = new StringContent($$"""
            {"name":"Wake soon","workflow":{"id":"wake-noop"},"recurrence-cycle":"one-time","recurrence-start-date":"{{at}}"}
            """, Encoding.UTF8, "application/json");
        var task = await client.PostAsync("vco/api/tasks", body, Ct).JsonAsync(HttpStatusCode.Accepted);
        return task!["id"]!.GetValue<string>();
    }

    // When the task's first run shows up, as seen through the vRO API.
    private static async Task<DateTimeOffset> WaitForARunAsync(HttpClient client, string id, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            var runs = await client.GetAsync($"vco/api/tasks/{id}/executions", Ct).JsonAsync();
            if (runs!["relations"]!["link"]!.AsArray().Count > 0)
            {
                return DateTimeOffset.UtcNow;
            }

            await Task.Delay(20, Ct);
        }

        throw new TimeoutException($"Task {id} started no run within {timeout.TotalSeconds} s.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        for (var waited = Stopwatch.StartNew(); !condition(); await Task.Delay(20, Ct))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), failure);
        }
    }
}
