using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks;

/// <summary>
/// An invoked workflow gave no answer a caller can use in time (<c>mode=sync</c> timed out): IBM's 500
/// <see cref="HtmErrorNumbers.InvokedServiceFailed"/> (ibm-bpm-htm.md §5.2, §12 item 9). The task keeps running.
/// </summary>
public sealed class TaskInvocationException(string message, string taskId) : TaskforgeException(message)
{
    public string ErrorNumber { get; } = HtmErrorNumbers.InvokedServiceFailed;

    public string TaskId { get; } = taskId;
}
