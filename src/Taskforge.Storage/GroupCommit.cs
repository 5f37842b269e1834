using System.Threading.Channels;

namespace Taskforge.Storage;

/// <summary>
/// Group commit: writes that arrive while a transaction is being committed wait and are then committed together in
/// the next one. A commit is the expensive part of a small write (SQLite's single writer, PostgreSQL's WAL flush),
/// so many runs stepping at once share commits instead of queueing for one each. Each caller still learns its own
/// outcome only after the transaction holding its write has committed.
/// </summary>
/// <remarks>
/// A write that throws rolls back its batch; every write of that batch is then retried in a transaction of its own,
/// so one bad write fails alone. Writes must therefore be safe to run again after a rollback (they are plain
/// statements whose effects the rollback undid).
/// </remarks>
public sealed class GroupCommit : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly SqlDatabase _database;
    private readonly Channel<IPendingWrite> _queue = Channel.CreateUnbounded<IPendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _committers;

    /// <param name="committers">Transactions in flight at once: 1 for SQLite (one writer), a few for PostgreSQL.</param>
    public GroupCommit(SqlDatabase database, int committers)
    {
        _database = database;
        _committers = [.. Enumerable.Range(0, committers).Select(_ => Task.Run(CommitLoopAsync))];
    }

    /// <summary>Runs <paramref name="write"/> inside a shared write transaction and returns its result once that transaction committed.</summary>
    public Task<T> WriteAsync<T>(Func<WriteScope, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        // The caller may stop waiting; the write itself still commits or fails with its batch.
        return pending.Completion.Task.WaitAsync(ct);
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<IPendingWrite>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed: pending writes are failed below.
        }
    }

    private async Task CommitAsync(List<IPendingWrite> batch)
    {
        var ct = _stopping.Token;
        try
        {
            await using var scope = await _database.BeginWriteAsync(ct);
            foreach (var write in batch)
            {
                await write.RunAsync(scope, ct);
            }

            await scope.CommitAsync(ct);
        }
        catch (Exception) when (batch.Count > 1 && !ct.IsCancellationRequested)
        {
            // One write failed and took the batch with it: retry each alone, so only the bad one fails.
            foreach (var write in batch)
            {
                await CommitAsync([write]);
            }

            return;
        }
        catch (Exception ex)
        {
            foreach (var write in batch)
            {
                write.Fail(ex);
            }

            return;
        }

        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_committers);
        while (_queue.Reader.TryRead(out var left))
        {
            left.Fail(new ObjectDisposedException(nameof(GroupCommit)));
        }

        _stopping.Dispose();
    }

    private interface IPendingWrite
    {
        Task RunAsync(WriteScope scope, CancellationToken ct);

        void Complete();

        void Fail(Exception ex);
    }

    private sealed class PendingWrite<T>(Func<WriteScope, CancellationToken, Task<T>> write) : IPendingWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(WriteScope scope, CancellationToken ct) => _result = await write(scope, ct);

        public void Complete() => Completion.TrySetResult(_result!);

        public void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
