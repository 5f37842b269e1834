namespace Taskforge.Engine.Identity;

/// <summary>A live web console session: who it belongs to, as resolved now, and when it ends unless it is used.</summary>
public sealed record ConsoleSession(Caller Caller, DateTimeOffset ExpiresAt);
