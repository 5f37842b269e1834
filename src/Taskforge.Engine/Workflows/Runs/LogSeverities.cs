using Taskforge.Engine.Workflows.Scripting;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// Run log severities by their wire names (vRO's, in lower case), lowest first: a reader who asks for one gets the lines
/// of that severity and above, as vRO's syslogs do.
/// </summary>
public static class LogSeverities
{
    public static string ToWire(LogSeverity severity) => severity switch
    {
        LogSeverity.Debug => "debug",
        LogSeverity.Warning => "warning",
        LogSeverity.Error => "error",
        _ => "info",
    };

    /// <summary>Reads <c>debug</c>, <c>info</c>, <c>warning</c> (or <c>warn</c>, as Build Tools documents it) and <c>error</c>, in any case.</summary>
    public static bool TryFromWire(string? text, out LogSeverity severity)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "DEBUG":
                severity = LogSeverity.Debug;
                return true;
            case "INFO":
                severity = LogSeverity.Info;
                return true;
            case "WARNING" or "WARN":
                severity = LogSeverity.Warning;
                return true;
            case "ERROR":
                severity = LogSeverity.Error;
                return true;
            default:
                severity = LogSeverity.Debug;
                return false;
        }
    }

    /// <summary>Whether a line of severity <paramref name="severity"/> (wire name) is at or above <paramref name="minimum"/>; an unknown one counts as the lowest.</summary>
    public static bool IsAtLeast(string severity, LogSeverity minimum) =>
        (TryFromWire(severity, out var level) ? level : LogSeverity.Debug) >= minimum;
}
