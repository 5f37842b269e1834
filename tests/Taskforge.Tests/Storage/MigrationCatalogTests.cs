using Taskforge.Storage;
using Taskforge.Storage.Migrations;

namespace Taskforge.Tests.Storage;

public sealed class MigrationCatalogTests
{
    [Fact]
    public void BothDialects_HaveTheSameMigrations()
    {
        var sqlite = MigrationCatalog.For(StorageOptions.Sqlite).Select(m => (m.Version, m.Name)).ToList();
        var postgres = MigrationCatalog.For(StorageOptions.Postgres).Select(m => (m.Version, m.Name)).ToList();

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, postgres);
    }

    [Fact]
    public void Versions_AreNumberedOneByOne()
    {
        var versions = MigrationCatalog.For(StorageOptions.Sqlite).Select(m => m.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Max()), versions.Order());
    }
}
