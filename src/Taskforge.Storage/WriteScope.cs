using System.Data.Common;
using System.Diagnostics;
using Taskforge.Storage.Telemetry;

namespace Taskforge.Storage;

/// <summary>An open connection with a write transaction; on SQLite it also holds the writer gate until disposed.</summary>
/// <param name="notifies">Whether <see cref="Notify"/> tells other processes (PostgreSQL); SQLite has only this one.</param>
/// <param name="batchesStatements">
/// Whether many statements are best sent as one command: yes across a network (PostgreSQL); not in process (SQLite),
/// where a round trip is a function call and one command binds each of its parameters to every statement.
/// </param>
/// <param name="ownsConnection">Whether disposing the scope closes the connection; not SQLite's writer, which stays open.</param>
/// <param name="broken">Called, before the gate is released, when a connection the scope does not own could not roll back.</param>
public sealed class WriteScope(
    DbConnection connection, DbTransaction transaction, IDisposable? gate, bool notifies = false, bool batchesStatements = true,
    bool ownsConnection = true, Action? broken = null)
    : IAsyncDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private HashSet<string>? _channels;
    private bool _committed;

    /// <summary>Where the transaction's duration is recorded when it ends (<see cref="SqlDatabase.Metrics"/>).</summary>
    public StoreMetrics? Metrics { get; init; }

    public bool BatchesStatements { get; } = batchesStatements;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    /// <summary>
    /// Wakes the nodes listening on <paramref name="channel"/> (one of <see cref="WakeChannels"/>) once this transaction
    /// commits: PostgreSQL delivers a NOTIFY only on commit, so nobody wakes for a write that rolled back. However many
    /// writes of the transaction ask, one NOTIFY per channel is sent.
    /// </summary>
    public void Notify(string channel)
    {
        if (notifies)
        {
            (_channels ??= new(StringComparer.Ordinal)).Add(channel);
        }
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_channels is { Count: > 0 })
        {
            await using var command = Connection.CreateCommand();
            command.Transaction = Transaction;
            command.CommandText = string.Concat(_channels.Select(c => $"NOTIFY {c};"));
            await command.ExecuteNonQueryAsync(ct);
        }

        await Transaction.CommitAsync(ct);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            try
            {
                await Transaction.DisposeAsync();
            }
            catch when (!ownsConnection && broken is not null)
            {
                broken();
                throw;
            }

            if (ownsConnection)
            {
                await Connection.DisposeAsync();
            }
        }
        finally
        {
            Metrics?.TransactionEnded(_started, _committed);
            gate?.Dispose();
        }
    }
}
