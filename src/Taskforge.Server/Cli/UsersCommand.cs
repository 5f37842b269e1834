using System.CommandLine;
using Taskforge.Engine.Identity;

namespace Taskforge.Server.Cli;

/// <summary>
/// <c>taskforge users</c>: list, create, reset a password, disable and enable, through the identity engine as the
/// system (its rules, hashing and checks apply as they do to the API). A password never goes on the command line, where
/// shell history and process lists would keep it: it comes from standard input with <c>--password-stdin</c>, or one is
/// generated and printed once.
/// </summary>
internal static class UsersCommand
{
    private static readonly string[] Header = ["NAME", "ROLES", "STATE", "DISPLAY NAME"];

    public static Command Create(CliConsole console)
    {
        var users = new Command("users", "Manage Taskforge's own users (directory users need nothing here).");
        users.Subcommands.Add(List(console));
        users.Subcommands.Add(CreateUser(console));
        users.Subcommands.Add(ResetPassword(console));
        users.Subcommands.Add(SetDisabled(console, disabled: true));
        users.Subcommands.Add(SetDisabled(console, disabled: false));
        return users;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List users: name, roles, state, display name.");
        command.SetAction((parsed, ct) => WithIdentityAsync(console, async identity =>
        {
            var rows = new List<string[]> { Header };
            for (var offset = 0; ; offset += 500)
            {
                var page = await identity.ListUsersAsync(Caller.System, offset, 500, ct);
                rows.AddRange(page.Select(u => new[] { u.Name, RolesOf(u), u.Disabled ? "disabled" : "active", u.DisplayName ?? "" }));
                if (page.Count < 500)
                {
                    break;
                }
            }

            await Table.WriteAsync(console.Output, rows);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateUser(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The user's sign-in name." };
        var displayName = new Option<string?>("--display-name") { Description = "The name people see." };
        var email = new Option<string?>("--email");
        var roles = new Option<string[]>("--role") { Description = "A system role: administrator or monitor (repeat for both).", AllowMultipleArgumentsPerToken = true };
        var passwordStdin = PasswordStdin();
        var command = new Command("create", "Create a user; prints a generated password unless --password-stdin gives one.");
        command.Arguments.Add(name);
        command.Options.Add(displayName);
        command.Options.Add(email);
        command.Options.Add(roles);
        command.Options.Add(passwordStdin);
        command.SetAction((parsed, ct) => WithIdentityAsync(console, async identity =>
        {
            var (password, generated) = await PasswordAsync(console, parsed.GetValue(passwordStdin));
            var user = await identity.CreateUserAsync(Caller.System, new NewUser(
                parsed.GetValue(name)!, password, parsed.GetValue(displayName), parsed.GetValue(email), SystemRoles.None, RoleNames: parsed.GetValue(roles)), ct);
            await console.Output.WriteLineAsync($"Created {user.Name} ({RolesOf(user)}).");
            await ShowGeneratedAsync(console, password, generated);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ResetPassword(CliConsole console)
    {
        var name = new Argument<string>("name");
        var passwordStdin = PasswordStdin();
        var command = new Command("reset-password", "Set a new password; prints a generated one unless --password-stdin gives one.");
        command.Arguments.Add(name);
        command.Options.Add(passwordStdin);
        command.SetAction((parsed, ct) => WithIdentityAsync(console, async identity =>
        {
            var (password, generated) = await PasswordAsync(console, parsed.GetValue(passwordStdin));
            var user = await identity.UpdateUserAsync(Caller.System, parsed.GetValue(name)!, new UserChanges(Password: password), ct);
            await console.Output.WriteLineAsync($"The password of {user.Name} is changed.");
            await ShowGeneratedAsync(console, password, generated);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command SetDisabled(CliConsole console, bool disabled)
    {
        var name = new Argument<string>("name");
        var command = new Command(disabled ? "disable" : "enable", disabled ? "Stop a user from signing in." : "Let a disabled user sign in again.");
        command.Arguments.Add(name);
        command.SetAction((parsed, ct) => WithIdentityAsync(console, async identity =>
        {
            var user = await identity.UpdateUserAsync(Caller.System, parsed.GetValue(name)!, new UserChanges(Disabled: disabled), ct);
            await console.Output.WriteLineAsync($"{user.Name} is {(user.Disabled ? "disabled" : "enabled")}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Option<bool> PasswordStdin() => new("--password-stdin") { Description = "Read the password from the first line of standard input." };

    private static Task<int> WithIdentityAsync(CliConsole console, Func<IdentityService, Task<int>> body) =>
        CliServices.WithCurrentSchemaAsync(console, services => body(services.Get<IdentityService>()));

    private static async Task<(string Password, bool Generated)> PasswordAsync(CliConsole console, bool fromStdin)
    {
        if (!fromStdin)
        {
            return (AdministratorBootstrap.GeneratePassword(), true);
        }

        var line = await console.Input.ReadLineAsync();
        return (line ?? "", false);
    }

    private static async Task ShowGeneratedAsync(CliConsole console, string password, bool generated)
    {
        if (generated)
        {
            await console.Output.WriteLineAsync("Its password, shown only this once (the user changes it on their account page):");
            await console.Output.WriteLineAsync("    " + password);
        }
    }

    private static string RolesOf(User user) => user.Roles switch
    {
        SystemRoles.None => "user",
        var roles => string.Join(",", Enum.GetValues<SystemRoles>().Where(r => r != SystemRoles.None && roles.HasFlag(r)).Select(r => r.ToString().ToLowerInvariant())),
    };
}
