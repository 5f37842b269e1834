using Dapper;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Storage.Workflows;

/// <summary>Workflow definitions on either dialect; the SQL is the same for both.</summary>
public sealed class SqlWorkflowStore(SqlDatabase database) : IWorkflowStore
{
    public async Task<int> SaveAsync(string workflowId, string name, string? category, string version, string document, string createdBy, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        // The upsert locks the workflow row, so concurrent saves of one workflow get consecutive revisions.
        var revision = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO workflows (id, name, category, version, current_revision, deleted_at, created_at, updated_at)
            VALUES (@Id, @Name, @Category, @Version, 1, NULL, @Now, @Now)
            ON CONFLICT (id) DO UPDATE
               SET name = excluded.name, category = excluded.category, version = excluded.version,
                   current_revision = workflows.current_revision + 1, deleted_at = NULL, updated_at = excluded.updated_at
            RETURNING current_revision
            """, new { Id = workflowId, Name = name, Category = category, Version = version, Now = Instants.ToMs(now) }, scope.Transaction, cancellationToken: ct));
        await scope.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO workflow_revisions (workflow_id, revision, document, created_at, created_by)
            VALUES (@Id, @Revision, @Document, @Now, @CreatedBy)
            """, new { Id = workflowId, Revision = revision, Document = document, Now = Instants.ToMs(now), CreatedBy = createdBy }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return (int)revision;
    }

    public async Task<WorkflowRevision?> FindAsync(string workflowId, int? revision, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RevisionRow>(new CommandDefinition("""
            SELECT r.workflow_id, r.revision, r.document, r.created_at, r.created_by
              FROM workflows w JOIN workflow_revisions r ON r.workflow_id = w.id
             WHERE w.id = @Id AND w.deleted_at IS NULL AND r.revision = COALESCE(@Revision, w.current_revision)
            """, new { Id = workflowId, Revision = revision }, cancellationToken: ct));
        return row?.ToRevision();
    }

    public async Task<int?> CurrentRevisionAsync(string workflowId, CancellationToken ct)
    {
        // Read on every request that names a workflow (each poll of a run): a statement kept prepared (issue 15).
        await using var lease = await database.ReadAsync(ct);
        return await KeptQuery.QueryAsync<CurrentRevisionRow>(lease.Connection,
            "SELECT current_revision FROM workflows WHERE id = @Id AND deleted_at IS NULL", new { Id = workflowId }, ct) is [var row] ? (int)row.CurrentRevision : null;
    }

    public async Task<IReadOnlyList<WorkflowRevision>> ListCurrentAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RevisionRow>(new CommandDefinition("""
            SELECT r.workflow_id, r.revision, r.document, r.created_at, r.created_by
              FROM workflows w JOIN workflow_revisions r ON r.workflow_id = w.id AND r.revision = w.current_revision
             WHERE w.deleted_at IS NULL
             ORDER BY w.id
            """, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRevision())];
    }

    public async Task<IReadOnlyList<WorkflowRevisionSummary>> ListRevisionsAsync(string workflowId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // The documents stay behind: a list of revisions needs who and when, and a document may be large.
        var rows = await connection.QueryAsync<RevisionRow>(new CommandDefinition("""
            SELECT r.workflow_id, r.revision, '' AS document, r.created_at, r.created_by
              FROM workflows w JOIN workflow_revisions r ON r.workflow_id = w.id
             WHERE w.id = @Id AND w.deleted_at IS NULL
             ORDER BY r.revision DESC
            """, new { Id = workflowId }, cancellationToken: ct));
        return [.. rows.Select(r => new WorkflowRevisionSummary((int)r.Revision, Instants.FromMs(r.CreatedAt), r.CreatedBy))];
    }

    public async Task<bool> DeleteAsync(string workflowId, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE workflows SET deleted_at = @Now, updated_at = @Now WHERE id = @Id AND deleted_at IS NULL",
            new { Id = workflowId, Now = Instants.ToMs(now) }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    private sealed class RevisionRow
    {
        public string WorkflowId { get; set; } = "";
        public long Revision { get; set; }
        public string Document { get; set; } = "";
        public long CreatedAt { get; set; }
        public string CreatedBy { get; set; } = "";

        public WorkflowRevision ToRevision() => new(WorkflowId, (int)Revision, Document, Instants.FromMs(CreatedAt), CreatedBy);
    }

    // A class, not a bare number: Dapper's row parser converts a column's type (int on PostgreSQL) only into a property.
    private sealed class CurrentRevisionRow
    {
        public long CurrentRevision { get; set; }
    }
}
