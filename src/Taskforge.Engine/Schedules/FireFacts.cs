namespace Taskforge.Engine.Schedules;

/// <summary>
/// The data behind a fire's reason (<see cref="FireReasons"/>), kept with the slot because the schedule may change or go
/// later: the misfire policy a late slot was judged by, the first slot a late fire stands for, the run that was still
/// going when an overlap skipped the slot, and why a refused slot could not start. How late a fire was, its lag, is
/// <see cref="ScheduleFire.FiredAt"/> − <see cref="ScheduleFire.Slot"/>.
/// </summary>
/// <param name="Misfire">The misfire policy (as stored: <c>skip</c>, <c>fire-once</c>, <c>fire-all:PT1H</c>) of a slot found late.</param>
/// <param name="MissedFrom">
/// The earliest slot a late fire stands for, when it stands for several: a node that was down over slots 10:00 to
/// 12:00 records one fire under 12:00 (skipped, or caught up once) with <c>MissedFrom</c> 10:00.
/// </param>
/// <param name="ActiveRunId">The run of the schedule still going when <see cref="OverlapPolicy.Skip"/> skipped the slot.</param>
/// <param name="Refusal">Why the run could not start.</param>
/// <param name="Error">The refusal in a sentence, as the schedule's error reads.</param>
public sealed record FireFacts(
    string? Misfire = null, DateTimeOffset? MissedFrom = null, string? ActiveRunId = null, FireRefusal? Refusal = null, string? Error = null)
{
    public static FireFacts None { get; } = new();
}
