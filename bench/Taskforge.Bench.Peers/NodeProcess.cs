using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Taskforge.Bench.Peers;

/// <summary>The coordinator's handle on one node: this program re-launched with <c>node</c>; killed on dispose.</summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    // A node outlives no benchmark run by much: the coordinator closes its stdin, this is only the last resort.
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(Process process, string name) => (_process, Name) = (process, name);

    public string Name { get; }

    public static async Task<NodeProcess> StartAsync(Framework framework, string connectionString, string name, CancellationToken ct)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under "dotnet Taskforge.Bench.Peers.dll" the process is the dotnet host, which needs the assembly again.
        if (string.Equals(Path.GetFileNameWithoutExtension(info.FileName), "dotnet", StringComparison.Ordinal))
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var arg in new[] { "node", "--framework", framework.ToString(), "--node", name,
                     "--max-seconds", MaxLifetime.TotalSeconds.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[NodeHost.ConnectionVariable] = connectionString;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start node {name}.");
        var node = new NodeProcess(process, name);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == NodeHost.ReadyMarker)
            {
                node._ready.TrySetResult();
            }
            else if (e.Data is not null)
            {
                Console.Error.WriteLine($"  [{name}] {e.Data}");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"  [{name}] {e.Data}");
            }
        };
        process.Exited += (_, _) => node._ready.TrySetException(new InvalidOperationException($"Node {name} exited with {process.ExitCode} before it was ready."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node._ready.Task.WaitAsync(ReadyTimeout, ct);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closing stdin asks the node to stop its scheduler; it is killed if it takes longer than the grace.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(StopGrace);
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Not stopped in time, or already gone.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }

            _process.Dispose();
        }
    }
}
