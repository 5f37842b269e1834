using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>A message of a task with its type, so a face can render it as XML or JSON.</summary>
public sealed record TaskMessage(string? Xml, MessageType? Type, string? FaultName = null);

/// <summary>The business messages a task carries, in their canonical form for their types.</summary>
public static class TaskMessages
{
    /// <summary>
    /// The canonical XML of a message for its type. A message that does not fit (or a template without such a message)
    /// is <see cref="TaskRuleReason.InvalidMessage"/>, naming the fields at fault.
    /// </summary>
    public static string Canonical(BusinessMessage message, MessageType? type, string what, bool draft = false)
    {
        if (type is null)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidMessage, $"The template defines no {what} message.", what);
        }

        try
        {
            return message.ToCanonicalXml(type, draft);
        }
        catch (ValidationException ex)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidMessage,
                $"The {what} message is not a valid {type.TypeName}: {ex.Message}", [.. ex.Errors.Keys])
            {
                FieldErrors = ex.Errors,
            };
        }
    }

    /// <summary>
    /// The message a task completes with, checked in full: the one given, else the one stored (which may have been saved as
    /// a draft that leaves required fields out). Null when there is neither.
    /// </summary>
    public static string? Completing(BusinessMessage? given, string? stored, MessageType? type) =>
        (given ?? (stored is null ? null : BusinessMessage.FromXml(stored))) is { } message ? Canonical(message, type, "output") : null;

    /// <summary>The canonical XML of fault <paramref name="faultName"/>, which the template must define.</summary>
    public static string FaultXml(TaskTemplate model, string faultName, BusinessMessage message) =>
        model.Faults.TryGetValue(faultName, out var type)
            ? Canonical(message, type, $"fault {faultName}")
            : throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.UnknownFault,
                $"Task template {model.Name} has no fault '{faultName}'" + (model.Faults.Count == 0 ? "." : $"; its faults are {string.Join(", ", model.Faults.Keys)}."), faultName);
}
