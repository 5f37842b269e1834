using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// Schedules, their fired slots and their timers. A schedule and its timer change in one transaction, so a schedule
/// can never be left without the timer that fires it, nor a timer outlive its schedule.
/// </summary>
public interface IScheduleStore
{
    Task CreateAsync(Schedule schedule, CancellationToken ct);

    Task<Schedule?> FindAsync(string id, CancellationToken ct);

    /// <summary>Schedules ordered by creation, optionally only those of one workflow.</summary>
    Task<IReadOnlyList<Schedule>> ListAsync(string? workflowId, CancellationToken ct);

    Task<IReadOnlyList<Schedule>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct);

    /// <summary>Replaces a schedule and its timer if it is still at <paramref name="expectedVersion"/>; false when someone changed it first.</summary>
    Task<bool> UpdateAsync(Schedule schedule, long expectedVersion, CancellationToken ct);

    /// <summary>
    /// Replaces the permission rules (JSON) of a schedule still at <paramref name="expectedVersion"/>; false when someone
    /// changed it first. The timer is left alone, so a node that claimed it keeps it.
    /// </summary>
    Task<bool> SetPermissionsAsync(string id, string permissions, DateTimeOffset now, long expectedVersion, CancellationToken ct);

    /// <summary>Removes the schedule and its timer; its fires and the runs they started stay.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct);

    /// <summary>The fired slots of a schedule, newest first: at most <paramref name="max"/>, those before <paramref name="before"/> when it is given.</summary>
    Task<IReadOnlyList<ScheduleFire>> ListFiresAsync(string scheduleId, DateTimeOffset? before, int max, CancellationToken ct);

    /// <summary>
    /// Deletes up to <paramref name="max"/> fired slots recorded before <paramref name="firedBefore"/>, keeping the newest
    /// <paramref name="keepPerSchedule"/> of each schedule that still exists whatever their age. Returns how many it deleted.
    /// </summary>
    Task<int> PruneFiresAsync(DateTimeOffset firedBefore, int keepPerSchedule, int max, CancellationToken ct);

    /// <summary>
    /// Commits fires that this node's timer claims allow: for each, the timer (still leased by <paramref name="node"/>
    /// at that slot) moves to the next fire or goes away, the slot is recorded under its unique key, the run starts,
    /// and the schedule moves on — in one transaction for the whole batch. A fire whose timer was lost, or whose slot
    /// already fired, changes nothing. Returns the fires that were applied.
    /// </summary>
    Task<IReadOnlyList<FireCommand>> ApplyFiresAsync(string node, IReadOnlyList<FireCommand> fires, CancellationToken ct);
}

/// <summary>
/// What firing one claimed slot does. <see cref="Run"/> is null when the slot is skipped (overlap) or could not start
/// (<see cref="Outcome"/> says which); <see cref="Schedule"/> is the schedule as it should be afterwards, its
/// <see cref="Schedule.NextFireAt"/>/<see cref="Schedule.NextSlotAt"/> being the timer's next due time and slot (none: the timer goes).
/// </summary>
/// <see cref="TimerSlot"/> is the slot the claimed timer stood for (the fence), when the fire records another: a late
/// catch-up fire stands for every slot it missed and is recorded under the latest of them.
/// <see cref="Facts"/> is what the slot is recorded with besides its outcome.
public sealed record FireCommand(
    DateTimeOffset Slot, DateTimeOffset FiredAt, FireOutcome Outcome, Run? Run, RunLogEntry? RunLog, Schedule Schedule, DateTimeOffset? TimerSlot = null,
    FireFacts? Facts = null)
{
    public DateTimeOffset FencedSlot => TimerSlot ?? Slot;
}
