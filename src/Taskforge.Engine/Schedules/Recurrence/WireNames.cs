namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>vRO's enums travel as <c>every-hours</c> on the wire and <c>EVERY_HOURS</c> in its Swagger; both are accepted.</summary>
internal static class WireNames
{
    public static bool TryMatch<T>(string? text, IEnumerable<T> values, Func<T, string> toWire, out T value)
        where T : struct, Enum
    {
        var wanted = text?.Trim().Replace('_', '-');
        foreach (var candidate in values)
        {
            if (string.Equals(toWire(candidate), wanted, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string List<T>(IEnumerable<T> values, Func<T, string> toWire) => string.Join(", ", values.Select(toWire));
}
