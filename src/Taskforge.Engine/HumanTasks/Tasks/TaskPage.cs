namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>One page of a task query, each task as the caller sees it, with the offset and size it was asked for.</summary>
public sealed record TaskPage(IReadOnlyList<TaskView> Tasks, int Offset, int Size);
