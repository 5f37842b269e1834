using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Faces.Console.Workflows;

/// <summary>How an arrow of the diagram leaves its step.</summary>
public enum FlowKind
{
    /// <summary>The step is done: on to the next step in order, or the one its <c>next</c> names.</summary>
    Next,

    /// <summary>A decision's branch, taken when its condition is true.</summary>
    Branch,

    /// <summary>A decision's default, taken when no branch's condition is.</summary>
    Otherwise,
}

/// <summary>One arrow: from a step (or <see cref="WorkflowFlow.Start"/>) to a step (or <see cref="WorkflowFlow.End"/>).</summary>
public sealed record FlowEdge(string From, string To, FlowKind Kind, string? Label = null);

/// <summary>
/// Where each step of a definition leads, as the run engine goes (<c>StepExecutor</c>): a step runs on to the step after
/// it unless <c>next</c> names another, the last one ends the run; a decision goes where its first true branch or its
/// default says (its <c>next</c> is never used); <c>end</c> and <c>fail</c> lead nowhere.
/// </summary>
public static class WorkflowFlow
{
    /// <summary>The node before the first step. Not a valid step id, so no step can be taken for it.</summary>
    public const string Start = "(start)";

    /// <summary>Where a run goes after a last step that is not <c>end</c> or <c>fail</c>.</summary>
    public const string End = "(end)";

    public static IReadOnlyList<FlowEdge> Edges(WorkflowDefinition definition)
    {
        var steps = definition.Steps;
        var edges = new List<FlowEdge>();
        if (steps.Count > 0)
        {
            edges.Add(new FlowEdge(Start, steps[0].Id, FlowKind.Next));
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            switch (step.Kind)
            {
                case StepKind.End or StepKind.Fail:
                    break;
                case StepKind.Decision:
                    edges.AddRange((step.Branches ?? []).Select(b => new FlowEdge(step.Id, b.Next, FlowKind.Branch, b.Condition)));
                    if (step.Default is { } fallback)
                    {
                        edges.Add(new FlowEdge(step.Id, fallback, FlowKind.Otherwise, "otherwise"));
                    }

                    break;
                default:
                    edges.Add(new FlowEdge(step.Id, step.Next ?? (i + 1 < steps.Count ? steps[i + 1].Id : End), FlowKind.Next));
                    break;
            }
        }

        return edges;
    }
}
