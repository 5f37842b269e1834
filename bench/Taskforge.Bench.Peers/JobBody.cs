using Npgsql;

namespace Taskforge.Bench.Peers;

/// <summary>
/// What every fired job does, identical for both peers: take the node's UTC clock as the body starts, then insert one
/// row into <c>results</c>, whose unique key (job, due instant) turns a second fire into a unique violation; that is
/// caught and recorded in <c>duplicates</c>.
/// </summary>
public static class JobBody
{
    private const string UniqueViolation = "23505";

    private static string? s_connectionString;
    private static string s_node = "?";

    /// <summary>Set once by the node process before its scheduler starts.</summary>
    internal static void Configure(string connectionString, string node) => (s_connectionString, s_node) = (connectionString, node);

    public static async Task RecordAsync(int jobId, DateTimeOffset dueAt, DateTimeOffset firedAt, CancellationToken ct)
    {
        // A plain NpgsqlConnection on the node's connection string shares the pool the scheduler itself uses.
        await using var connection = new NpgsqlConnection(s_connectionString ?? throw new InvalidOperationException("JobBody is not configured."));
        await connection.OpenAsync(ct);
        try
        {
            await InsertAsync(connection, "results", jobId, dueAt, firedAt, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            await InsertAsync(connection, "duplicates", jobId, dueAt, firedAt, ct);
        }
    }

    private static async Task InsertAsync(NpgsqlConnection connection, string table, int jobId, DateTimeOffset dueAt, DateTimeOffset firedAt, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {table} (job_id, due_at, fired_at, node) VALUES ($1, $2, $3, $4)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        command.Parameters.Add(new NpgsqlParameter { Value = dueAt });
        command.Parameters.Add(new NpgsqlParameter { Value = firedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = s_node });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The start of the minute that holds <paramref name="instant"/>: the due instant of an every-minute fire.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
