namespace Taskforge.Tests.Support;

/// <summary>A server on its own SQLite file, shared by the tests of one class.</summary>
public class SqliteServerFixture : IAsyncLifetime
{
    private readonly SqliteFile _file = new();

    public ServerInstance Server { get; private set; } = null!;

    protected virtual string[] ExtraArgs => [];

    public async ValueTask InitializeAsync() => Server = await ServerInstance.StartAsync(_file.Options, ExtraArgs);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _file.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A server on its own PostgreSQL database, shared by the tests of one class.</summary>
public sealed class PostgresServerFixture(PostgresFixture postgres) : IAsyncLifetime
{
    public ServerInstance Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await ServerInstance.StartAsync(await postgres.CreateDatabaseAsync("server"));

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
