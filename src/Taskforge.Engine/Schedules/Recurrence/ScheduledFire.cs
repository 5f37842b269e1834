namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// One fire a schedule owes. <see cref="Slot"/> is the occurrence it stands for and identifies it: the timer stores
/// (schedule, slot) under a unique key, so no slot fires twice. <see cref="FireAt"/> is when to start the run: the slot
/// itself, or "now" for a catch-up of a missed slot.
/// </summary>
public readonly record struct ScheduledFire(DateTimeOffset Slot, DateTimeOffset FireAt, bool IsCatchUp);
