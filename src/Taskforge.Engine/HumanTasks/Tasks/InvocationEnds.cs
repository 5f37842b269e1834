using System.Collections.Concurrent;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// In-process news that an invocation task ended, for <c>mode=sync</c> callers waiting on this node; a task ended on
/// another node is found by the waiter's bounded poll instead.
/// </summary>
public sealed class InvocationEnds
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Completes when <see cref="Ended"/> is next called for the task (the caller then reads the task).</summary>
    public Task WhenEndedAsync(string taskId) =>
        _waiting.GetOrAdd(taskId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Ended(string taskId)
    {
        if (_waiting.TryRemove(taskId, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
