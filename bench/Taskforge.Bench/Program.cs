using Taskforge.Bench;

// One subcommand per benchmark, so that later ones can be added beside "startup".
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the benchmark unwind so that it kills the servers it started.
    e.Cancel = true;
    cancel.Cancel();
};

return args switch
{
    ["startup", .. var rest] => await StartupBenchmark.RunAsync(rest, cancel.Token),
    ["runs", .. var rest] => await RunsBenchmark.RunAsync(rest, cancel.Token),
    ["schedules", .. var rest] => await SchedulesBenchmark.RunAsync(rest, cancel.Token),
    ["tasks", .. var rest] => await TasksBenchmark.RunAsync(rest, cancel.Token),
    ["runs-list", .. var rest] => await RunListBenchmark.RunAsync(rest, cancel.Token),
    ["kill-loop", .. var rest] => await KillLoopCommand.RunAsync(rest, cancel.Token),
    ["checkpoints", ..] => await CheckpointCostBenchmark.RunAsync([], cancel.Token),
    // The tasks benchmark starts this program as its floor server, the way ServerProcess starts the server.
    ["--urls", var url] => await FloorServer.RunAsync(url, cancel.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Taskforge.Bench -- <benchmark> [options]");
    Console.Error.WriteLine();
    Console.Error.WriteLine("  startup [--runs N]   time to ready and resident memory, SQLite and PostgreSQL (default 3 runs)");
    Console.Error.WriteLine("  runs [--seconds N] [--clients 1,8,32]   completed workflow runs/s and latency, SQLite and PostgreSQL");
    Console.Error.WriteLine("  schedules [--burst N] [--steady N] [--minutes M]   scheduler burst (fires/s, lag) and steady (lag) workloads");
    Console.Error.WriteLine("  tasks [--seconds N] [--clients 1,8,32] [--db sqlite|postgres] [--inbox-tasks N] [--skip flows|inbox|console] [--servers taskforge,raw,schema] [--server DLL]");
    Console.Error.WriteLine("        human-task flows/s against the raw floor (shared/anchors/floor) and the schema floor, and the inbox query on N tasks");
    Console.Error.WriteLine("  runs-list [--runs N] [--db sqlite|postgres]   GET /api/v1/runs p50/p99 on N runs (default 1,000,000), unfiltered and by each filter");
    Console.Error.WriteLine("  kill-loop [--seconds N] [--clients N]   SQLite server killed (SIGKILL) every 3-10 s under load; integrity and acknowledged writes checked after each kill");
    Console.Error.WriteLine("  checkpoints   what the runs list's indexes and the step timeline cost a run's writes, SQLite and PostgreSQL");
    return 2;
}
