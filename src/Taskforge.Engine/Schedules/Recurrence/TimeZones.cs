namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>Looks up the IANA zones named in patterns and cron schedules.</summary>
public static class TimeZones
{
    /// <summary>The zone with this id (<c>Europe/Zurich</c>, <c>UTC</c>), or false when the system does not know it.</summary>
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        // An id is a path under the zone database: one that names a folder or an unreadable file is no zone either.
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException
            or System.Security.SecurityException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
