using System.Diagnostics;
using Taskforge.Tests.Engine.HumanTasks;

namespace Taskforge.Tests.Deploy;

/// <summary>
/// The deployable package, made once for every test that needs it: <c>deploy/publish.sh</c> (a Release, self-contained
/// publish for linux-x64 and a tarball), unpacked into a directory of its own, as an operator would unpack it.
/// </summary>
public sealed class PublishedPackage : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"taskforge-package-{Guid.NewGuid():N}");

    /// <summary>The unpacked <c>taskforge/</c> directory.</summary>
    public string Directory => Path.Combine(_root, "unpacked", "taskforge");

    public string Server => Path.Combine(Directory, "bin", "Taskforge.Server");

    public string Tarball { get; private set; } = "";

    /// <summary>How long the publish and the tarball took.</summary>
    public TimeSpan PublishTime { get; private set; }

    public static string RepositoryRoot { get; } = RepoFiles.Path();

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var watch = Stopwatch.StartNew();
        var (exit, output) = await RunAsync("bash", [Path.Combine(RepositoryRoot, "deploy", "publish.sh"), Path.Combine(_root, "out")], RepositoryRoot, ct);
        if (exit != 0)
        {
            throw new InvalidOperationException($"deploy/publish.sh failed ({exit}):\n{output}");
        }

        Tarball = output.Trim().Split('\n')[^1];
        PublishTime = watch.Elapsed;
        System.IO.Directory.CreateDirectory(Path.Combine(_root, "unpacked"));
        (exit, output) = await RunAsync("tar", ["-xzf", Tarball, "-C", Path.Combine(_root, "unpacked")], _root, ct);
        if (exit != 0)
        {
            throw new InvalidOperationException($"tar failed ({exit}):\n{output}");
        }
    }

    public ValueTask DisposeAsync()
    {
        if (System.IO.Directory.Exists(_root))
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Runs a program to its end; stdout and stderr together.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyCollection<string>? unset = null)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in unset ?? [])
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
