using System.CommandLine;
using Microsoft.Data.Sqlite;
using Npgsql;
using Taskforge.Storage.Sqlite;

namespace Taskforge.Server.Cli;

/// <summary>
/// <c>taskforge backup FILE</c>: on SQLite, SQLite's online backup into FILE while servers keep running (a consistent
/// copy, page by page, that restores by putting the file in place); on PostgreSQL, the <c>pg_dump</c> command to run,
/// since PostgreSQL's own tool does it better than anything Taskforge could (the password is never printed).
/// </summary>
internal static class BackupCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the backup (it must not exist yet)." };
        var command = new Command("backup", "Back up the database: SQLite online into a file; for PostgreSQL, print the pg_dump command.");
        command.Arguments.Add(file);
        command.SetAction((parsed, ct) => TaskforgeCli.GuardAsync(console, async () =>
        {
            await using var services = CliServices.Build(console.Settings);
            var target = parsed.GetValue(file)!;
            if (services.Database is not SqliteDatabase sqlite)
            {
                var connection = new NpgsqlConnectionStringBuilder(services.Storage.ConnectionString);
                await console.Output.WriteLineAsync("PostgreSQL is backed up with its own tool; run (the password from PGPASSWORD or ~/.pgpass):");
                await console.Output.WriteLineAsync(
                    $"  pg_dump --format=custom --host={connection.Host ?? "localhost"} --port={connection.Port} --username={connection.Username} --dbname={connection.Database} --file={Quote(target.FullName)}");
                await console.Output.WriteLineAsync("and restore into an empty database with pg_restore --dbname=… FILE.");
                return ExitCodes.Ok;
            }

            if (target.Exists)
            {
                await console.Error.WriteLineAsync($"{target.FullName} exists; give a new file, so no backup is overwritten.");
                return ExitCodes.Failed;
            }

            target.Directory?.Create();
            await SqliteBackup.CopyAsync(sqlite, target.FullName, ct);
            target.Refresh();
            await console.Output.WriteLineAsync($"Backed up {sqlite.FilePath} to {target.FullName} ({target.Length:N0} bytes).");
            await console.Output.WriteLineAsync("To restore: stop the servers, put the file in place of the database file (remove its -wal and -shm files), start them.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"'{path}'" : path;
}
