using Cronos;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// A cron expression, the native alternative to a vRO pattern: five fields (minute hour day month weekday) or six with
/// the seconds first, evaluated in an explicit IANA zone. <see cref="Expression"/> is kept as the client wrote it.
/// </summary>
public sealed class CronPattern
{
    private CronPattern(string expression, TimeZoneInfo zone, CronExpression parsed)
    {
        Expression = expression;
        Zone = zone;
        Parsed = parsed;
    }

    public string Expression { get; }

    public TimeZoneInfo Zone { get; }

    internal CronExpression Parsed { get; }

    /// <summary>Parses the expression and finds the zone, reporting problems on <paramref name="cronField"/> and <paramref name="zoneField"/>.</summary>
    /// <exception cref="ValidationException">The expression does not parse, or the zone is missing or unknown.</exception>
    public static CronPattern Parse(string? expression, string? zoneId, string cronField = "cron", string zoneField = "time-zone")
    {
        var errors = new ValidationErrors();
        var parsed = ParseExpression(expression, cronField, errors);
        var zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            errors.Add(zoneField, "is required with a cron expression; use an IANA name such as Europe/Zurich, or UTC.");
        }
        else if (!TimeZones.TryFind(zoneId, out zone))
        {
            errors.Add(zoneField, $"'{zoneId}' is not a known time zone; use an IANA name such as Europe/Zurich or America/New_York.");
        }

        errors.ThrowIfAny();
        return new CronPattern(expression!, zone, parsed!);
    }

    public override string ToString() => Expression;

    private static CronExpression? ParseExpression(string? expression, string field, ValidationErrors errors)
    {
        var fields = expression?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
        if (fields is not (5 or 6))
        {
            errors.Add(field, $"has {fields} fields; write five (minute hour day month weekday, e.g. '15 10 * * *') or six with the seconds first ('0 15 10 * * *').");
            return null;
        }

        try
        {
            return CronExpression.Parse(expression!.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (Exception ex) when (ex is CronFormatException or MissingSeedException)
        {
            errors.Add(field, $"'{expression}' is not a valid cron expression: {ex.Message}");
            return null;
        }
    }
}
