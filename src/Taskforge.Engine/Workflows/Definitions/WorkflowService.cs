using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>A definition and what the caller may do with it.</summary>
public sealed record WorkflowView(WorkflowDefinition Definition, int Revision, DateTimeOffset SavedAt, string SavedBy, WorkflowRights Rights);

/// <summary>
/// Workflow definitions: saved as new revisions, read by callers with the view right. A caller without the view
/// right is told the workflow does not exist (vRO answers 404, never 403).
/// </summary>
public sealed class WorkflowService(IWorkflowStore store, WorkflowDefinitions definitions, TimeProvider time)
{
    /// <returns>The saved view and whether the workflow was created (rather than replaced).</returns>
    public async Task<(WorkflowView View, bool Created)> SaveAsync(Caller caller, string id, JsonObject document, CancellationToken ct)
    {
        var existing = await FindAsync(id, null, ct);
        if (existing is null ? !caller.IsAdministrator : !WorkflowRights.For(caller, existing.Definition.Permissions).CanEdit)
        {
            if (existing is not null && !WorkflowRights.For(caller, existing.Definition.Permissions).CanView)
            {
                throw new NotFoundException("Workflow", id);
            }

            throw new AccessDeniedException(existing is null ? "create workflows" : $"edit workflow '{id}'");
        }

        return (await StoreAsync(caller, WorkflowDefinitionReader.Read(document, id), ct), existing is null);
    }

    /// <summary>
    /// The current revision, or the given one, with what the caller may do. Rights are the workflow's as its current
    /// revision gives them, whichever revision is read: a right taken away is not given back by an older revision's
    /// rules (nor one granted since refused by them), as vRO keeps permissions on the workflow, not on its versions.
    /// </summary>
    public async Task<WorkflowView> GetAsync(Caller caller, string id, int? revision, CancellationToken ct)
    {
        var current = await FindAsync(id, null, ct);
        var rights = current is null ? default : WorkflowRights.For(caller, current.Definition.Permissions);
        if (current is null || !rights.CanView)
        {
            throw new NotFoundException("Workflow", id);
        }

        var view = revision is null || revision == current.Revision ? current
            : await FindAsync(id, revision, ct) ?? throw new NotFoundException($"Revision {revision} of workflow", id);
        return view with { Rights = rights };
    }

    /// <summary>Every saved revision of the workflow, newest first: who saved it and when. Needs the view right.</summary>
    public async Task<IReadOnlyList<WorkflowRevisionSummary>> RevisionsAsync(Caller caller, string id, CancellationToken ct)
    {
        await GetAsync(caller, id, null, ct);
        return await store.ListRevisionsAsync(id, ct);
    }

    public async Task<IReadOnlyList<WorkflowView>> ListAsync(Caller caller, CancellationToken ct)
    {
        var result = new List<WorkflowView>();
        foreach (var revision in await store.ListCurrentAsync(ct))
        {
            var view = ToView(revision);
            var rights = WorkflowRights.For(caller, view.Definition.Permissions);
            if (rights.CanView)
            {
                result.Add(view with { Rights = rights });
            }
        }

        return result;
    }

    /// <summary>
    /// The categories of the workflows the caller may view, by name; a workflow without a category is in none. A category
    /// holding no workflow the caller may view does not exist for them (as a workflow they may not view does not).
    /// </summary>
    public async Task<IReadOnlyList<WorkflowCategory>> CategoriesAsync(Caller caller, CancellationToken ct) =>
    [
        .. (await ListAsync(caller, ct))
            .Where(v => WorkflowCategory.NameOf(v.Definition) is not null)
            .GroupBy(v => WorkflowCategory.NameOf(v.Definition)!, StringComparer.Ordinal)
            .Select(g => new WorkflowCategory(WorkflowCategory.IdOf(g.Key), g.Key, [.. g]))
            .OrderBy(c => c.Name, StringComparer.Ordinal),
    ];

    public async Task<WorkflowCategory> CategoryAsync(Caller caller, string id, CancellationToken ct) =>
        (await CategoriesAsync(caller, ct)).FirstOrDefault(c => c.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
        ?? throw new NotFoundException("Category", id);

    /// <summary>Replaces the permission rules (a new revision); needs the admin right on the workflow.</summary>
    public async Task<WorkflowView> SetPermissionsAsync(Caller caller, string id, IReadOnlyList<PermissionRule> rules, CancellationToken ct)
    {
        var view = await GetAsync(caller, id, null, ct);
        if (!view.Rights.CanAdminister)
        {
            throw new AccessDeniedException($"change the permissions of workflow '{id}'");
        }

        var document = (JsonObject)view.Definition.Document.DeepClone();
        document["permissions"] = new JsonObject(PermissionRules.Merge(rules).Select(r => KeyValuePair.Create(r.Principal, (JsonNode?)r.Rights)));
        return await StoreAsync(caller, WorkflowDefinitionReader.Read(document, id), ct);
    }

    /// <summary>Adds rules to the existing ones (rights of one principal are merged).</summary>
    public async Task<WorkflowView> AddPermissionsAsync(Caller caller, string id, IReadOnlyList<PermissionRule> rules, CancellationToken ct)
    {
        var view = await GetAsync(caller, id, null, ct);
        return await SetPermissionsAsync(caller, id, [.. view.Definition.Permissions, .. rules], ct);
    }

    /// <summary>Removes the rule of one principal; not found when it has none.</summary>
    public async Task RemovePermissionAsync(Caller caller, string id, string principal, CancellationToken ct)
    {
        var rules = (await GetAsync(caller, id, null, ct)).Definition.Permissions;
        var kept = rules.Where(p => !p.Principal.Equals(principal, StringComparison.OrdinalIgnoreCase)).ToList();
        if (kept.Count == rules.Count)
        {
            throw new NotFoundException("Permission", principal);
        }

        await SetPermissionsAsync(caller, id, kept, ct);
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        var view = await GetAsync(caller, id, null, ct);
        if (!view.Rights.CanAdminister)
        {
            throw new AccessDeniedException($"delete workflow '{id}'");
        }

        await store.DeleteAsync(id, time.GetUtcNow(), ct);
    }

    private async Task<WorkflowView> StoreAsync(Caller caller, WorkflowDefinition definition, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var revision = await store.SaveAsync(definition.Id, definition.Name, definition.Category, definition.Version,
            definition.Document.ToJsonString(), caller.UserName, now, ct);
        return new WorkflowView(definition, revision, now, caller.UserName, WorkflowRights.For(caller, definition.Permissions));
    }

    private async Task<WorkflowView?> FindAsync(string id, int? revision, CancellationToken ct) =>
        await (revision is null ? definitions.CurrentStoredAsync(id, ct) : store.FindAsync(id, revision, ct)) is { } stored ? ToView(stored) : null;

    private WorkflowView ToView(WorkflowRevision stored) =>
        new(definitions.Parse(stored), stored.Revision, stored.CreatedAt, stored.CreatedBy, default);
}
