namespace Taskforge.Engine.Timers;

/// <summary>Wakes the timer loop when a timer was made or moved on this node, so it can sleep until exactly that instant.</summary>
public sealed class TimerWakeSignal(TimeProvider time) : WakeSignal(time);
