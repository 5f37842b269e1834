namespace Taskforge.Engine.Operations;

/// <summary>Tasks waiting for [<see cref="From"/>, <see cref="To"/>) since they became ready; <see cref="To"/> null: longer.</summary>
public sealed record AgeBucket(string Label, TimeSpan From, TimeSpan? To, int Count);
