namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// Decides a schedule's next fire from its recurrence, its start mode or misfire policy, "now" and the last slot that
/// fired. Pure functions: the timer service stores the result and calls again after each fire.
/// </summary>
public static class FirePlanner
{
    /// <summary>The most slots <see cref="MissedSlotsToFire"/> returns at once.</summary>
    public const int MaxMissedSlots = 1000;

    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>
    /// The next fire under vRO's <c>start-mode</c> (DESIGN.md). <c>normal</c>: the first occurrence at or after both the
    /// start and <paramref name="now"/> (and after <paramref name="lastFiredSlot"/>); earlier ones never run, so a
    /// one-time schedule whose instant has passed gets none. <c>start-in-the-past</c>: when occurrences were missed
    /// since the last fired slot (or the start), one catch-up fire now, identified by the latest missed slot, so the
    /// pattern continues after it. Null means the schedule is finished.
    /// </summary>
    public static ScheduledFire? Next(RecurrenceRule recurrence, StartMode mode, DateTimeOffset now, DateTimeOffset? lastFiredSlot) =>
        Next(recurrence, StartModes.ToMisfirePolicy(mode), now, lastFiredSlot);

    /// <summary>
    /// The next fire under a misfire policy: the first missed slot the policy fires (a catch-up at <paramref name="now"/>),
    /// otherwise the first occurrence at or after <paramref name="now"/> and after <paramref name="lastFiredSlot"/>.
    /// Null means the schedule is finished.
    /// </summary>
    public static ScheduledFire? Next(RecurrenceRule recurrence, MisfirePolicy policy, DateTimeOffset now, DateTimeOffset? lastFiredSlot)
    {
        now = now.ToUniversalTime();
        if (MissedSlotsToFire(recurrence, lastFiredSlot, now, policy, 1) is [var missed])
        {
            return new ScheduledFire(missed, now, IsCatchUp: true);
        }

        var from = lastFiredSlot is { } last && last >= now ? last : now - Tick;
        return recurrence.NextAfter(from) is { } next ? new ScheduledFire(next, next, IsCatchUp: false) : null;
    }

    /// <summary>
    /// The missed slots to fire now: occurrences after <paramref name="lastFiredSlot"/> (or from the start) and before
    /// <paramref name="now"/>. <see cref="MisfireAction.Skip"/> fires none; <see cref="MisfireAction.FireOnce"/> the
    /// latest one, standing for all; <see cref="MisfireAction.FireAllWithinWindow"/> those no older than the window,
    /// oldest first and at most <paramref name="max"/>: the caller records the last one as fired and asks again for the rest.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> MissedSlotsToFire(RecurrenceRule recurrence, DateTimeOffset? lastFiredSlot, DateTimeOffset now,
        MisfirePolicy policy, int max = MaxMissedSlots)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        max = Math.Min(max, MaxMissedSlots);
        var after = lastFiredSlot ?? recurrence.Start - Tick;
        switch (policy.Action)
        {
            case MisfireAction.FireOnce:
                return recurrence.LastBetween(after, now) is { } latest ? [latest] : [];
            case MisfireAction.FireAllWithinWindow:
                var slots = new List<DateTimeOffset>();
                var windowStart = policy.Window < now - DateTimeOffset.MinValue ? now - policy.Window : DateTimeOffset.MinValue + Tick;
                var cursor = Max(after, windowStart - Tick);
                while (slots.Count < max && recurrence.NextAfter(cursor) is { } slot && slot < now)
                {
                    slots.Add(slot);
                    cursor = slot;
                }

                return slots;
            default:
                return [];
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
