using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Storage.Runs;

// The columns of a runs row a list shows, converted to the domain record in one place.
internal sealed class RunSummaryRow
{
    public const string Columns = "id, workflow_id, workflow_revision, state, started_by, current_step, error, created_at, ended_at, parent_run_id, task_id";

    public string Id { get; set; } = "";
    public string WorkflowId { get; set; } = "";
    public long WorkflowRevision { get; set; }
    public string State { get; set; } = "";
    public string StartedBy { get; set; } = "";
    public string? CurrentStep { get; set; }
    public string? Error { get; set; }
    public long CreatedAt { get; set; }
    public long? EndedAt { get; set; }
    public string? ParentRunId { get; set; }
    public string? TaskId { get; set; }

    public RunSummary ToSummary() => new(Id, WorkflowId, (int)WorkflowRevision, RunStates.FromWire(State), StartedBy, CurrentStep, Error,
        Instants.FromMs(CreatedAt), Instants.FromMs(EndedAt), ParentRunId, TaskId);
}
