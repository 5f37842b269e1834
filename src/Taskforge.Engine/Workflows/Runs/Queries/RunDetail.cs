using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// A run as its page shows it: the run, its workflow revision's name, inputs and outputs (secure strings masked), the
/// steps on its timeline (ended ones, then the current one), the child runs its workflow steps started, the human tasks
/// tied to it, and whether the caller may cancel it now.
/// </summary>
public sealed record RunDetail(
    Run Run, WorkflowDefinition? Definition, IReadOnlyList<RunValue> Inputs, IReadOnlyList<RunValue> Outputs, IReadOnlyList<RunStepView> Steps,
    IReadOnlyList<RunListItem> Children, IReadOnlyList<LinkedTask> Tasks, bool CanCancel);
