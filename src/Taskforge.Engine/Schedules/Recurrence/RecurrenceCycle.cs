using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>How often a schedule fires (vRO <c>recurrence-cycle</c>), with the wire names in <see cref="RecurrenceCycles"/>.</summary>
public enum RecurrenceCycle
{
    OneTime,
    EveryMinutes,
    EveryHours,
    EveryDays,
    EveryWeeks,
    EveryMonths,
}

public static class RecurrenceCycles
{
    private const string Field = "recurrence-cycle";

    /// <summary>The lowercase-hyphen name vRO emits (<c>every-hours</c>).</summary>
    public static string ToWire(RecurrenceCycle cycle) => cycle switch
    {
        RecurrenceCycle.OneTime => "one-time",
        RecurrenceCycle.EveryMinutes => "every-minutes",
        RecurrenceCycle.EveryHours => "every-hours",
        RecurrenceCycle.EveryDays => "every-days",
        RecurrenceCycle.EveryWeeks => "every-weeks",
        _ => "every-months",
    };

    /// <summary>
    /// Reads a cycle in any case with <c>_</c> or <c>-</c>: Terraform sends <c>every-hours</c>, vRO's own Swagger spells
    /// <c>EVERY_HOURS</c>, and clients generated from it send that.
    /// </summary>
    public static bool TryFromWire(string? text, out RecurrenceCycle cycle) =>
        WireNames.TryMatch(text, Enum.GetValues<RecurrenceCycle>(), ToWire, out cycle);

    /// <summary>Like <see cref="TryFromWire"/>, but an unknown name is a validation error on <c>recurrence-cycle</c>.</summary>
    public static RecurrenceCycle FromWire(string? text) =>
        TryFromWire(text, out var cycle)
            ? cycle
            : throw new ValidationException(Field, $"'{text}' is not a cycle; use one of {WireNames.List(Enum.GetValues<RecurrenceCycle>(), ToWire)}.");
}
