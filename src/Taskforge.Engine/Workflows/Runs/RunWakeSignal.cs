namespace Taskforge.Engine.Workflows.Runs;

/// <summary>Wakes the run worker early when something became due now (a started run, a cancel), so there is no polling delay.</summary>
public sealed class RunWakeSignal(TimeProvider time) : WakeSignal(time);
