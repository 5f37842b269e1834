using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

public sealed partial class HumanTaskService
{
    /// <summary>
    /// <c>PUT /escalation/{esiid}?action=update</c> (ibm-bpm-htm.md §3.8): an administrator of the task (the escalation's
    /// administrators are the task's, §6.2) or a system administrator changes an escalation's name, durations, time or
    /// custom properties; a moved time moves its timer in the same transaction. Runs as an action on the task, so the
    /// task's version fences the escalation against a timer firing it at the same moment (the task's version and
    /// last-modified time move with it). Rules per escalation state: <see cref="EscalationUpdates"/>.
    /// </summary>
    public async Task<EscalationView> UpdateEscalationAsync(Caller caller, string escalationId, EscalationUpdate update, CancellationToken ct)
    {
        var escalation = (HumanTaskIds.IsEscalationId(escalationId) ? await store.FindEscalationAsync(escalationId, ct) : null)
            ?? throw new NotFoundException("Escalation", escalationId);
        var stored = await store.FindAsync(escalation.TaskId, ct) ?? throw new NotFoundException("Escalation", escalationId);
        RequireEscalationAdministrator(caller, stored, escalationId, "update");

        var outcome = await ActAsync(caller, stored.Task.Id, TaskAction.Read, async c =>
        {
            RequireEscalationAdministrator(caller, c.Stored, escalationId, "update");
            var current = (await store.ListEscalationsAsync(c.Task.Id, ct)).FirstOrDefault(e => e.Id == escalationId)
                ?? throw new NotFoundException("Escalation", escalationId);
            var updated = EscalationUpdates.Apply(current, c.Task, update, c.Now);
            c.Change.Escalations.Add(updated);
            if (updated.EscalatesAt != current.EscalatesAt)
            {
                c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Escalation, updated.Id, updated.EscalatesAt));
            }

            c.Result = ViewOf(updated, c.Template.Template);
            return c.Task;
        }, ct, stored);
        return outcome.Result as EscalationView ?? throw new NotFoundException("Escalation", escalationId);
    }

    private static void RequireEscalationAdministrator(Caller caller, StoredTask stored, string escalationId, string action)
    {
        var roles = TaskPeople.RolesOf(caller, stored.WorkItems);
        if (!roles.IsSystemAdministrator && !roles.Roles.Contains(TaskRole.Administrator))
        {
            throw new TaskRuleException(TaskRuleKind.NotAllowed, TaskRuleReason.NotAllowedOnEscalation,
                $"User {caller.UserName} may not {action} escalation {escalationId}: only administrators of task {stored.Task.Id} may.", caller.UserName, action, escalationId);
        }
    }
}
