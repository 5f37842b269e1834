using Npgsql;

namespace Taskforge.Bench.Peers;

/// <summary>The tables the job body writes and the coordinator reads: one row per first fire, one per later fire.</summary>
internal static class ResultsDatabase
{
    public static async Task CreateAsync(string connectionString, CancellationToken ct)
    {
        await ExecuteAsync(connectionString, """
            CREATE TABLE results (
                job_id   integer     NOT NULL,
                due_at   timestamptz NOT NULL,
                fired_at timestamptz NOT NULL,
                node     text        NOT NULL,
                UNIQUE (job_id, due_at)
            );
            CREATE TABLE duplicates (
                job_id   integer     NOT NULL,
                due_at   timestamptz NOT NULL,
                fired_at timestamptz NOT NULL,
                node     text        NOT NULL
            );
            """, ct);
    }

    /// <summary>First fires due in [from, to].</summary>
    public static async Task<long> CountAsync(string connectionString, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM results WHERE due_at BETWEEN $1 AND $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Rows of <paramref name="table"/> ("results" or "duplicates") due in [from, to].</summary>
    public static async Task<List<Fire>> ReadAsync(string connectionString, string table, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT job_id, due_at, fired_at, node FROM {table} WHERE due_at BETWEEN $1 AND $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var fires = new List<Fire>();
        while (await reader.ReadAsync(ct))
        {
            fires.Add(new Fire(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return fires;
    }

    /// <summary>PostgreSQL's version and the settings that matter for commit cost.</summary>
    public static async Task<string> DescribeServerAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT 'PostgreSQL ' || current_setting('server_version')
                || ', fsync=' || current_setting('fsync')
                || ', synchronous_commit=' || current_setting('synchronous_commit')
                || ', shared_buffers=' || current_setting('shared_buffers')
                || ', max_connections=' || current_setting('max_connections')
            """, connection);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

internal sealed record Fire(int JobId, DateTimeOffset DueAt, DateTimeOffset FiredAt, string Node)
{
    public double LagSeconds => (FiredAt - DueAt).TotalSeconds;
}
