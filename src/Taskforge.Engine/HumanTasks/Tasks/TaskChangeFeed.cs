namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Tells watchers (the console's live lists and pages) that tasks changed, on this node or on another. It carries no data:
/// a watcher asks the engine again what it sees, so nobody learns of a task they may not read. Writers pay one increment
/// and one completed task per change; watchers wait on it instead of polling the database.
/// </summary>
public sealed class TaskChangeFeed
{
    private readonly Signal _any = new();
    private readonly Signal _local = new();

    /// <summary>Moves on every change seen here, local or reported by another node.</summary>
    public long Version => _any.Version;

    /// <summary>Moves on every change committed on this node (what other nodes must be told about).</summary>
    public long LocalVersion => _local.Version;

    /// <summary>A task change committed on this node.</summary>
    public void Changed()
    {
        _local.Raise();
        _any.Raise();
    }

    /// <summary>Another node reported that tasks changed there.</summary>
    public void ChangedElsewhere() => _any.Raise();

    /// <summary>True as soon as <see cref="Version"/> is past <paramref name="seen"/>; false when <paramref name="timeout"/> ran out first.</summary>
    public Task<bool> WaitAsync(long seen, TimeSpan timeout, TimeProvider time, CancellationToken ct) => _any.WaitAsync(seen, timeout, time, ct);

    /// <summary>True as soon as <see cref="LocalVersion"/> is past <paramref name="seen"/>; false when <paramref name="timeout"/> ran out first.</summary>
    public Task<bool> WaitLocalAsync(long seen, TimeSpan timeout, TimeProvider time, CancellationToken ct) => _local.WaitAsync(seen, timeout, time, ct);

    private sealed class Signal
    {
        private long _version;
        private TaskCompletionSource _next = New();

        public long Version => Interlocked.Read(ref _version);

        public void Raise()
        {
            Interlocked.Increment(ref _version);
            Interlocked.Exchange(ref _next, New()).TrySetResult();
        }

        public async Task<bool> WaitAsync(long seen, TimeSpan timeout, TimeProvider time, CancellationToken ct)
        {
            // Take the pending completion before looking at the version: a raise in between either moved the version
            // (seen at once) or completes this very task.
            var next = Volatile.Read(ref _next).Task;
            if (Version != seen)
            {
                return true;
            }

            try
            {
                await next.WaitAsync(timeout, time, ct);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
