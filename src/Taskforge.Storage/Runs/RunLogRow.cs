using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Storage.Runs;

// A run_logs row as both drivers return it; Seq is read only by the readers that number lines.
internal sealed class RunLogRow
{
    public long Seq { get; set; }
    public long Time { get; set; }
    public string Severity { get; set; } = "";
    public string Origin { get; set; } = "";
    public string Message { get; set; } = "";
    public string? UserName { get; set; }

    public RunLogEntry ToEntry() => new(Instants.FromMs(Time), Severity, Origin, Message, UserName);

    public RunLogLine ToLine() => new(Seq, Instants.FromMs(Time), Severity, Origin, Message, UserName);
}
