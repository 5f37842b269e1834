using System.Data.Common;

namespace Taskforge.Storage;

/// <summary>
/// One relational database as the stores see it. The two dialects differ only where the databases do:
/// how connections open, how writers are serialised, and how migrations are locked.
/// </summary>
public abstract class SqlDatabase : IAsyncDisposable
{
    private readonly Lazy<GroupCommit> _groupCommit;

    static SqlDatabase()
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    protected SqlDatabase()
    {
        _groupCommit = new(() => new GroupCommit(this, Committers));
    }

    /// <summary>Shared write transactions for small, frequent writes (run starts and checkpoints).</summary>
    public GroupCommit GroupCommit => _groupCommit.Value;

    /// <summary>The store's instruments; none for a database opened without them (<see cref="StorageServiceCollectionExtensions.Open"/>).</summary>
    public Telemetry.StoreMetrics? Metrics { get; internal set; }

    /// <summary>How many group-commit transactions may be in flight at once.</summary>
    protected virtual int Committers => 1;

    /// <summary><c>sqlite</c> or <c>postgres</c>; also the folder of this dialect's migrations.</summary>
    public abstract string Provider { get; }

    /// <summary>A connection for reads (and for writes that need no transaction on PostgreSQL).</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// A connection for the few hot reads that go through <see cref="KeptQuery"/>. SQLite lends one of a few connections
    /// that stay open with their statements prepared; PostgreSQL's driver already prepares statements per pooled
    /// connection, so it lends an ordinary one.
    /// </summary>
    public virtual async Task<ReadLease> ReadAsync(CancellationToken ct) => new(await OpenAsync(ct), null);

    /// <summary>
    /// Whether <see cref="ReadAsync"/> lends connections with kept statements, where a statement is a function call in
    /// process (SQLite): several small kept statements then beat one command prepared anew; across a network one
    /// command of several statements (one round trip) wins.
    /// </summary>
    public virtual bool KeepsReadStatements => false;

    /// <summary>A write transaction. SQLite has one writer, so this waits for the in-process gate first.</summary>
    public abstract Task<WriteScope> BeginWriteAsync(CancellationToken ct);

    /// <summary>Held while migrations run, so that two nodes starting together apply each migration once.</summary>
    public abstract Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken ct);

    /// <summary>
    /// Held while a node does something at start that only one node of a cluster may do at a time (making the first key of
    /// a shared key ring). PostgreSQL: an advisory lock on a connection of its own, so the work may write through other
    /// connections. SQLite: nothing, since one process owns the database and its writer gate serialises its writes.
    /// </summary>
    public virtual Task<IAsyncDisposable> LockAcrossNodesAsync(long key, CancellationToken ct) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    /// <summary>
    /// Appended to the inner SELECT of a batch claim. PostgreSQL skips rows another node is claiming; SQLite needs
    /// nothing, because its single writer already serialises claims.
    /// </summary>
    public virtual string SkipLocked => "";

    public async ValueTask DisposeAsync()
    {
        if (_groupCommit.IsValueCreated)
        {
            await _groupCommit.Value.DisposeAsync();
        }

        await DisposeCoreAsync();
        Metrics?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract ValueTask DisposeCoreAsync();

    private sealed class NoLock : IAsyncDisposable
    {
        public static NoLock Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
