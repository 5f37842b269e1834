using System.Data.Common;
using Npgsql;

namespace Taskforge.Storage.Postgres;

/// <summary>
/// The clustered store: any number of nodes share one PostgreSQL database and coordinate through row
/// claims and advisory locks, never through process memory.
/// </summary>
public sealed class PostgresDatabase : SqlDatabase
{
    // An arbitrary constant naming "Taskforge migrations" among the database's advisory locks.
    private const long MigrationLockKey = 0x7461736B666F72;
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("PostgreSQL needs Taskforge:Storage:ConnectionString.", nameof(connectionString));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains(nameof(builder.MaxAutoPrepare)))
        {
            // The same few statements run over and over (a task change, a run's checkpoint): prepared once per connection,
            // PostgreSQL skips parsing and planning them. An operator's own "Max Auto Prepare" wins.
            builder.MaxAutoPrepare = 64;
        }

        if (!given.Contains(nameof(builder.NoResetOnClose)))
        {
            // A pooled connection carries no session state of Taskforge's (no SET, no LISTEN: the wake listener has its own
            // connection; the migration lock is released before the connection goes back), so the reset Npgsql would run
            // on each reuse is work for nothing.
            builder.NoResetOnClose = true;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override string Provider => StorageOptions.Postgres;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public override async Task<WriteScope> BeginWriteAsync(CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            return new WriteScope(connection, transaction, null, notifies: true) { Metrics = Metrics };
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken ct)
    {
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT pg_advisory_lock({MigrationLockKey})";
            await command.ExecuteNonQueryAsync(ct);
        }

        return new AdvisoryLock(connection, MigrationLockKey, ownsConnection: false);
    }

    public override async Task<IAsyncDisposable> LockAcrossNodesAsync(long key, CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_advisory_lock($1)";
            command.Parameters.Add(new NpgsqlParameter { Value = key });
            await command.ExecuteNonQueryAsync(ct);
            return new AdvisoryLock(connection, key, ownsConnection: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    // PostgreSQL takes concurrent writers; a few transactions in flight keep its WAL flushes overlapping.
    protected override int Committers => 4;

    protected override ValueTask DisposeCoreAsync() => _dataSource.DisposeAsync();

    private sealed class AdvisoryLock(DbConnection connection, long key, bool ownsConnection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT pg_advisory_unlock({key})";
                await command.ExecuteNonQueryAsync();
            }

            if (ownsConnection)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
