using Taskforge.Server.Cli;
using Taskforge.Storage;

namespace Taskforge.Tests.Cli;

/// <summary>The command line run in this process, on the settings a test gives, with what it printed and its exit code.</summary>
internal static class Cli
{
    public static string[] SettingsOf(StorageOptions storage) =>
    [
        $"--Taskforge:Storage:Provider={storage.Provider}",
        $"--Taskforge:Storage:ConnectionString={storage.ConnectionString}",
        "--Taskforge:Identity:PasswordIterations=1000",
    ];

    public static async Task<CliResult> RunWithInputAsync(StorageOptions? storage, string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        var code = await TaskforgeCli.RunAsync([.. args, .. storage is null ? [] : SettingsOf(storage)], output, error, reader);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(StorageOptions? storage, params string[] args) => RunWithInputAsync(storage, "", args);
}

internal sealed record CliResult(int Code, string Output, string Error)
{
    public override string ToString() => $"exit {Code}\n--- out\n{Output}\n--- err\n{Error}";
}
