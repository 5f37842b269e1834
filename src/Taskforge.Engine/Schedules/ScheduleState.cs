namespace Taskforge.Engine.Schedules;

/// <summary>A schedule's state (DESIGN.md "Schedule state"), with vRO's lowercase wire names.</summary>
public enum ScheduleState
{
    Pending,
    Running,
    Suspended,
    Finished,
    Canceled,
    Error,
}

public static class ScheduleStates
{
    public static string ToWire(ScheduleState state) => state.ToString().ToLowerInvariant();

    /// <summary>Any case; vRO's Swagger spells them in capitals.</summary>
    public static bool TryFromWire(string? text, out ScheduleState state) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(text, out _);

    public static ScheduleState FromWire(string text) =>
        TryFromWire(text, out var state) ? state : throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown schedule state.");
}
