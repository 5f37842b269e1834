using Microsoft.Data.Sqlite;

namespace Taskforge.Storage.Sqlite;

/// <summary>
/// SQLite's online backup of a live database into a new file: a consistent copy taken page by page while other
/// connections go on reading and writing (writers are held only for the steps of the copy). The copy is an ordinary
/// database file, so it restores by being put in place of the original.
/// </summary>
public static class SqliteBackup
{
    public static async Task CopyAsync(SqliteDatabase database, string targetPath, CancellationToken ct)
    {
        await using var source = (SqliteConnection)await database.OpenAsync(ct);
        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = targetPath, Pooling = false }.ToString());
        await target.OpenAsync(ct);
        source.BackupDatabase(target);
        // The copy is a whole database by itself, not a WAL-mode file waiting for its log.
        await using var command = target.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        await command.ExecuteNonQueryAsync(ct);
    }
}
