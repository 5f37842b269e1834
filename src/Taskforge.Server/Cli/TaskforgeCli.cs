using System.CommandLine;
using Taskforge.Engine.Errors;
using Taskforge.Server.Hosting;

namespace Taskforge.Server.Cli;

/// <summary>
/// The server binary's command line: <c>serve</c> (the default) and the operator's commands beside it. They are
/// subcommands of the server rather than a separate tool because they need exactly the server's settings and storage
/// wiring, and an installed package then has one binary to put on the path.
/// Settings reach every command the way they reach the server: appsettings.json, TASKFORGE_… / Taskforge__… environment
/// variables, and <c>--Taskforge:Section:Key=value</c> arguments.
/// </summary>
public static class TaskforgeCli
{
    private static readonly string[] Commands = ["serve", "migrate", "users", "import", "export", "backup", "check"];

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, TextReader? input = null)
    {
        // No command, or only settings and ASP.NET options (--urls …): the server, exactly as before the command line existed.
        if (args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version")))
        {
            await TaskforgeHost.Build(args).RunAsync();
            return ExitCodes.Ok;
        }

        // Settings are taken out before the command line is parsed, so that none is mistaken for an argument or an option's value.
        var (settings, rest) = Settings.Split(args);
        var console = new CliConsole(output ?? System.Console.Out, error ?? System.Console.Error, input ?? System.Console.In, settings);
        var root = new RootCommand("Taskforge: scheduled workflows, human tasks, and the vRO and IBM BPM faces over them.")
        {
            ServeCommand.Create(console),
            MigrateCommand.Create(console),
            UsersCommand.Create(console),
            TransferCommands.Import(console),
            TransferCommands.Export(console),
            BackupCommand.Create(console),
            CheckCommand.Create(console),
        };
        var parsed = root.Parse(rest);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await console.Error.WriteLineAsync(problem.Message);
            }

            await console.Error.WriteLineAsync(args[0] is var first && Commands.Contains(first)
                ? $"See 'taskforge {first} --help'."
                : "See 'taskforge --help'.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Error });
    }

    /// <summary>Runs a command's body: the engine's refusals and the database's errors become a message and exit code 1, never a stack trace.</summary>
    internal static async Task<int> GuardAsync(CliConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ValidationException invalid)
        {
            await console.Error.WriteLineAsync(invalid.Message);
            foreach (var (field, problems) in invalid.Errors)
            {
                await console.Error.WriteLineAsync($"  {field}: {string.Join(" ", problems)}");
            }

            return ExitCodes.Failed;
        }
        catch (TaskforgeException refused)
        {
            await console.Error.WriteLineAsync(refused.Message);
            return ExitCodes.Failed;
        }
        catch (System.Data.Common.DbException database)
        {
            await console.Error.WriteLineAsync($"The database refused: {database.Message}");
            return ExitCodes.Failed;
        }
        catch (IOException io)
        {
            await console.Error.WriteLineAsync(io.Message);
            return ExitCodes.Failed;
        }
        catch (UnauthorizedAccessException denied)
        {
            await console.Error.WriteLineAsync(denied.Message);
            return ExitCodes.Failed;
        }
    }
}

/// <summary>Where a command writes and reads (the tests give their own), and the settings it was given.</summary>
public sealed record CliConsole(TextWriter Output, TextWriter Error, TextReader Input, IReadOnlyList<string> Settings);

/// <summary>The arguments that are settings for configuration: <c>--Section:Key=value</c> or <c>--Section:Key value</c>.</summary>
internal static class Settings
{
    public static (IReadOnlyList<string> Found, string[] Others) Split(string[] args)
    {
        var settings = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var token = args[i];
            var name = token.Split('=', 2)[0];
            if (token.StartsWith("--", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal))
            {
                settings.Add(token);
                // "--Section:Key value": the value is the next argument.
                if (!token.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    settings.Add(args[++i]);
                }
            }
            else
            {
                rest.Add(token);
            }
        }

        return (settings, [.. rest]);
    }
}
