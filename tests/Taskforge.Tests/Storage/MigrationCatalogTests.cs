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

    // Numbers taken by a branch not merged yet, so that two branches never ship different migrations under one number:
    // 0008 is issue 13's console key ring. Once that branch is merged the number is present and the entry is harmless.
    private static readonly int[] Reserved = [8];

    [Fact]
    public void Versions_AreNumberedOneByOne()
    {
        var versions = MigrationCatalog.For(StorageOptions.Sqlite).Select(m => m.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Max()), versions.Union(Reserved).Order());
    }
}
