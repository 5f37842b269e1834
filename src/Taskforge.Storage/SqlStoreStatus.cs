using Taskforge.Engine.Storage;
using Taskforge.Storage.Migrations;

namespace Taskforge.Storage;

/// <summary>Readiness: the database answers and its schema is at this build's latest migration.</summary>
public sealed class SqlStoreStatus(SqlDatabase database) : IStoreStatus
{
    public async Task<StoreStatus> CheckAsync(CancellationToken ct)
    {
        var expected = MigrationCatalog.LatestVersion(database.Provider);
        try
        {
            var applied = await MigrationRunner.AppliedVersionAsync(database, ct);
            return applied is { } version
                ? new StoreStatus(true, version, expected, database.Provider, version == expected ? null : $"schema at version {version}, this build needs {expected}")
                : new StoreStatus(true, 0, expected, database.Provider, "schema not created yet");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return new StoreStatus(false, 0, expected, database.Provider, ex.GetType().Name);
        }
    }
}
