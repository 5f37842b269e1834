using System.Runtime.InteropServices;
using Taskforge.Bench.Peers;

// Peer scheduler benchmark (issue 4): Quartz.NET and Hangfire on one throw-away PostgreSQL. "node" is internal: the
// coordinator re-launches this program as N node processes.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the coordinator unwind so that it kills the nodes and the PostgreSQL server it started.
    e.Cancel = true;
    cancel.Cancel();
};
// The same for SIGTERM (kill, a cancelled CI job), which a background process gets instead of SIGINT.
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

try
{
    return args switch
    {
        ["burst", .. var rest] when PeerArgs.TryParse(rest, out var options) => await Matrix.RunAsync([new RunSpec(Workload.Burst, options)], cancel.Token),
        ["steady", .. var rest] when PeerArgs.TryParse(rest, out var options) => await Matrix.RunAsync([new RunSpec(Workload.Steady, options)], cancel.Token),
        ["all", .. var rest] when PeerArgs.TryParse(rest, out var options) => await Matrix.RunAsync(Matrix.All(options), cancel.Token),
        ["node", .. var rest] => await NodeHost.RunAsync(rest, cancel.Token),
        _ => Usage(),
    };
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("canceled");
    return 130;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Taskforge.Bench.Peers -- <workload> [options]");
    Console.Error.WriteLine();
    Console.Error.WriteLine("  burst  --framework quartz|hangfire [--nodes N] [--jobs N] [--lead S]   N one-time jobs due at one instant (default 1 node, 10000 jobs)");
    Console.Error.WriteLine("  steady --framework quartz|hangfire [--nodes N] [--jobs N] [--minutes M]   N every-minute jobs, M measured minutes (default 1000, 3)");
    Console.Error.WriteLine("  all    [--jobs N] [--steady-jobs N] [--minutes M]   burst with both frameworks on 1 and 2 nodes, then steady with both on 1 node");
    Console.Error.WriteLine();
    Console.Error.WriteLine("  --lead S: seconds from the start of scheduling to the due instant (default 120)");
    return 2;
}
