using Dapper;

namespace Taskforge.Storage.KeyRing;

/// <summary>
/// The one writer of <c>data_protection_keys</c>: the server's Data Protection key ring, kept in the database every node
/// shares. Elements are opaque XML text here; what they mean is Data Protection's business.
/// </summary>
public sealed class SqlKeyRingStore(SqlDatabase database, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> ReadAllAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT xml FROM data_protection_keys ORDER BY created_at, name", cancellationToken: ct))];
    }

    /// <summary>Adds an element; an element of the same name (Data Protection never writes one twice) is replaced.</summary>
    public async Task AddAsync(string name, string xml, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@Name, @Xml, @CreatedAt)
            ON CONFLICT (name) DO UPDATE SET xml = excluded.xml
            """,
            new { Name = name, Xml = xml, CreatedAt = Instants.ToMs(time.GetUtcNow()) },
            scope.Transaction,
            cancellationToken: ct));
        await scope.CommitAsync(ct);
    }
}
