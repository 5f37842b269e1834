using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Something people should hear about a task: it is due (<see cref="TaskEvents.Due"/>), or one of its escalations fired
/// (<see cref="TaskEvents.EscalationFired"/>, with the escalation's name and action). <see cref="Receivers"/> are work
/// items (users, groups, everybody); resolving them to addresses is the notifier's business.
/// </summary>
public sealed record TaskNotification(
    string TaskId,
    string TaskName,
    string Event,
    DateTimeOffset At,
    IReadOnlyList<WorkItem> Receivers,
    string? EscalationId = null,
    string? EscalationName = null,
    EscalationAction? Action = null);
