using Taskforge.Engine.Schedules;

namespace Taskforge.Engine.Operations;

/// <summary>
/// The slots fired in the overview's window, by outcome (every outcome that is recorded, zero where none), and the lag
/// (fired − slot) of those that started a run: p50 and p99 over the newest <see cref="LagSample"/> of them (null with none).
/// </summary>
public sealed record FireStats(int Total, IReadOnlyDictionary<FireOutcome, int> ByOutcome, TimeSpan? LagP50, TimeSpan? LagP99, int LagSample);
