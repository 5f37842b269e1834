using Taskforge.Storage;
using Xunit;

[assembly: AssemblyFixture(typeof(Taskforge.Tests.Support.PostgresFixture))]

namespace Taskforge.Tests.Support;

/// <summary>
/// One throw-away PostgreSQL server for the whole test run (or the server named by TASKFORGE_TEST_POSTGRES),
/// with a fresh database per test class. Without PostgreSQL the tests skip locally and fail under CI.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private ThrowawayPostgres? _server;
    private string? _unavailable;

    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async ValueTask InitializeAsync()
    {
        try
        {
            _server = await ThrowawayPostgres.StartAsync(durable: false, TestContext.Current.CancellationToken);
        }
        catch (PostgresUnavailableException ex) when (!UnderCi)
        {
            _unavailable = ex.Message;
        }
    }

    /// <summary>A new, empty database; skips the calling test when PostgreSQL is missing outside CI.</summary>
    public async Task<StorageOptions> CreateDatabaseAsync(string prefix)
    {
        if (_server is null)
        {
            Assert.Skip($"PostgreSQL is not available here ({_unavailable}); under CI=true this fails instead.");
        }

        var connectionString = await _server.CreateDatabaseAsync(prefix, TestContext.Current.CancellationToken);
        return new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = connectionString };
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
