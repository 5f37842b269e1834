namespace Taskforge.Engine.Workflows.Scripting;

public enum LogSeverity
{
    Debug,
    Info,
    Warning,
    Error,
}

/// <summary>One line a script wrote through <c>System.log</c>, <c>warn</c>, <c>error</c> or <c>debug</c>.</summary>
public sealed record ScriptLogEntry(LogSeverity Severity, string Message, DateTimeOffset Time);
