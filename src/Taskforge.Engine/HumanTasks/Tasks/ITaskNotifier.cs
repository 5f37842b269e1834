namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Tells people about due tasks and fired escalations (e-mail and event actions, ibm-bpm-htm.md §4.6). Called after the
/// change that caused it committed, so a notification never announces something that did not happen; a crash between
/// commit and call loses that one notification (at most once), which a mail is allowed to do and a task state is not.
/// </summary>
public interface ITaskNotifier
{
    Task NotifyAsync(TaskNotification notification, CancellationToken ct);
}
