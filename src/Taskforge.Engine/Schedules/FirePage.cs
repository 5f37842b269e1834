namespace Taskforge.Engine.Schedules;

/// <summary>A page of fired slots, newest first; <see cref="Next"/> is the <c>before</c> of the next page, null on the last.</summary>
public sealed record FirePage(IReadOnlyList<FireView> Items, DateTimeOffset? Next);
