using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// What a schedule does about occurrences that passed without firing (vRO <c>start-mode</c>). No public source defines
/// the two modes; DESIGN.md ("Decisions where the sources are silent") fixes them, and <see cref="FirePlanner"/>
/// implements them.
/// </summary>
public enum StartMode
{
    /// <summary>Occurrences before "now" are never run.</summary>
    Normal,

    /// <summary>Missed occurrences are caught up with one immediate fire, then the pattern continues.</summary>
    StartInThePast,
}

public static class StartModes
{
    private const string Field = "start-mode";

    public static string ToWire(StartMode mode) => mode == StartMode.Normal ? "normal" : "start-in-the-past";

    /// <summary>Reads <c>normal</c> or <c>start-in-the-past</c> in any case with <c>_</c> or <c>-</c> (Swagger: <c>START_IN_THE_PAST</c>).</summary>
    public static bool TryFromWire(string? text, out StartMode mode) =>
        WireNames.TryMatch(text, Enum.GetValues<StartMode>(), ToWire, out mode);

    public static StartMode FromWire(string? text) =>
        TryFromWire(text, out var mode)
            ? mode
            : throw new ValidationException(Field, $"'{text}' is not a start mode; use normal or start-in-the-past.");

    /// <summary>The misfire policy a start mode stands for: <c>normal</c> skips, <c>start-in-the-past</c> fires once.</summary>
    public static MisfirePolicy ToMisfirePolicy(StartMode mode) =>
        mode == StartMode.Normal ? MisfirePolicy.Skip : MisfirePolicy.FireOnce;
}
