namespace Taskforge.Server.Faces.Console.Schedules;

/// <summary>
/// The IANA zones the server knows, for the zone picker's suggestions (a <c>&lt;datalist&gt;</c>: any zone may still be
/// typed, and the engine says when it does not know one). Read once: the system's zone list does not change while it runs.
/// </summary>
public static class TimeZoneChoices
{
    private static readonly Lazy<IReadOnlyList<string>> Ids = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal)]);

    public static IReadOnlyList<string> All => Ids.Value;
}
