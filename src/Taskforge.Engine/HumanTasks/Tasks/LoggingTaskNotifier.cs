using Microsoft.Extensions.Logging;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// The default notifier: one structured log line per notification (task, event, escalation, action, receivers) for a
/// log shipper or an operator to act on. Business data is never logged: it may hold personal or secret values.
/// </summary>
public sealed partial class LoggingTaskNotifier(ILogger<LoggingTaskNotifier> logger) : ITaskNotifier
{
    public Task NotifyAsync(TaskNotification notification, CancellationToken ct)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return Task.CompletedTask;
        }

        var receivers = string.Join(",", notification.Receivers.Select(r => r.Kind == WorkItemKind.Everybody ? "*" : $"{r.Kind.ToString().ToLowerInvariant()}:{r.Principal}"));
        Notified(logger, notification.Event, notification.TaskId, notification.TaskName, notification.EscalationName, notification.Action, receivers);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information,
        Message = "Task notification {Event} for task {TaskId} ({TaskName}); escalation {Escalation}, action {Action}, receivers {Receivers}")]
    private static partial void Notified(ILogger logger, string @event, string taskId, string taskName, string? escalation, Templates.EscalationAction? action, string receivers);
}
