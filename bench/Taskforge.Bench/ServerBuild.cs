using System.Diagnostics;

namespace Taskforge.Bench;

/// <summary>Finds the repository and builds the server in Release, so every benchmark runs the current source.</summary>
internal static class ServerBuild
{
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Taskforge.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Taskforge.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs <c>dotnet build -c Release</c> on the server and returns the path of its DLL.</summary>
    public static async Task<string> BuildServerAsync(string repositoryRoot, CancellationToken ct)
    {
        var project = Path.Combine(repositoryRoot, "src", "Taskforge.Server");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "build", "-c", "Release", project, "-v", "q", "-nologo" })
        {
            info.ArgumentList.Add(arg);
        }

        using var build = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet build.");
        var stdout = build.StandardOutput.ReadToEndAsync(ct);
        var stderr = build.StandardError.ReadToEndAsync(ct);
        await build.WaitForExitAsync(ct);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build of {project} failed ({build.ExitCode}):\n{await stdout}{await stderr}");
        }

        var dll = Path.Combine(project, "bin", "Release", "net10.0", "Taskforge.Server.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The build did not produce {dll}.");
    }
}
