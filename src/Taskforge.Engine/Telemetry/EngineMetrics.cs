using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.Telemetry;

/// <summary>
/// The engine's instruments (meter <see cref="MeterName"/>), written where the engine decides things: a fire applied, a
/// run's step executed and checkpointed, a task action answered. The server exports them (Prometheus, OTLP); the engine
/// knows only System.Diagnostics.Metrics. docs/metrics.md lists each with its unit and attributes: one home for both.
/// </summary>
/// <remarks>
/// On the hot paths a measurement is an instrument's <c>Enabled</c> check plus a <see cref="TagList"/> on the stack: every
/// attribute value is a constant or cached string (<see cref="Names"/>), so nothing is allocated per increment.
/// </remarks>
public sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Taskforge.Engine";

    // Seconds. Fire lag is usually milliseconds but a node that was down catches up minutes late; steps are milliseconds
    // (a script) to minutes (an http step); runs may wait for people for days.
    private static readonly double[] LagBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];
    private static readonly double[] StepBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] RunBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400, 604800];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly string _node;
    private readonly Counter<long> _fires;
    private readonly Histogram<double> _fireLag;
    private readonly Counter<long> _timersFired;
    private readonly Counter<long> _runsStarted;
    private readonly Counter<long> _runsEnded;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _stepDuration;
    private readonly Counter<long> _taskActions;
    private int _activeRuns;

    /// <param name="meters">The host's meter factory; without one (an engine built by hand, in a test) the meter is this object's own.</param>
    public EngineMetrics(IMeterFactory? meters, IOptions<NodeOptions> node, CountsSnapshot? counts = null)
    {
        _ownsMeter = meters is null;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _node = node.Value.Id;
        _fires = _meter.CreateCounter<long>("taskforge.schedule.fires", "{fire}", "Schedule slots fired, by what the fire did.");
        _fireLag = _meter.CreateHistogram("taskforge.schedule.fire.lag", "s",
            "How long after its slot a schedule's fire committed.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _timersFired = _meter.CreateCounter<long>("taskforge.timer.fired", "{timer}", "Due timers this node claimed and handed to their handler, by kind.");
        _runsStarted = _meter.CreateCounter<long>("taskforge.run.started", "{run}", "Runs started, by what started them.");
        _runsEnded = _meter.CreateCounter<long>("taskforge.run.ended", "{run}", "Runs that ended on this node, by final state.");
        _runDuration = _meter.CreateHistogram("taskforge.run.duration", "s",
            "From a run's start to its end, waits included, by final state.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });
        _stepDuration = _meter.CreateHistogram("taskforge.step.duration", "s",
            "How long the engine took to execute one step (not the time it then waited), by step kind and the run's state after it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StepBuckets });
        _taskActions = _meter.CreateCounter<long>("taskforge.task.actions", "{action}", "Actions on human tasks, by action and result.");
        _meter.CreateObservableUpDownCounter("taskforge.run.active", () => new Measurement<int>(Volatile.Read(ref _activeRuns), new KeyValuePair<string, object?>(Names.Node, _node)),
            "{run}", "Runs this node is driving right now.");
        if (counts is not null)
        {
            _meter.CreateObservableUpDownCounter("taskforge.task.count", counts.ObserveTasks, "{task}", "Human tasks by state (a count at most Taskforge:Telemetry:CountsRefreshSeconds old).");
            _meter.CreateObservableUpDownCounter("taskforge.timer.due", counts.ObserveDueTimers, "{timer}", "Timers due now that no live lease holds, by kind.");
            _meter.CreateObservableUpDownCounter("taskforge.timer.overdue", counts.ObserveOverdueTimers, "{timer}",
                "Timers due for longer than Taskforge:Telemetry:OverdueSeconds that no live lease holds, by kind: work the engine is behind on.");
        }
    }

    /// <summary>Fires committed by one batch: one count per fire, its lag from slot to commit.</summary>
    public void FiresApplied(IReadOnlyList<FireCommand> applied)
    {
        if (!_fires.Enabled && !_fireLag.Enabled && !_runsStarted.Enabled)
        {
            return;
        }

        foreach (var fire in applied)
        {
            var outcome = new KeyValuePair<string, object?>(Names.FireOutcome, Names.Of(fire.Outcome));
            _fires.Add(1, outcome);
            if (fire.Outcome != FireOutcome.Dropped)
            {
                _fireLag.Record(Math.Max(0, (fire.FiredAt - fire.Slot).TotalSeconds), outcome); // the fire history's lag (ScheduleFire.Lag)
            }

            if (fire.Run is not null)
            {
                _runsStarted.Add(1, new KeyValuePair<string, object?>(Names.RunTrigger, Names.TriggerSchedule));
            }
        }
    }

    public void TimersFired(string kind, int count) => _timersFired.Add(count, new KeyValuePair<string, object?>(Names.TimerKind, kind));

    /// <param name="trigger">One of <see cref="Names"/>' triggers.</param>
    public void RunStarted(string trigger, int count = 1) => _runsStarted.Add(count, new KeyValuePair<string, object?>(Names.RunTrigger, trigger));

    public void RunEnded(RunState state, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>(Names.RunState, Names.Of(state));
        _runsEnded.Add(1, tag);
        _runDuration.Record(Math.Max(0, duration.TotalSeconds), tag);
    }

    /// <param name="started">A <see cref="Stopwatch.GetTimestamp"/> taken before the step ran.</param>
    public void StepExecuted(StepKind? kind, RunState after, long started)
    {
        if (_stepDuration.Enabled)
        {
            _stepDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(Names.StepKind, Names.Of(kind)), new KeyValuePair<string, object?>(Names.RunState, Names.Of(after)));
        }
    }

    /// <param name="result">One of <see cref="Names"/>' task action results.</param>
    public void TaskAction(TaskAction action, string result) =>
        _taskActions.Add(1, new KeyValuePair<string, object?>(Names.TaskAction, Names.Of(action)), new KeyValuePair<string, object?>(Names.TaskActionResult, result));

    public void DriveStarted() => Interlocked.Increment(ref _activeRuns);

    public void DriveEnded() => Interlocked.Decrement(ref _activeRuns);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>Attribute names and their values, each string made once.</summary>
    public static class Names
    {
        public const string Node = "taskforge.node.id";
        public const string FireOutcome = "taskforge.fire.outcome";
        public const string TimerKind = "taskforge.timer.kind";
        public const string RunTrigger = "taskforge.run.trigger";
        public const string RunState = "taskforge.run.state";
        public const string StepKind = "taskforge.step.kind";
        public const string TaskAction = "taskforge.task.action";
        public const string TaskActionResult = "taskforge.task.action.result";
        public const string TaskState = "taskforge.task.state";

        public const string TriggerRequest = "request";
        public const string TriggerSchedule = "schedule";
        public const string TriggerWorkflow = "workflow";
        public const string TriggerTask = "task";

        /// <summary>The action was carried out.</summary>
        public const string Succeeded = "succeeded";

        /// <summary>None of the caller's roles allows it (a 403).</summary>
        public const string Denied = "denied";

        /// <summary>The task's state does not allow it now (a 409): a claim of a task someone claimed first, or retries given up on a task that kept changing.</summary>
        public const string Conflict = "conflict";

        /// <summary>The request itself was wrong (a 400).</summary>
        public const string Invalid = "invalid";

        /// <summary>An engine timer's action that no longer applied (the task moved on), so nothing was done.</summary>
        public const string Skipped = "skipped";

        private static readonly string[] Actions = [.. Enum.GetValues<HumanTasks.Lifecycle.TaskAction>().Select(a => Snake(a.ToString()))];
        private static readonly string[] Kinds = [.. Enum.GetValues<Workflows.Definitions.StepKind>().Select(k => Snake(k.ToString()))];

        public static string Of(FireOutcome outcome) => FireOutcomes.ToWire(outcome);

        public static string Of(RunState state) => RunStates.ToWire(state);

        public static string Of(HumanTasks.Lifecycle.TaskAction action) => (int)action < Actions.Length ? Actions[(int)action] : "unknown";

        public static string Of(StepKind? kind) => kind is { } k && (int)k < Kinds.Length ? Kinds[(int)k] : "none";

        public static string Of(TaskState state) => state switch
        {
            HumanTasks.Lifecycle.TaskState.Inactive => "inactive",
            HumanTasks.Lifecycle.TaskState.Ready => "ready",
            HumanTasks.Lifecycle.TaskState.Running => "running",
            HumanTasks.Lifecycle.TaskState.Skipped => "skipped",
            HumanTasks.Lifecycle.TaskState.Finished => "finished",
            HumanTasks.Lifecycle.TaskState.Failed => "failed",
            HumanTasks.Lifecycle.TaskState.Terminated => "terminated",
            HumanTasks.Lifecycle.TaskState.Claimed => "claimed",
            HumanTasks.Lifecycle.TaskState.Expired => "expired",
            HumanTasks.Lifecycle.TaskState.Stopped => "stopped",
            HumanTasks.Lifecycle.TaskState.Forwarded => "forwarded",
            _ => "unknown",
        };

        private static string Snake(string name) =>
            string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }
}
