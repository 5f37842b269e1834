using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>A template version as callers see it: the model, its version and whether new tasks may be made from it.</summary>
public sealed record TemplateView(TaskTemplate Template, int Version, bool IsStarted, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>
/// Task templates. Saving a document makes a new version of its (namespace, name), started at once; tasks keep the
/// version they were made from. Templates are models, not data: every signed-in user may read them (forms need their
/// message types); only administrators save, start and stop them. Parsed versions are cached: a document never changes.
/// </summary>
public sealed class TaskTemplateService(ITaskTemplateStore store, WorkflowService workflows, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TaskTemplate> _parsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TemplateView> _ofTasks = new(StringComparer.Ordinal);

    public async Task<TemplateView> CreateAsync(Caller caller, JsonObject document, CancellationToken ct)
    {
        caller.RequireAdministrator("save task templates");
        var id = HumanTaskIds.NewTemplateId();
        var template = TaskTemplateReader.Read(document, id, await WorkflowLookupAsync(document, ct));
        var now = time.GetUtcNow();
        var version = await store.SaveAsync(id, template.Name, template.Namespace, template.Document.ToJsonString(), caller.UserName, now, ct);
        _parsed[id] = template;
        return new TemplateView(template, version, true, now, caller.UserName);
    }

    public async Task<TemplateView> GetAsync(Caller caller, string id, CancellationToken ct) =>
        await FindAsync(id, ct) ?? throw new NotFoundException("Task template", id);

    /// <summary>Every version, or only the newest version of each name when <paramref name="newestOnly"/>.</summary>
    public async Task<IReadOnlyList<TemplateView>> ListAsync(Caller caller, bool newestOnly, CancellationToken ct)
    {
        var stored = await store.ListAsync(ct);
        var chosen = newestOnly
            ? stored.GroupBy(s => (s.Namespace, s.Name)).Select(g => g.MaxBy(s => s.Version)!)
            : stored;
        return [.. chosen.Select(ToView)];
    }

    /// <summary>The versions new tasks are made from: of each (namespace, name), the newest started one.</summary>
    public async Task<IReadOnlyList<TemplateView>> ListStartedAsync(Caller caller, CancellationToken ct) =>
        [.. (await store.ListAsync(ct)).Where(s => s.IsStarted).GroupBy(s => (s.Namespace, s.Name)).Select(g => ToView(g.MaxBy(s => s.Version)!))];

    /// <summary>The newest started version of a name (and namespace, when given): creating by name picks it (ibm-bpm-htm.md §3.7).</summary>
    public async Task<TemplateView> GetCurrentAsync(Caller caller, string name, string? ns, CancellationToken ct)
    {
        var match = await store.FindNewestStartedAsync(name, ns, ct);
        return match is null ? throw new NotFoundException("Task template", ns is null ? name : $"{{{ns}}}{name}") : ToView(match);
    }

    public async Task<TemplateView> SetStartedAsync(Caller caller, string id, bool started, CancellationToken ct)
    {
        caller.RequireAdministrator(started ? "start task templates" : "stop task templates");
        if (!await store.SetStartedAsync(id, started, ct))
        {
            throw new NotFoundException("Task template", id);
        }

        return await GetAsync(caller, id, ct);
    }

    /// <summary>A template version by id for the engine's own use (no caller): tasks read theirs on every action.</summary>
    public async Task<TemplateView?> FindAsync(string id, CancellationToken ct)
    {
        var stored = HumanTaskIds.IsTemplateId(id) ? await store.FindAsync(id, ct) : null;
        return stored is null ? null : ToView(stored);
    }

    /// <summary>
    /// The template version of an existing task, read once per process: a task only needs the version's document,
    /// which never changes. Its <see cref="TemplateView.IsStarted"/> is as first read and must not be relied on here
    /// (whether new tasks may be made is <see cref="FindAsync"/>'s answer, read fresh).
    /// </summary>
    public async Task<TemplateView?> FindOfTaskAsync(string id, CancellationToken ct)
    {
        if (_ofTasks.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var found = await FindAsync(id, ct);
        return found is null ? null : _ofTasks.GetOrAdd(id, found);
    }

    private TemplateView ToView(StoredTemplate stored)
    {
        // Stored documents were valid when saved; a workflow that vanished since is found when a task invokes it.
        var template = _parsed.GetOrAdd(stored.Id, _ => TaskTemplateReader.Read(DefinitionDocuments.Parse(stored.Document, yaml: false), stored.Id));
        return new TemplateView(template, stored.Version, stored.IsStarted, stored.CreatedAt, stored.CreatedBy);
    }

    // The reader checks an invocation's mapping against its workflow; the lookup is synchronous, so fetch it first.
    private async Task<Func<string, WorkflowDefinition?>?> WorkflowLookupAsync(JsonObject document, CancellationToken ct)
    {
        if (document["invocation"] is not JsonObject invocation || invocation["workflow"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return null;
        }

        var id = invocation["workflow"]!.GetValue<string>();
        WorkflowDefinition? found;
        try
        {
            found = (await workflows.GetAsync(Caller.System, id, null, ct)).Definition;
        }
        catch (NotFoundException)
        {
            found = null;
        }

        return name => name == id ? found : null;
    }
}
