using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>
/// Parsed definitions, one per stored revision. A revision never changes, and reading one means validating it again
/// (every script is parsed), so the service and the run engine share this cache instead of each keeping its own.
/// </summary>
public sealed class WorkflowDefinitions(IWorkflowStore store)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string, int), WorkflowDefinition> _parsed = new();
    private readonly ConcurrentDictionary<(string, int), WorkflowRevision> _stored = new();

    /// <summary>The definition of a stored revision (validated when it was saved, so reading it again cannot fail).</summary>
    public WorkflowDefinition Parse(WorkflowRevision stored)
    {
        if (_parsed.Count > MaxEntries)
        {
            _parsed.Clear();
        }

        return _parsed.GetOrAdd((stored.WorkflowId, stored.Revision),
            _ => WorkflowDefinitionReader.Read((JsonObject)JsonNode.Parse(stored.Document)!, stored.WorkflowId));
    }

    /// <summary>A given revision, from memory when it was read before; null when the workflow is gone.</summary>
    public async Task<WorkflowDefinition?> RevisionAsync(string workflowId, int revision, CancellationToken ct) =>
        _parsed.TryGetValue((workflowId, revision), out var cached) ? cached
        : await store.FindAsync(workflowId, revision, ct) is { } stored ? Parse(stored) : null;

    /// <summary>The current revision of a workflow that is not deleted, or null.</summary>
    public async Task<(WorkflowDefinition Definition, int Revision)?> CurrentAsync(string workflowId, CancellationToken ct) =>
        await CurrentStoredAsync(workflowId, ct) is { } stored ? (Parse(stored), stored.Revision) : null;

    /// <summary>
    /// The current stored revision: one primary-key read of the revision number, the revision itself from memory once
    /// read (revisions never change), so reading a workflow on every request does not fetch its document every time.
    /// </summary>
    public async Task<WorkflowRevision?> CurrentStoredAsync(string workflowId, CancellationToken ct)
    {
        if (await store.CurrentRevisionAsync(workflowId, ct) is not { } revision)
        {
            return null;
        }

        if (_stored.TryGetValue((workflowId, revision), out var cached))
        {
            return cached;
        }

        if (_stored.Count > MaxEntries)
        {
            _stored.Clear();
        }

        var stored = await store.FindAsync(workflowId, revision, ct);
        return stored is null ? null : _stored.GetOrAdd((workflowId, revision), stored);
    }
}
