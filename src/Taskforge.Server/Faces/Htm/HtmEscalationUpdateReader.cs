using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Reads IBM's "Escalation Update" JSON (<c>PUT /escalation/{esiid}?action=update</c>, ibm-bpm-htm.md §3.8), whose
/// schema has exactly <c>customProperties</c>, <c>durationUntilEscalated</c>, <c>durationUntilRepeated</c>,
/// <c>escalationTime</c> and <c>name</c>. Any other property (the escalation's action, state, priority increase, texts…,
/// or a name IBM does not have at all) is refused with CWTKA0041E "cannot be updated", naming the ones that can, rather
/// than dropped, so a client never believes it changed something that did not change.
/// </summary>
public static class HtmEscalationUpdateReader
{
    private static readonly string[] Updateable = ["customProperties", "durationUntilEscalated", "durationUntilRepeated", "escalationTime", "name"];

    public static EscalationUpdate Read(JsonObject body)
    {
        foreach (var (key, _) in body)
        {
            if (!Updateable.Contains(key, StringComparer.Ordinal))
            {
                throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.PropertyNotUpdateable,
                    $"The property {key} of an escalation cannot be updated; these can: {string.Join(", ", Updateable)}.", key);
            }
        }

        return new EscalationUpdate
        {
            CustomProperties = HtmTaskUpdateReader.CustomProperties(body),
            DurationUntilEscalated = HtmTaskUpdateReader.Text(body, "durationUntilEscalated"),
            DurationUntilRepeated = HtmTaskUpdateReader.Text(body, "durationUntilRepeated"),
            EscalationTime = HtmTaskUpdateReader.Time(body, "escalationTime"),
            Name = HtmTaskUpdateReader.Text(body, "name"),
        };
    }
}
