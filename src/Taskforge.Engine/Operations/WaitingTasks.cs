namespace Taskforge.Engine.Operations;

/// <summary>The human tasks waiting to be claimed (READY) now, in all and by how long they have waited.</summary>
public sealed record WaitingTasks(int Total, IReadOnlyList<AgeBucket> ByAge);
