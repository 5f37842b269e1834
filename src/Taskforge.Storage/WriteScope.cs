using System.Data.Common;

namespace Taskforge.Storage;

/// <summary>An open connection with a write transaction; on SQLite it also holds the writer gate until disposed.</summary>
/// <param name="batchesStatements">
/// Whether many statements are best sent as one command: yes across a network (PostgreSQL); not in process (SQLite),
/// where a round trip is a function call and one command binds each of its parameters to every statement.
/// </param>
public sealed class WriteScope(DbConnection connection, DbTransaction transaction, IDisposable? gate, bool batchesStatements = true) : IAsyncDisposable
{
    public bool BatchesStatements { get; } = batchesStatements;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public Task CommitAsync(CancellationToken ct) => Transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            gate?.Dispose();
        }
    }
}
