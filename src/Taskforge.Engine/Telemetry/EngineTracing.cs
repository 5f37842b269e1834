using System.Diagnostics;

namespace Taskforge.Engine.Telemetry;

/// <summary>
/// The engine's spans (source <see cref="SourceName"/>). A run outlives any one process, so its trace is carried in the
/// database: a run and a task keep the W3C <c>traceparent</c> of the span that made them (<see cref="Run.TraceParent"/>),
/// and every step of the run, on whichever node, is a child of it. A schedule's fire begins a trace of its own, linked
/// to its timer batch, so the run it starts and the tasks that run creates share the fire's trace id.
/// </summary>
/// <remarks>
/// Without a listener (tracing off, the default) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns
/// null and nothing is stored: <see cref="CurrentTraceParent"/> gives a parent only for a span that is being recorded.
/// </remarks>
public static class EngineTracing
{
    public const string SourceName = "Taskforge.Engine";

    /// <summary>The engine's span names: low in cardinality, the particulars are attributes (docs/metrics.md, Traces).</summary>
    public const string TimerBatch = "taskforge.timer.batch";
    public const string ScheduleFire = "taskforge.schedule.fire";
    public const string RunStep = "taskforge.run.step";
    public const string TaskAction = "taskforge.task.action";

    public static ActivitySource Source { get; } = new(SourceName, typeof(EngineTracing).Assembly.GetName().Version?.ToString());

    /// <summary>The current span's <c>traceparent</c>, when one is being recorded: what a new run or task keeps.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { Recorded: true, IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The stored <c>traceparent</c> as a parent context; default (none) when absent or not W3C.</summary>
    public static ActivityContext Parent(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;

    /// <summary>A span that continues the stored trace <paramref name="traceParent"/>, or begins one when there is none.</summary>
    public static Activity? StartContinuing(string name, string? traceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = Parent(traceParent);
        return parent == default ? StartRoot(name, default, makeCurrent: true) : Source.StartActivity(name, ActivityKind.Internal, parent);
    }

    /// <summary>
    /// A span in the current trace (a request's) about something that has a trace of its own (a task made by a run's step):
    /// linked to the stored <paramref name="traceParent"/>, so either trace leads to the other.
    /// </summary>
    public static Activity? StartLinked(string name, string? traceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var linked = Parent(traceParent);
        return Source.StartActivity(name, ActivityKind.Internal, default(ActivityContext), links: linked == default ? null : [new ActivityLink(linked)]);
    }

    /// <summary>
    /// A span that begins a trace of its own, linked to <paramref name="link"/> (the batch it came in): one fire of a
    /// batch of hundreds is one trace, not a hundredth of the batch's. Unless <paramref name="makeCurrent"/>, the span
    /// that was current stays so.
    /// </summary>
    public static Activity? StartRoot(string name, ActivityContext link, bool makeCurrent = false)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        Activity.Current = null;
        var started = Source.StartActivity(name, ActivityKind.Internal, default(ActivityContext), links: link == default ? null : [new ActivityLink(link)]);
        if (!makeCurrent || started is null)
        {
            Activity.Current = previous;
        }

        return started;
    }
}
