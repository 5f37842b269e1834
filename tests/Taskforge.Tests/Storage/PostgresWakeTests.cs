using Npgsql;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage;
using Taskforge.Storage.Postgres;
using Taskforge.Storage.Runs;
using Taskforge.Storage.Schedules;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>
/// What the PostgreSQL store tells other nodes (<see cref="WakeChannels"/>), heard on a LISTEN connection of the test's
/// own: one NOTIFY per channel per committed transaction, none for a rollback, and only for work another node could be late for.
/// </summary>
public sealed class PostgresWakeTests(PostgresFixture postgres) : StoreTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override Task<StorageOptions> CreateDatabaseAsync() => postgres.CreateDatabaseAsync("wake");

    [Fact]
    public async Task ACommittedWrite_NotifiesEachChannelOnce_ARolledBackOneNever()
    {
        await using var listener = await ListenAsync();

        await using (var rolledBack = await Database.BeginWriteAsync(Ct))
        {
            rolledBack.Notify(WakeChannels.Timers);
        }

        await using (var committed = await Database.BeginWriteAsync(Ct))
        {
            committed.Notify(WakeChannels.Timers);
            committed.Notify(WakeChannels.Runs);
            committed.Notify(WakeChannels.Timers);
            await committed.CommitAsync(Ct);
        }

        Assert.Equal([WakeChannels.Runs, WakeChannels.Timers], (await HeardAsync(listener)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ATimerDueBeforeOtherNodesLookAgain_WakesThem_ALaterOneDoesNot()
    {
        var store = new SqlScheduleStore(Database, Time, Microsoft.Extensions.Options.Options.Create(new TimerOptions { PollInterval = TimeSpan.FromSeconds(30) }));
        await using var listener = await ListenAsync();

        await store.CreateAsync(Schedule("later", Time.GetUtcNow().AddMinutes(5)), Ct);
        var afterLater = await HeardAsync(listener);
        await store.CreateAsync(Schedule("soon", Time.GetUtcNow().AddSeconds(20)), Ct);
        var afterSoon = await HeardAsync(listener);

        Assert.Empty(afterLater);
        Assert.Equal([WakeChannels.Timers], afterSoon);
    }

    [Fact]
    public async Task ARunStoredForAnyNode_WakesTheirRunLoops_ALeasedOneDoesNot()
    {
        var store = new SqlRunStore(Database);
        await using var listener = await ListenAsync();

        await store.CreateAsync(NewRun("leased") with { LeaseOwner = "node-a", LeaseExpiresAt = Time.GetUtcNow().AddSeconds(30) }, [], Ct);
        var afterLeased = await HeardAsync(listener);
        await store.CreateAsync(NewRun("free"), [], Ct);
        var afterFree = await HeardAsync(listener);

        Assert.Empty(afterLeased);
        Assert.Equal([WakeChannels.Runs], afterFree);
    }

    [Fact]
    public void Backoff_StartsAtAQuarterSecond_AndDoublesUpTo30Seconds()
    {
        var delays = Enumerable.Range(1, 10).Select(PostgresWakeListener.Backoff).Select(d => d.TotalSeconds);

        Assert.Equal([0.25, 0.5, 1, 2, 4, 8, 16, 30, 30, 30], delays);
        Assert.Equal(TimeSpan.FromSeconds(30), PostgresWakeListener.Backoff(int.MaxValue));
    }

    private async Task<NpgsqlConnection> ListenAsync()
    {
        var connection = new NpgsqlConnection(Options.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand($"LISTEN {WakeChannels.Timers}; LISTEN {WakeChannels.Runs};", connection);
        await command.ExecuteNonQueryAsync(Ct);
        return connection;
    }

    // Notifications arrive after the commit that sent them; a quiet half second means there are no more.
    private static async Task<List<string>> HeardAsync(NpgsqlConnection connection)
    {
        var heard = new List<string>();
        void OnNotification(object sender, NpgsqlNotificationEventArgs e) => heard.Add(e.Channel);
        connection.Notification += OnNotification;
        try
        {
            while (await connection.WaitAsync(TimeSpan.FromMilliseconds(500), Ct))
            {
            }
        }
        finally
        {
            connection.Notification -= OnNotification;
        }

        return heard;
    }

    private Schedule Schedule(string id, DateTimeOffset due) => new(id, id, null, "wf", "{}", "[]", "one-time", null, null, null, due, null, StartMode.Normal,
        "skip", OverlapPolicy.Allow, ScheduleState.Pending, null, null, "admin", "[]", due, due, null, null, Time.GetUtcNow(), Time.GetUtcNow(), 0);

    private Run NewRun(string id) => new(id, "wf", 1, RunState.Running, "admin", "{}", "{}", "first", 0, null, false,
        Time.GetUtcNow(), null, null, 0, Time.GetUtcNow(), null);
}
