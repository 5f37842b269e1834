namespace Taskforge.Engine.Timers;

/// <summary>A timer claimed by this node: what it belongs to, and the occurrence (slot) it stands for.</summary>
public sealed record DueTimer(string Kind, string OwnerId, DateTimeOffset DueAt, DateTimeOffset SlotAt);
