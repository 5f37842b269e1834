using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Taskforge.Storage.Sqlite;

/// <summary>
/// The embedded store: a WAL-mode SQLite file. SQLite has exactly one writer, so writes queue on an
/// in-process gate instead of spinning on SQLITE_BUSY (Quartz's SQLiteSemaphore does the same); readers
/// run concurrently thanks to WAL.
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    private readonly string _connectionString;
    private readonly string _lockPath;
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private SqliteConnection? _writer; // under _writerGate
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private int _keptReaders;
    private volatile bool _disposed;

    // Native connections whose pragmas are set; weak, so a connection the pool closes drops out.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];
    private static readonly object Marker = new();

    public SqliteDatabase(string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString ?? "Data Source=./data/taskforge.db")
        {
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        };
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new ArgumentException("SQLite needs a database file; in-memory databases hide locking behaviour and lose data.", nameof(connectionString));
        }

        var path = Path.GetFullPath(builder.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        builder.DataSource = path;
        _connectionString = builder.ToString();
        _lockPath = path + ".migrate-lock";
        FilePath = path;

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL is a property of the file and persists; readers then never block the writer.
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    public string FilePath { get; }

    public override string Provider => StorageOptions.Sqlite;

    public override bool KeepsReadStatements => true;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // Pragmas belong to the native connection, which the pool keeps open between uses: set them once per native
        // connection, not on every open (a statement to prepare and run on every read, issue 15).
        if (Configured.TryAdd(connection.Handle!, Marker))
        {
            using var command = connection.CreateCommand();
            // NORMAL is durable against process crashes and kills in WAL mode; only an OS crash or power loss can
            // lose the last commits. FULL would fsync every commit and cut write throughput several times over.
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
            await command.ExecuteNonQueryAsync(ct);
        }

        return connection;
    }

    /// <remarks>
    /// Up to <see cref="MaxKeptReaders"/> connections stay open with their statements prepared; a read beyond them gets an
    /// ordinary pooled connection. An idle kept connection holds no read transaction, so it never holds back a WAL
    /// checkpoint.
    /// </remarks>
    public override async Task<ReadLease> ReadAsync(CancellationToken ct)
    {
        while (_readers.TryTake(out var kept))
        {
            if (kept.State == System.Data.ConnectionState.Open)
            {
                return new ReadLease(kept, GiveBackAsync);
            }

            await DropReaderAsync(kept);
        }

        var connection = (SqliteConnection)await OpenAsync(ct);
        if (Interlocked.Increment(ref _keptReaders) > MaxKeptReaders)
        {
            Interlocked.Decrement(ref _keptReaders);
            return new ReadLease(connection, null);
        }

        StatementCache.Attach(connection);
        return new ReadLease(connection, GiveBackAsync);
    }

    /// <summary>How many read connections stay open with their statements: enough for every request thread of a small machine.</summary>
    public static int MaxKeptReaders { get; } = Math.Max(4, Environment.ProcessorCount * 2);

    private async ValueTask GiveBackAsync(DbConnection connection)
    {
        var reader = (SqliteConnection)connection;
        if (_disposed || reader.State != System.Data.ConnectionState.Open)
        {
            await DropReaderAsync(reader);
            return;
        }

        _readers.Add(reader);
    }

    private async ValueTask DropReaderAsync(SqliteConnection reader)
    {
        Interlocked.Decrement(ref _keptReaders);
        StatementCache.Release(reader);
        await reader.DisposeAsync();
    }

    /// <remarks>
    /// Every write goes through one connection that stays open, the way SQLite's one writer is meant to be used: its
    /// statements stay prepared (<see cref="StatementCache"/>) and its pragmas set. Preparing and binding statements anew
    /// on every write took about a fifth of the server's CPU under the flow load (issue 15). A write whose transaction
    /// could not even be rolled back leaves the connection to be closed and opened again by the next.
    /// </remarks>
    public override async Task<WriteScope> BeginWriteAsync(CancellationToken ct)
    {
        await _writerGate.WaitAsync(ct);
        var release = new GateRelease(_writerGate);
        try
        {
            if (_writer is not { State: System.Data.ConnectionState.Open })
            {
                await CloseWriterAsync();
                _writer = (SqliteConnection)await OpenAsync(ct);
                StatementCache.Attach(_writer);
            }

            // Not deferred: BEGIN IMMEDIATE takes the write lock now, so another process fails fast on busy_timeout
            // instead of deadlocking on a read-to-write upgrade.
            var transaction = _writer.BeginTransaction(deferred: false);
            return new WriteScope(_writer, transaction, release, batchesStatements: false, ownsConnection: false, broken: OnBrokenWriter) { Metrics = Metrics };
        }
        catch
        {
            await CloseWriterAsync();
            release.Dispose();
            throw;
        }
    }

    // Under the gate (the scope that found its connection broken still holds it).
    private void OnBrokenWriter()
    {
        StatementCache.Release(_writer!);
        _writer?.Dispose();
        _writer = null;
    }

    private async Task CloseWriterAsync()
    {
        if (_writer is { } writer)
        {
            _writer = null;
            StatementCache.Release(writer);
            await writer.DisposeAsync();
        }
    }

    public override async Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken ct)
    {
        await _writerGate.WaitAsync(ct);
        try
        {
            // Another process on the same file: an exclusive OS file lock (flock on Unix) beside the database.
            var deadline = Environment.TickCount64 + 60_000;
            while (true)
            {
                try
                {
                    var file = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return new MigrationLock(file, _writerGate);
                }
                catch (IOException) when (Environment.TickCount64 < deadline)
                {
                    await Task.Delay(50, ct);
                }
            }
        }
        catch
        {
            _writerGate.Release();
            throw;
        }
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        _disposed = true;
        while (_readers.TryTake(out var reader))
        {
            await DropReaderAsync(reader);
        }

        await CloseWriterAsync();
        SqliteConnection.ClearAllPools();
        _writerGate.Dispose();
    }

    private sealed class GateRelease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class MigrationLock(FileStream file, SemaphoreSlim gate) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync();
            gate.Release();
        }
    }
}
