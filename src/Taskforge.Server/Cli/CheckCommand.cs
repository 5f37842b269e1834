using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Taskforge.Storage;

namespace Taskforge.Server.Cli;

/// <summary>
/// <c>taskforge check</c>: what an operator asks before starting a node or after changing its settings. The settings
/// are readable, the database answers, the schema is the one this build expects, and this machine's clock agrees with
/// PostgreSQL's (nodes decide fires and leases by their own clocks, so a skewed node fires early or late against the
/// others). Each check prints one line; any failure exits 3.
/// </summary>
internal static class CheckCommand
{
    /// <summary>A node this far off the database's clock is reported, and one twice as far fails the check.</summary>
    private static readonly TimeSpan SkewWarning = TimeSpan.FromMilliseconds(500);

    public static Command Create(CliConsole console)
    {
        var command = new Command("check", "Check the settings, the database, the schema version and the clock against the database.");
        command.SetAction((parsed, ct) => TaskforgeCli.GuardAsync(console, async () =>
        {
            var failed = false;
            async Task ReportAsync(string outcome, string what, string detail)
            {
                failed |= outcome == "FAIL";
                await console.Output.WriteLineAsync($"{outcome,-4}  {what,-13} {detail}");
            }

            CliServices services;
            try
            {
                services = CliServices.Build(console.Settings);
                _ = services.Database;
            }
            catch (Exception invalid) when (invalid is InvalidOperationException or ArgumentException or FormatException)
            {
                await ReportAsync("FAIL", "settings", invalid.Message);
                return ExitCodes.NotReady;
            }

            await using (services)
            {
                var storage = services.Storage;
                await ReportAsync("ok", "settings", $"storage {services.Database.Provider}{(services.Database is Storage.Sqlite.SqliteDatabase sqlite ? " at " + sqlite.FilePath : "")}");
                var clock = Stopwatch.StartNew();
                try
                {
                    await using var connection = await services.Database.OpenAsync(ct);
                    await ReportAsync("ok", "database", $"answered in {clock.ElapsedMilliseconds} ms");
                    await SkewAsync(connection, services, ReportAsync, ct);
                }
                catch (Exception unreachable) when (unreachable is System.Data.Common.DbException or TimeoutException or System.Net.Sockets.SocketException)
                {
                    await ReportAsync("FAIL", "database", unreachable.Message);
                    return ExitCodes.NotReady;
                }

                var schema = await services.SchemaAsync(ct);
                if (schema.Applied == schema.Latest)
                {
                    await ReportAsync("ok", "schema", $"version {schema.Applied}, as this build expects");
                }
                else if (schema.Applied < schema.Latest && storage.AutoMigrate)
                {
                    await ReportAsync("ok", "schema", $"version {schema.Applied}; the server applies {schema.Pending.Count} pending migration(s) when it starts");
                }
                else
                {
                    await ReportAsync("FAIL", "schema", (await services.SchemaProblemAsync(ct))!);
                }
            }

            return failed ? ExitCodes.NotReady : ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task SkewAsync(
        System.Data.Common.DbConnection connection, CliServices services, Func<string, string, string, Task> report, CancellationToken ct)
    {
        if (services.Database.Provider != StorageOptions.Postgres)
        {
            await report("ok", "clock", "SQLite runs in this process; there is no second clock");
            return;
        }

        var time = services.Get<TimeProvider>();
        var before = time.GetUtcNow();
        var database = await connection.ExecuteScalarAsync<double>(new CommandDefinition("SELECT EXTRACT(EPOCH FROM clock_timestamp())", cancellationToken: ct));
        var after = time.GetUtcNow();
        // The database read its clock somewhere between the two local readings; the midpoint is the best guess.
        var local = before + ((after - before) / 2);
        var skew = DateTimeOffset.UnixEpoch.AddSeconds(database) - local;
        var size = skew.Duration();
        var text = string.Create(CultureInfo.InvariantCulture, $"{skew.TotalMilliseconds:+0;-0} ms against PostgreSQL (±{(after - before).TotalMilliseconds / 2:0} ms)");
        await report(size < SkewWarning ? "ok" : size < SkewWarning * 2 ? "warn" : "FAIL", "clock", size < SkewWarning ? text : text + "; synchronise this machine's clock (NTP)");
    }
}
