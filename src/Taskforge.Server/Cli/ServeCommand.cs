using System.CommandLine;
using Taskforge.Server.Hosting;

namespace Taskforge.Server.Cli;

/// <summary><c>taskforge serve</c>: the server (also what runs with no command at all).</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("serve", "Run the server (the default): migrations, then the faces, the console and the background loops.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parsed, ct) =>
        {
            // What serve does not know itself (--urls …) is ASP.NET's, as when no command is given.
            await TaskforgeHost.Build([.. parsed.UnmatchedTokens, .. console.Settings]).RunAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
