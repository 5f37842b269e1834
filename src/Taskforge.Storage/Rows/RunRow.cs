using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Storage.Rows;

// A runs row as both drivers return it, converted to the domain record in one place.
internal sealed class RunRow
{
    public string Id { get; set; } = "";
    public string WorkflowId { get; set; } = "";
    public long WorkflowRevision { get; set; }
    public string State { get; set; } = "";
    public string StartedBy { get; set; } = "";
    public string Inputs { get; set; } = "";
    public string Variables { get; set; } = "";
    public string? CurrentStep { get; set; }
    public long StepsDone { get; set; }
    public string? Error { get; set; }
    public long CancelRequested { get; set; }
    public long? DueAt { get; set; }
    public string? LeaseOwner { get; set; }
    public long? LeaseExpiresAt { get; set; }
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long? EndedAt { get; set; }
    public string? ParentRunId { get; set; }
    public string? TaskId { get; set; }
    public string? Fault { get; set; }
    public long? StepStartedAt { get; set; }
    public string? TraceParent { get; set; }

    public Run ToRun() => new(Id, WorkflowId, (int)WorkflowRevision, RunStates.FromWire(State), StartedBy, Inputs, Variables, CurrentStep,
        (int)StepsDone, Error, CancelRequested != 0, Instants.FromMs(DueAt), LeaseOwner, Instants.FromMs(LeaseExpiresAt), Version,
        Instants.FromMs(CreatedAt), Instants.FromMs(EndedAt), ParentRunId, TaskId, Fault, Instants.FromMs(StepStartedAt), TraceParent);

    public static object Parameters(Run run) => new
    {
        run.Id, run.WorkflowId, run.WorkflowRevision, State = RunStates.ToWire(run.State), run.StartedBy, run.Inputs, run.Variables,
        run.CurrentStep, run.StepsDone, run.Error, CancelRequested = run.CancelRequested ? 1 : 0, DueAt = Instants.ToMs(run.DueAt),
        run.LeaseOwner, LeaseExpiresAt = Instants.ToMs(run.LeaseExpiresAt), run.Version, CreatedAt = Instants.ToMs(run.CreatedAt),
        EndedAt = Instants.ToMs(run.EndedAt), run.ParentRunId, run.TaskId, run.Fault, StepStartedAt = Instants.ToMs(run.StepStartedAt),
        run.TraceParent,
    };
}
