namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>A stored revision of a workflow definition: runs keep the revision they started with.</summary>
public sealed record WorkflowRevision(string WorkflowId, int Revision, string Document, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The store's side of workflow definitions. Every save is a new revision; delete hides the workflow, revisions stay.</summary>
public interface IWorkflowStore
{
    /// <summary>Stores the document as the next revision (1 for a new workflow) and makes it current.</summary>
    Task<int> SaveAsync(string workflowId, string name, string? category, string version, string document, string createdBy, DateTimeOffset now, CancellationToken ct);

    /// <summary>The current revision (or the given one) of a workflow that is not deleted.</summary>
    Task<WorkflowRevision?> FindAsync(string workflowId, int? revision, CancellationToken ct);

    /// <summary>The current revision number of a workflow that is not deleted (a primary-key read; the revision itself is immutable and cached).</summary>
    Task<int?> CurrentRevisionAsync(string workflowId, CancellationToken ct);

    /// <summary>The current revisions of every workflow that is not deleted, ordered by id.</summary>
    Task<IReadOnlyList<WorkflowRevision>> ListCurrentAsync(CancellationToken ct);

    /// <summary>Every revision of a workflow that is not deleted, newest first; empty for a deleted or unknown workflow.</summary>
    Task<IReadOnlyList<WorkflowRevisionSummary>> ListRevisionsAsync(string workflowId, CancellationToken ct);

    Task<bool> DeleteAsync(string workflowId, DateTimeOffset now, CancellationToken ct);
}
