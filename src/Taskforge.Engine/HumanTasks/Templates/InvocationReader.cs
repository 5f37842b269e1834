using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// Reads <c>invocation</c>: <c>{"workflow": "hello", "inputs": {"name": "requester"}, "outputs": {"greeting": "greeting"}}</c>;
/// checks the mapped names against the message types and, when a lookup is given, against the workflow itself.
/// </summary>
internal static class InvocationReader
{
    private static readonly HashSet<string> Keys = ["workflow", "inputs", "outputs"];

    public static InvocationDefinition? Read(JsonObject document, TaskKind? kind, MessageType? input, MessageType? output,
        Func<string, WorkflowDefinition?>? workflows, ValidationErrors errors)
    {
        var node = document["invocation"];
        if (kind is not TaskKind.Invocation)
        {
            if (node is not null && kind is not null)
            {
                errors.Add("invocation", "only invocation templates invoke a workflow.");
            }

            return null;
        }

        if (node is not JsonObject item)
        {
            errors.Add("invocation", "an invocation template names the workflow it invokes: {\"workflow\": \"id\", \"inputs\": {...}, \"outputs\": {...}}.");
            return null;
        }

        TemplateFields.RejectUnknown(item, Keys, "invocation", errors);
        var workflow = TemplateFields.Text(item, "workflow", "invocation", errors);
        if (string.IsNullOrWhiteSpace(workflow))
        {
            errors.Add("invocation.workflow", "names the workflow to invoke.");
        }

        var inputs = TemplateFields.TextMap(item, "inputs", "invocation", errors);
        var outputs = TemplateFields.TextMap(item, "outputs", "invocation", errors);
        foreach (var (target, source) in inputs.Where(p => input?.Field(p.Value) is null))
        {
            errors.Add($"invocation.inputs.{target}", input is null ? "the template has no input message to take it from." : $"the input message has no field '{source}'.");
        }

        foreach (var target in outputs.Keys.Where(k => output?.Field(k) is null))
        {
            errors.Add($"invocation.outputs.{target}", output is null ? "the template has no output message to put it in." : $"is not a field of the output message.");
        }

        if (workflow is not null && workflows is not null)
        {
            CheckWorkflow(workflow.Trim(), workflows(workflow.Trim()), inputs, outputs, errors);
        }

        return string.IsNullOrWhiteSpace(workflow) ? null : new InvocationDefinition(workflow.Trim(), inputs, outputs);
    }

    private static void CheckWorkflow(string id, WorkflowDefinition? definition, Dictionary<string, string> inputs, Dictionary<string, string> outputs, ValidationErrors errors)
    {
        if (definition is null)
        {
            errors.Add("invocation.workflow", $"there is no workflow '{id}'.");
            return;
        }

        foreach (var name in inputs.Keys.Where(n => definition.Inputs.All(p => p.Name != n)))
        {
            errors.Add($"invocation.inputs.{name}", $"is not an input of workflow '{id}'.");
        }

        foreach (var parameter in definition.Inputs.Where(p => p.Required && p.Default is null && !inputs.ContainsKey(p.Name)))
        {
            errors.Add("invocation.inputs", $"workflow '{id}' requires input '{parameter.Name}'.");
        }

        foreach (var (field, source) in outputs.Where(p => definition.Outputs.All(o => o.Name != p.Value)))
        {
            errors.Add($"invocation.outputs.{field}", $"'{source}' is not an output of workflow '{id}'.");
        }
    }
}
