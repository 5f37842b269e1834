using Dapper;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Storage.HumanTasks;

/// <summary>Task template versions on either dialect. The next version number is taken under the write transaction.</summary>
public sealed class SqlTaskTemplateStore(SqlDatabase database) : ITaskTemplateStore
{
    private const string Columns = "id, name, namespace, version, started, document, created_at, created_by";

    public async Task<int> SaveAsync(string id, string name, string ns, string document, string createdBy, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        // Two nodes saving the same name at once: the unique (namespace, name, version) key fails one, which then retries.
        var version = 1 + await scope.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(MAX(version), 0) FROM task_templates WHERE namespace = @Ns AND name = @Name", new { Ns = ns, Name = name }, scope.Transaction, cancellationToken: ct));
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO task_templates ({Columns}) VALUES (@Id, @Name, @Ns, @Version, 1, @Document, @Now, @CreatedBy)",
            new { Id = id, Name = name, Ns = ns, Version = version, Document = document, Now = Instants.ToMs(now), CreatedBy = createdBy },
            scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return version;
    }

    public async Task<StoredTemplate?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TemplateRow>(new CommandDefinition(
            $"SELECT {Columns} FROM task_templates WHERE id = @Id", new { Id = id }, cancellationToken: ct));
        return row?.ToStored();
    }

    public async Task<IReadOnlyList<StoredTemplate>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<TemplateRow>(new CommandDefinition(
            $"SELECT {Columns} FROM task_templates ORDER BY namespace, name, version", cancellationToken: ct));
        return [.. rows.Select(r => r.ToStored())];
    }

    public async Task<StoredTemplate?> FindNewestStartedAsync(string name, string? ns, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // The (namespace, name, version) key serves a given namespace; without one, every namespace's versions compete.
        var row = await connection.QueryFirstOrDefaultAsync<TemplateRow>(new CommandDefinition(
            $"SELECT {Columns} FROM task_templates WHERE name = @Name AND (@Ns IS NULL OR namespace = @Ns) AND started = 1 ORDER BY version DESC, created_at DESC LIMIT 1",
            new { Name = name, Ns = ns }, cancellationToken: ct));
        return row?.ToStored();
    }

    public async Task<bool> SetStartedAsync(string id, bool started, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE task_templates SET started = @Started WHERE id = @Id", new { Id = id, Started = started ? 1 : 0 }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    private sealed class TemplateRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Namespace { get; set; } = "";
        public long Version { get; set; }
        public long Started { get; set; }
        public string Document { get; set; } = "";
        public long CreatedAt { get; set; }
        public string CreatedBy { get; set; } = "";

        public StoredTemplate ToStored() => new(Id, Name, Namespace, (int)Version, Started != 0, Document, Instants.FromMs(CreatedAt), CreatedBy);
    }
}
