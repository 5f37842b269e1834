using System.Data.Common;

namespace Taskforge.Storage;

/// <summary>A connection lent for a few quick reads (<see cref="SqlDatabase.ReadAsync"/>); disposing gives it back.</summary>
public sealed class ReadLease(DbConnection connection, Func<DbConnection, ValueTask>? giveBack) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public ValueTask DisposeAsync() => giveBack is null ? Connection.DisposeAsync() : giveBack(Connection);
}
