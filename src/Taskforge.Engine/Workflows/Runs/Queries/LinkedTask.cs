using Taskforge.Engine.HumanTasks.Lifecycle;

namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>How a human task is tied to a run.</summary>
public enum TaskLink
{
    /// <summary>A task step of the run created it, and the run waits (or waited) for it.</summary>
    Created,

    /// <summary>The invocation task that started the run, which learns of the run's end.</summary>
    Invoking,
}

/// <summary>A human task tied to a run (<see cref="Link"/> says how), as the run's page lists it.</summary>
public sealed record LinkedTask(string Id, string Name, TaskState State, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, TaskLink Link);
