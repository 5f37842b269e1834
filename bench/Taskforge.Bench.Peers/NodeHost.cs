namespace Taskforge.Bench.Peers;

/// <summary>
/// The node side: <c>node --framework F --node NAME --max-seconds N</c> with the connection string in
/// <see cref="ConnectionVariable"/>. Starts the peer's scheduler, prints <see cref="ReadyMarker"/>, and runs until its
/// standard input closes (the coordinator ended or died) or the safety limit passes.
/// </summary>
internal static class NodeHost
{
    public const string ReadyMarker = "NODE-READY";
    public const string ConnectionVariable = "TASKFORGE_PEERS_CONNECTION";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        Framework? framework = null;
        string? node = null;
        var maxSeconds = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--framework" when Enum.TryParse<Framework>(args[i + 1], ignoreCase: true, out var f):
                    framework = f;
                    break;
                case "--node":
                    node = args[i + 1];
                    break;
                case "--max-seconds" when int.TryParse(args[i + 1], out var s):
                    maxSeconds = s;
                    break;
                default:
                    break;
            }
        }

        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (framework is null || node is null || maxSeconds < 1 || string.IsNullOrEmpty(connectionString))
        {
            await Console.Error.WriteLineAsync($"node: needs --framework, --node, --max-seconds and {ConnectionVariable}");
            return 2;
        }

        JobBody.Configure(connectionString, node);
        var peer = Peers.Create(framework.Value);
        var running = await peer.StartNodeAsync(connectionString, node, ct);
        await Console.Out.WriteLineAsync(ReadyMarker);
        await Console.Out.FlushAsync(ct);
        // ReadLine blocks a thread; that is fine for the one reader of a short-lived process.
        var stdinClosed = Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
        }, CancellationToken.None);
        await Task.WhenAny(stdinClosed, Task.Delay(TimeSpan.FromSeconds(maxSeconds), ct));

        // A scheduler whose database is already gone may retry for minutes while stopping; a node must not outlive its run.
        var stopped = running.DisposeAsync().AsTask();
        if (await Task.WhenAny(stopped, Task.Delay(StopTimeout, CancellationToken.None)) != stopped)
        {
            Environment.Exit(3);
        }

        return 0;
    }
}
