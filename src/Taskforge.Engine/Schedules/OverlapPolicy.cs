namespace Taskforge.Engine.Schedules;

/// <summary>What a schedule does when a slot comes while the run it started last is still going.</summary>
public enum OverlapPolicy
{
    /// <summary>Start another run.</summary>
    Allow,

    /// <summary>Record the slot as skipped and start nothing.</summary>
    Skip,
}

/// <summary>The policies' stored and wire names, <c>allow</c> and <c>skip</c>, exactly as written (lower case).</summary>
public static class OverlapPolicies
{
    public static string ToWire(OverlapPolicy policy) => policy == OverlapPolicy.Skip ? "skip" : "allow";

    public static bool TryFromWire(string? text, out OverlapPolicy policy)
    {
        policy = text == "skip" ? OverlapPolicy.Skip : OverlapPolicy.Allow;
        return text is "allow" or "skip";
    }

    public static OverlapPolicy FromWire(string text) =>
        TryFromWire(text, out var policy) ? policy : throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown overlap policy.");
}
