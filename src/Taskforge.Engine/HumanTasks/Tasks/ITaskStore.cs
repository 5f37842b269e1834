namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>A task with the work items that say who holds which role on it.</summary>
public sealed record StoredTask(HumanTask Task, IReadOnlyList<WorkItem> WorkItems);

/// <summary>The store's side of human tasks.</summary>
public interface ITaskStore
{
    /// <summary>Writes the whole change in one transaction. False when a version fence failed: nothing was written.</summary>
    Task<bool> ApplyAsync(TaskChange change, CancellationToken ct);

    Task<StoredTask?> FindAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<StoredTask>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct);

    /// <summary>The subtasks of a task, oldest first.</summary>
    Task<IReadOnlyList<HumanTask>> ListSubTasksAsync(string parentId, CancellationToken ct);

    /// <summary>Every task of a hierarchy (subtasks and follow-ons, at any depth) under a top-level task, oldest first.</summary>
    Task<IReadOnlyList<HumanTask>> ListHierarchyAsync(string topLevelId, CancellationToken ct);

    Task<IReadOnlyList<TaskEvent>> ListEventsAsync(string taskId, CancellationToken ct);

    Task<IReadOnlyList<TaskEscalation>> ListEscalationsAsync(string taskId, CancellationToken ct);

    Task<TaskEscalation?> FindEscalationAsync(string id, CancellationToken ct);

    /// <summary>Tasks the query selects, visible to its caller, in its order, one page of them.</summary>
    Task<IReadOnlyList<StoredTask>> QueryAsync(TaskQuery query, CancellationToken ct);

    Task<long> CountAsync(TaskQuery query, CancellationToken ct);

    /// <summary>Removes a timer that fired but no longer stands for anything (the task changed meanwhile), if it still has that slot.</summary>
    Task RemoveTimerAsync(string kind, string ownerId, DateTimeOffset slot, CancellationToken ct);
}
