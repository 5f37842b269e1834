namespace Taskforge.Storage;

/// <summary>
/// Group commit: writes that arrive while a transaction is being committed wait and are then committed together in
/// the next one. A commit is the expensive part of a small write (SQLite's single writer, PostgreSQL's WAL flush),
/// so many runs stepping at once share commits instead of queueing for one each. Each caller still learns its own
/// outcome only after the transaction holding its write has committed.
/// </summary>
/// <remarks>
/// <para>
/// There is no committer thread: a write that finds a committer slot free commits itself, together with whatever
/// queued meanwhile, on its own thread. On a quiet server every write is such a leader and costs no hand-over between
/// threads; under load the writes that queue behind a commit share the next one. A leader leaves once its own write
/// has committed, and hands what is still queued to a committer of its own, so no caller waits for others' commits
/// beyond the one that carried its write.
/// </para>
/// <para>
/// A write that throws rolls back its batch; every write of that batch is then retried in a transaction of its own,
/// so one bad write fails alone. Writes must therefore be safe to run again after a rollback (they are plain
/// statements whose effects the rollback undid).
/// </para>
/// </remarks>
public sealed class GroupCommit : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly SqlDatabase _database;
    private readonly int _maxCommitters;
    private readonly object _gate = new();
    private readonly Queue<IPendingWrite> _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HandOver _handOver;
    private int _committers;
    private bool _disposed;

    /// <param name="committers">Transactions in flight at once: 1 for SQLite (one writer), a few for PostgreSQL.</param>
    public GroupCommit(SqlDatabase database, int committers)
    {
        _database = database;
        _maxCommitters = committers;
        _handOver = new HandOver(this);
    }

    /// <summary>Runs <paramref name="write"/> inside a shared write transaction and returns its result once that transaction committed.</summary>
    public async Task<T> WriteAsync<T>(Func<WriteScope, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write);
        bool leads;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(pending);
            leads = _committers < _maxCommitters;
            if (leads)
            {
                _committers++;
            }
        }

        if (leads)
        {
            // The commit is not the caller's to cancel: its transaction may carry other callers' writes.
            await CommitUntilAsync(pending);
        }

        // The caller may stop waiting; the write itself still commits or fails with its batch.
        return await pending.Completion.Task.WaitAsync(ct);
    }

    /// <summary>Commits queued batches until <paramref name="own"/> has its outcome (or, for a hand-over, until the queue is empty).</summary>
    private async Task CommitUntilAsync(IPendingWrite? own)
    {
        try
        {
            while (true)
            {
                List<IPendingWrite> batch;
                lock (_gate)
                {
                    if (_queue.Count == 0)
                    {
                        Release();
                        return;
                    }

                    if (own is not null && own.IsDone)
                    {
                        // What queued behind this leader's commit gets a committer of its own (this slot), so the leader's
                        // caller returns now.
                        ThreadPool.UnsafeQueueUserWorkItem(_handOver, preferLocal: false);
                        return;
                    }

                    batch = new List<IPendingWrite>(Math.Min(_queue.Count, MaxBatch));
                    while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
                    {
                        batch.Add(next);
                    }
                }

                _database.Metrics?.GroupCommitted(batch.Count);

                await CommitAsync(batch);
            }
        }
        catch (Exception ex)
        {
            // CommitAsync reports every failure to its writes; this is a bug's last line: fail what waits, free the slot.
            lock (_gate)
            {
                while (_queue.TryDequeue(out var left))
                {
                    left.Fail(ex);
                }

                Release();
            }
        }
    }

    // Under _gate.
    private void Release()
    {
        _committers--;
        if (_disposed && _committers == 0)
        {
            _idle.TrySetResult();
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
        bool busy;
        lock (_gate)
        {
            _disposed = true;
            busy = _committers > 0;
            while (_queue.TryDequeue(out var left))
            {
                left.Fail(new ObjectDisposedException(nameof(GroupCommit)));
            }
        }

        await _stopping.CancelAsync();
        if (busy)
        {
            await _idle.Task;
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// A committer for what queued behind a leader, on the thread pool and without the leader's request context (its
    /// trace, its log scope). The same item serves every hand-over. Its task needs no observer: CommitUntilAsync fails
    /// each write it cannot commit instead of faulting, and DisposeAsync waits for the slot it holds.
    /// </summary>
    private sealed class HandOver(GroupCommit commit) : IThreadPoolWorkItem
    {
        public void Execute() => _ = commit.CommitUntilAsync(null);
    }

    private interface IPendingWrite
    {
        bool IsDone { get; }

        Task RunAsync(WriteScope scope, CancellationToken ct);

        void Complete();

        void Fail(Exception ex);
    }

    private sealed class PendingWrite<T>(Func<WriteScope, CancellationToken, Task<T>> write) : IPendingWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsDone => Completion.Task.IsCompleted;

        public async Task RunAsync(WriteScope scope, CancellationToken ct) => _result = await write(scope, ct);

        public void Complete() => Completion.TrySetResult(_result!);

        public void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
