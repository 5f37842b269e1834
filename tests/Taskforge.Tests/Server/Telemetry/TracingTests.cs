using System.Collections.ObjectModel;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Telemetry;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server.Telemetry;

/// <summary>
/// Traces, read with OpenTelemetry's in-memory exporter from a real server: a schedule's fire, the run it starts (each of
/// its steps, before and after the human task) and the task the run creates share one trace, which the database carries.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private readonly SqliteFile _file = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFire_ItsRun_AndTheTaskItCreates_ShareOneTrace()
    {
        var spans = new Spans();
        await using var server = await ServerInstance.StartAsync(_file.Options,
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)),
            "--Taskforge:Telemetry:Tracing:Enabled=true");
        var flows = new TelemetryFlows(server);
        await flows.SetUpAsync();

        var runId = await flows.FireAsync();
        var taskId = await flows.TaskOfAsync(runId);
        await flows.ClaimRaceAndCompleteAsync(taskId);
        Assert.Equal("completed", await flows.EndOfAsync(runId));

        // Other tests' servers in this process have spans of the same names: only this run's are looked at.
        var all = spans.Snapshot();
        var fire = Assert.Single(all, s => s.OperationName == EngineTracing.ScheduleFire && Tag(s, "taskforge.run.id") == runId);
        Assert.Equal("started", Tag(fire, "taskforge.fire.outcome"));
        var trace = fire.TraceId;
        var batch = Assert.Single(all, s => s.OperationName == EngineTracing.TimerBatch && fire.Links.Any(l => l.Context.SpanId == s.SpanId));
        Assert.NotEqual(trace, batch.TraceId); // a batch is a trace of its own, linked from each fire

        // The script, the task step that created the task and waited, the same step taking the task's output, the end.
        var steps = all.Where(s => s.OperationName == EngineTracing.RunStep && Tag(s, "taskforge.run.id") == runId).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["prepare", "ask", "ask", "done"], steps.Select(s => Tag(s, "taskforge.step.id")));
        Assert.All(steps, s => Assert.Equal(trace, s.TraceId));
        Assert.All(steps, s => Assert.Equal(fire.SpanId, s.ParentSpanId));
        Assert.Equal(taskId, Tag(steps[1], "taskforge.task.id"));

        // The task keeps the trace of the step that made it, in the database.
        var stored = await server.App.Services.GetRequiredService<ITaskStore>().FindAsync(taskId, Ct);
        Assert.Equal(trace, ActivityContext.Parse(stored!.Task.TraceParent!, null).TraceId);
        var run = await server.App.Services.GetRequiredService<IRunStore>().FindAsync(runId, Ct);
        Assert.Equal(fire.Id, run!.TraceParent);

        // People's actions on the task belong to their requests' traces, linked to the task's.
        var complete = Assert.Single(all, s => s.OperationName == EngineTracing.TaskAction && Tag(s, "taskforge.task.id") == taskId && Tag(s, "taskforge.task.action") == "complete");
        Assert.Contains(complete.Links, l => l.Context.TraceId == trace);
        var request = Assert.Single(all, s => s.SpanId == complete.ParentSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.NotEqual(trace, request.TraceId);
    }

    [Fact]
    public async Task Tracing_IsOffByDefault()
    {
        await using var server = await ServerInstance.StartAsync(_file.Options);

        Assert.Null(server.App.Services.GetService<TracerProvider>());
    }

    public void Dispose() => _file.Dispose();

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    /// <summary>The exporter adds from the threads that end spans; the test reads a copy.</summary>
    private sealed class Spans : Collection<Activity>
    {
        private readonly Lock _gate = new();

        public List<Activity> Snapshot()
        {
            lock (_gate)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_gate)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
