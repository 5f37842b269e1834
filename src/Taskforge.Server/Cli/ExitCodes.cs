namespace Taskforge.Server.Cli;

/// <summary>What the command line's exit code says, the same for every command (scripts and unit files test them).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed: the database refused, a file could not be read, a definition was invalid.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself was wrong: an unknown command or option, a missing argument.</summary>
    public const int Usage = 2;

    /// <summary>A check found the installation not ready: database unreachable, schema behind or ahead, clock skewed.</summary>
    public const int NotReady = 3;
}
