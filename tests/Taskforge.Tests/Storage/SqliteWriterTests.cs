using Dapper;
using Microsoft.Data.Sqlite;
using Taskforge.Storage;
using Taskforge.Storage.Sqlite;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>
/// SQLite's one writer connection (issue 15): it stays open across writes with its statements prepared, survives a
/// failed write and a schema change, and the pooled read connections keep the pragmas they were given once.
/// </summary>
public sealed class SqliteWriterTests : StoreTestBase, IDisposable
{
    private const string Insert = "INSERT INTO task_properties (task_id, name, value) VALUES (@TaskId, 'writer', @Value)";
    private readonly SqliteFiles _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override Task<StorageOptions> CreateDatabaseAsync() => Task.FromResult(_files.Create());

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Writes_ShareOneConnection_AndKeepTheirStatementsPrepared()
    {
        var first = await WriteAsync("t1", "a");
        var second = await WriteAsync("t2", "b");

        Assert.Same(first.Connection, second.Connection);
        Assert.Equal(1, first.Kept);
        Assert.Equal(1, second.Kept);
        Assert.Equal(["a", "b"], await ValuesAsync());
    }

    [Fact]
    public async Task AKeptStatement_StillRuns_AfterAMigrationChangedTheTable()
    {
        await WriteAsync("t1", "before");

        // What a later migration might do, through a connection of its own: a new column with a default, and an index.
        await using (var other = await Database.OpenAsync(Ct))
        {
            await other.ExecuteAsync("ALTER TABLE task_properties ADD COLUMN extra TEXT NOT NULL DEFAULT 'x'; CREATE INDEX ix_writer_test ON task_properties (value)");
        }

        await WriteAsync("t2", "after");

        await using var connection = await Database.OpenAsync(Ct);
        Assert.Equal(["x", "x"], await connection.QueryAsync<string>("SELECT extra FROM task_properties WHERE name = 'writer' ORDER BY value"));
        Assert.Equal(["after", "before"], await ValuesAsync());
    }

    [Fact]
    public async Task AFailedWrite_RollsBack_AndTheNextWriteCommitsOnTheSameConnection()
    {
        var first = await WriteAsync("t1", "kept");

        await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var scope = await Database.BeginWriteAsync(Ct);
            await Batch("t2", "rolled back").ExecuteAsync(scope.Connection, scope.Transaction, scope.BatchesStatements, Ct);
            await Batch("t1", "duplicate").ExecuteAsync(scope.Connection, scope.Transaction, scope.BatchesStatements, Ct);
            await scope.CommitAsync(Ct);
        });
        var next = await WriteAsync("t3", "next");

        Assert.Same(first.Connection, next.Connection);
        Assert.Equal(["kept", "next"], await ValuesAsync());
    }

    [Fact]
    public async Task PooledReadConnections_KeepThePragmas_SetOnTheirFirstOpen()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await Database.OpenAsync(Ct);

            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // NORMAL
            Assert.Equal(10_000, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        }
    }

    [Fact]
    public async Task KeptReadConnections_AreLentAgain_WithTheirStatements_AndSeeEveryLaterCommit()
    {
        await WriteAsync("t1", "first");
        object lent;
        await using (var lease = await Database.ReadAsync(Ct))
        {
            lent = lease.Connection;
            Assert.Equal(["first"], await KeptValuesAsync(lease));
        }

        await WriteAsync("t2", "second");

        await using (var lease = await Database.ReadAsync(Ct))
        {
            Assert.Same(lent, lease.Connection);
            Assert.Equal(1, StatementCache.Of(lease.Connection)?.Count);
            Assert.Equal(["first", "second"], await KeptValuesAsync(lease)); // an idle kept connection holds no old snapshot
        }
    }

    [Fact]
    public async Task ReadsBeyondTheKeptConnections_GetOrdinaryOnes_AndAllAnswer()
    {
        await WriteAsync("t1", "only");
        var leases = new List<ReadLease>();
        try
        {
            for (var i = 0; i < SqliteDatabase.MaxKeptReaders + 2; i++)
            {
                leases.Add(await Database.ReadAsync(Ct));
            }

            Assert.Equal(SqliteDatabase.MaxKeptReaders, leases.Count(l => StatementCache.Of(l.Connection) is not null));
            foreach (var lease in leases)
            {
                Assert.Equal(["only"], await KeptValuesAsync(lease));
            }
        }
        finally
        {
            foreach (var lease in leases)
            {
                await lease.DisposeAsync();
            }
        }
    }

    private static async Task<List<string>> KeptValuesAsync(ReadLease lease) =>
        [.. (await KeptQuery.QueryAsync<ValueRow>(lease.Connection, "SELECT value FROM task_properties WHERE name = @Name ORDER BY value", new { Name = "writer" }, Ct))
            .Select(r => r.Value)];

    private sealed class ValueRow
    {
        public string Value { get; set; } = "";
    }

    private static StatementBatch Batch(string taskId, string value)
    {
        var batch = new StatementBatch();
        batch.Add(Insert, new { TaskId = taskId, Value = value });
        return batch;
    }

    private async Task<(object Connection, int Kept)> WriteAsync(string taskId, string value)
    {
        await using var scope = await Database.BeginWriteAsync(Ct);
        await Batch(taskId, value).ExecuteAsync(scope.Connection, scope.Transaction, scope.BatchesStatements, Ct);
        await scope.CommitAsync(Ct);
        return (scope.Connection, StatementCache.Of(scope.Connection)?.Count ?? 0);
    }

    private async Task<List<string>> ValuesAsync()
    {
        await using var connection = await Database.OpenAsync(Ct);
        return [.. await connection.QueryAsync<string>("SELECT value FROM task_properties WHERE name = 'writer' ORDER BY value")];
    }
}
