using Microsoft.Data.Sqlite;
using Npgsql;
using Taskforge.Storage;

namespace Taskforge.Fuzz;

/// <summary>
/// The database's own consistency check after fuzzing. SQLite: <c>PRAGMA integrity_check</c> and
/// <c>foreign_key_check</c>. PostgreSQL: amcheck's <c>bt_index_check</c> with <c>heapallindexed</c> over every index of
/// the schema (every row is in each of its table's indexes and each index is ordered), and every table read in full.
/// </summary>
public static class StoreIntegrity
{
    /// <summary>The problems found; empty when the database is sound. <paramref name="checks"/> counts what was checked.</summary>
    public static async Task<(IReadOnlyList<string> Problems, int Checks)> CheckAsync(StorageOptions storage, CancellationToken ct) =>
        storage.Provider == StorageOptions.Postgres ? await PostgresAsync(storage.ConnectionString ?? "", ct) : await SqliteAsync(storage.ConnectionString ?? "", ct);

    private static async Task<(IReadOnlyList<string>, int)> SqliteAsync(string connectionString, CancellationToken ct)
    {
        var problems = new List<string>();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var integrity = connection.CreateCommand())
        {
            integrity.CommandText = "PRAGMA integrity_check";
            await using var reader = await integrity.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetString(0) != "ok")
                {
                    problems.Add("integrity_check: " + reader.GetString(0));
                }
            }
        }

        await using (var foreignKeys = connection.CreateCommand())
        {
            foreignKeys.CommandText = "PRAGMA foreign_key_check";
            await using var reader = await foreignKeys.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                problems.Add($"foreign_key_check: table {reader.GetString(0)} row {reader.GetValue(1)} refers to a missing {reader.GetString(2)}");
            }
        }

        return (problems, 2);
    }

    private static async Task<(IReadOnlyList<string>, int)> PostgresAsync(string connectionString, CancellationToken ct)
    {
        var problems = new List<string>();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS amcheck", connection))
        {
            await extension.ExecuteNonQueryAsync(ct);
        }

        var indexes = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.amname = 'btree' AND n.nspname = current_schema() ORDER BY 1
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                indexes.Add(reader.GetString(0));
            }
        }

        foreach (var index in indexes)
        {
            try
            {
                await using var check = new NpgsqlCommand("SELECT bt_index_check(@index::regclass, true)", connection);
                check.Parameters.AddWithValue("index", index);
                await check.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException ex)
            {
                problems.Add($"bt_index_check {index}: {ex.MessageText}");
            }
        }

        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            try
            {
                await using var read = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
                await read.ExecuteScalarAsync(ct);
            }
            catch (PostgresException ex)
            {
                problems.Add($"reading {table}: {ex.MessageText}");
            }
        }

        if (indexes.Count == 0 || tables.Count == 0)
        {
            problems.Add($"found {indexes.Count} indexes and {tables.Count} tables: the check looked in the wrong schema");
        }

        return (problems, indexes.Count + tables.Count);
    }
}
