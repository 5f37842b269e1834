namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>A stored template version. The document never changes; only <see cref="IsStarted"/> does.</summary>
public sealed record StoredTemplate(
    string Id, string Name, string Namespace, int Version, bool IsStarted, string Document, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The store's side of task templates: versions of one (namespace, name), each started or stopped.</summary>
public interface ITaskTemplateStore
{
    /// <summary>Stores a new version (1 for a new name) in the started state and returns its number.</summary>
    Task<int> SaveAsync(string id, string name, string ns, string document, string createdBy, DateTimeOffset now, CancellationToken ct);

    Task<StoredTemplate?> FindAsync(string id, CancellationToken ct);

    /// <summary>Every version of every template, by namespace, name and version.</summary>
    Task<IReadOnlyList<StoredTemplate>> ListAsync(CancellationToken ct);

    /// <summary>The newest started version of a name (in a namespace, when given), or null.</summary>
    Task<StoredTemplate?> FindNewestStartedAsync(string name, string? ns, CancellationToken ct);

    Task<bool> SetStartedAsync(string id, bool started, CancellationToken ct);
}
