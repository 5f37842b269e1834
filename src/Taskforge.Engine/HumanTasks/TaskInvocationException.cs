using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks;

/// <summary>
/// An invoked workflow gave no answer a caller can use in time (<c>mode=sync</c> timed out, or the task failed without a
/// modelled fault): a server-side failure of the service the task stands for (ibm-bpm-htm.md §5.2, §12 item 9). The
/// task keeps running.
/// </summary>
public sealed class TaskInvocationException(string message, string taskId) : TaskforgeException(message)
{
    public string TaskId { get; } = taskId;
}
