using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Taskforge.Storage;
using Taskforge.Storage.Migrations;

namespace Taskforge.Tests.Storage;

public abstract class MigrationCompliance : StoreTestBase
{
    [Fact]
    public async Task Migrate_AppliesNothing_WhenRunAgain()
    {
        var applied = await new MigrationRunner(Database, NullLogger<MigrationRunner>.Instance).MigrateAsync(Time.GetUtcNow(), TestContext.Current.CancellationToken);

        Assert.Empty(applied);
        Assert.Equal(MigrationCatalog.LatestVersion(Database.Provider), await MigrationRunner.AppliedVersionAsync(Database, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Migrate_AppliesEachMigrationOnce_WhenNodesStartTogether()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await CreateDatabaseAsync();
        // Four "nodes": separate database objects (separate pools, and on SQLite separate writer gates).
        var nodes = Enumerable.Range(0, 4).Select(_ => StorageServiceCollectionExtensions.Open(options)).ToList();
        try
        {
            var results = await Task.WhenAll(nodes.Select(n =>
                Task.Run(() => new MigrationRunner(n, NullLogger<MigrationRunner>.Instance).MigrateAsync(Time.GetUtcNow(), ct), ct)));

            var all = results.SelectMany(r => r).ToList();
            var expected = MigrationCatalog.For(options.Provider).Select(m => m.Version).ToList();
            Assert.Equal(expected, all.Order().ToList());
            await using var connection = await nodes[0].OpenAsync(ct);
            var recorded = (await connection.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version")).ToList();
            Assert.Equal(expected, recorded);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Status_IsReady_AfterMigration()
    {
        var status = await new SqlStoreStatus(Database).CheckAsync(TestContext.Current.CancellationToken);

        Assert.True(status.Ready, status.Problem);
        Assert.Equal(Database.Provider, status.Provider);
    }

    [Fact]
    public async Task Status_IsNotReady_OnAnEmptyDatabase()
    {
        var options = await CreateDatabaseAsync();
        await using var empty = StorageServiceCollectionExtensions.Open(options);

        var status = await new SqlStoreStatus(empty).CheckAsync(TestContext.Current.CancellationToken);

        Assert.False(status.Ready);
    }
}
