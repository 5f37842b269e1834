using Microsoft.Extensions.Logging.Abstractions;
using Taskforge.Storage;
using Taskforge.Storage.Migrations;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>
/// The base of every storage suite: a fresh, migrated database per test class, on the dialect the subclass picks.
/// Suites are written once and inherited by a SQLite and a PostgreSQL class.
/// </summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    protected SteppedClock Time { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    protected SqlDatabase Database { get; private set; } = null!;

    protected StorageOptions Options { get; private set; } = null!;

    /// <summary>A new, empty database of this suite's dialect.</summary>
    protected abstract Task<StorageOptions> CreateDatabaseAsync();

    public virtual async ValueTask InitializeAsync()
    {
        Options = await CreateDatabaseAsync();
        Database = StorageServiceCollectionExtensions.Open(Options);
        await new MigrationRunner(Database, NullLogger<MigrationRunner>.Instance).MigrateAsync(Time.GetUtcNow(), TestContext.Current.CancellationToken);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
