using System.Globalization;
using static System.FormattableString;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// Why a slot did what it did, in a sentence a person can read, from the facts recorded with it: the answer to "why
/// didn't my schedule fire?". Instants are written in UTC; faces that know the reader's zone show the data beside it.
/// </summary>
public static class FireReasons
{
    public static string Describe(ScheduleFire fire)
    {
        var facts = fire.Facts;
        var missed = facts.MissedFrom is { } from ? $" (the slots from {At(from)} to {At(fire.Slot)} were missed)" : "";
        var late = fire.FiredAt - (facts.MissedFrom ?? fire.Slot);
        return fire.Outcome switch
        {
            FireOutcome.Started when facts.Misfire is { } policy =>
                $"Caught up {Duration(late)} late{missed}: misfire policy {policy} started run {fire.RunId}.",
            FireOutcome.Started => $"Started run {fire.RunId} {Duration(fire.Lag)} after its slot.",
            FireOutcome.SkippedMisfire =>
                $"Not run: found {Duration(late)} late{missed} (the server was down or busy, or the schedule suspended), and misfire policy {facts.Misfire ?? "skip"} does not run late slots.",
            FireOutcome.SkippedOverlap =>
                $"Not run: run {facts.ActiveRunId ?? "(unknown)"} was still going, and overlap policy skip starts no second run.",
            FireOutcome.Refused =>
                $"Refused ({(facts.Refusal is { } refusal ? FireRefusals.ToWire(refusal) : "unknown")}): {facts.Error ?? "the run could not start."} The schedule went into error; resume it once that is fixed.",
            _ => "Nothing fired.",
        };
    }

    /// <summary>A duration as people say it: <c>350 ms</c>, <c>4.2 s</c>, <c>3 min 20 s</c>, <c>2 h 5 min</c>, <c>1 h</c>, <c>3 d 4 h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "-" : "";
        span = span.Duration();
        var text = span.TotalSeconds < 1 ? Invariant($"{(int)span.TotalMilliseconds} ms")
            : span.TotalMinutes < 1 ? Invariant($"{span.TotalSeconds:0.#} s")
            : span.TotalHours < 1 ? Two(span.Minutes, "min", span.Seconds, "s")
            : span.TotalDays < 1 ? Two(span.Hours, "h", span.Minutes, "min")
            : Two((int)span.TotalDays, "d", span.Hours, "h");
        return sign + text;
    }

    // "2 h 5 min", or "2 h" when the smaller unit is zero.
    private static string Two(int large, string largeUnit, int small, string smallUnit) =>
        small == 0 ? Invariant($"{large} {largeUnit}") : Invariant($"{large} {largeUnit} {small} {smallUnit}");

    private static string At(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
