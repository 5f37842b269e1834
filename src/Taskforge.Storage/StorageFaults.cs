using Microsoft.Data.Sqlite;
using Npgsql;

namespace Taskforge.Storage;

/// <summary>
/// The one home for telling a database that cannot take work right now (its disk is full, its file or cluster is
/// read-only, its storage failed to read or write, it is unreachable or shutting down) from a fault in the request or
/// the code. The faces answer the first kind with 503 and Retry-After: the request was sound and may succeed later,
/// and the transaction it ran in was rolled back.
/// </summary>
public static class StorageFaults
{
    // SQLite's primary result codes (the low byte of an extended code).
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCannotOpen = 14;

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the database cannot take work now.</summary>
    public static bool IsUnavailable(Exception exception) => Describe(exception) is not null;

    /// <summary>What is wrong with the database, in a few words for an operator's log; null when nothing is.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (DescribeOne(e) is { } description)
            {
                return description;
            }
        }

        return null;
    }

    private static string? DescribeOne(Exception exception) => exception switch
    {
        SqliteException s => (s.SqliteErrorCode & 0xFF) switch
        {
            SqliteFull => "the database's disk is full",
            SqliteReadOnly => "the database file is read-only",
            SqliteIoError => "the database's storage failed to read or write",
            SqliteCannotOpen => "the database file cannot be opened",
            _ => null,
        },
        PostgresException p => p.SqlState switch
        {
            PostgresErrorCodes.DiskFull => "the database's disk is full",
            PostgresErrorCodes.ReadOnlySqlTransaction => "the database is read-only",
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => "the database is restarting",
            _ when p.SqlState.StartsWith("08", StringComparison.Ordinal) => "the connection to the database failed",
            _ => null,
        },
        // Not an answer from the server: the connection could not be made or broke.
        NpgsqlException => "the database cannot be reached",
        _ => null,
    };
}
