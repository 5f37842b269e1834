using Dapper;
using Microsoft.Extensions.Logging;

namespace Taskforge.Storage.Migrations;

/// <summary>
/// Applies pending migrations under the dialect's migration lock, each in its own transaction, and records
/// each in <c>schema_version</c>. Safe to run from several nodes at once: the second waits, then finds nothing to do.
/// </summary>
public sealed partial class MigrationRunner(SqlDatabase database, ILogger<MigrationRunner> logger)
{
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at BIGINT  NOT NULL
        )
        """;

    /// <returns>The versions this call applied.</returns>
    public async Task<IReadOnlyList<int>> MigrateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var migrations = MigrationCatalog.For(database.Provider);
        await using var connection = await database.OpenAsync(ct);
        await using var migrationLock = await database.LockForMigrationAsync(connection, ct);

        await connection.ExecuteAsync(new CommandDefinition(CreateVersionTable, cancellationToken: ct));
        var applied = (await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_version", cancellationToken: ct))).ToHashSet();
        var done = new List<int>();
        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = Instants.ToMs(now) },
                transaction,
                cancellationToken: ct));
            await transaction.CommitAsync(ct);
            done.Add(migration.Version);
            LogApplied(logger, database.Provider, migration.Version, migration.Name);
        }

        return done;
    }

    /// <summary>The highest applied version, or null when the schema table does not exist yet.</summary>
    public static async Task<int?> AppliedVersionAsync(SqlDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        try
        {
            return await connection.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT MAX(version) FROM schema_version", cancellationToken: ct)) ?? 0;
        }
        catch (System.Data.Common.DbException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Applied {Provider} migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, string provider, int version, string name);
}
