using System.Globalization;
using Taskforge.Fuzz;
using Taskforge.Storage;
using Taskforge.Tests.Support;

// Usage: Taskforge.Fuzz [--minutes N (per storage, default 5)] [--storage sqlite|postgres|both] [--senders N]
// Starts the server itself on each storage (a throw-away PostgreSQL for postgres), loopback only, and stops by itself.
// Exit code 0 when no property was broken other than the known, open ones (FaceFuzzer.KnownOpen), 1 otherwise; the
// figures go to stdout.
var minutes = 5.0;
var storages = new[] { "sqlite", "postgres" };
var senders = 4;
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--minutes":
            minutes = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--storage":
            storages = args[i + 1] == "both" ? storages : [args[i + 1]];
            break;
        case "--senders":
            senders = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var options = new FuzzOptions(TimeSpan.FromMinutes(minutes), senders);
var failed = false;
foreach (var storage in storages)
{
    FuzzReport report;
    if (storage == "postgres")
    {
        await using var postgres = await ThrowawayPostgres.StartAsync(durable: false, cancel.Token);
        var connectionString = await postgres.CreateDatabaseAsync("fuzz", cancel.Token);
        report = await FaceFuzzer.RunAsync(new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = connectionString }, options, Console.WriteLine, cancel.Token);
    }
    else
    {
        var directory = Directory.CreateTempSubdirectory("taskforge-fuzz-");
        try
        {
            var sqlite = new StorageOptions { Provider = StorageOptions.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory.FullName, "taskforge.db")}" };
            report = await FaceFuzzer.RunAsync(sqlite, options, Console.WriteLine, cancel.Token);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    Console.WriteLine(report);
    failed |= report.New.Count > 0;
}

return failed ? 1 : 0;
