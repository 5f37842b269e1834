using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Work-item transfer (ibm-bpm-htm.md §5.1, §6.5; <c>PUT /task/{tkiid}/role/{role}?action=transfer</c>): user to user
/// or group to group. Administrators move any work item to anybody (groups only they may move); the originator moves
/// editor, potential-owner and reader items to anybody and the ownership only to a potential instance creator or an
/// administrator; the owner hands on the ownership only to an existing potential owner or an administrator; the
/// starter hands on the starter item only to a potential starter or an administrator.
/// </summary>
public sealed partial class HumanTaskService
{
    private static readonly TaskRole[] OriginatorMayTransfer = [TaskRole.Editor, TaskRole.PotentialOwner, TaskRole.Reader];

    /// <summary>
    /// Moves one work item of <paramref name="role"/>. Without <paramref name="fromUser"/> the item moved is the caller's
    /// own (for the owner role: the owner's). Transferring the owner item makes the target the owner.
    /// </summary>
    public async Task<TaskView> TransferAsync(
        Caller caller, string taskId, TaskRole role, string? fromUser, string? toUser, string? fromGroup, string? toGroup, CancellationToken ct)
    {
        var byGroup = toGroup is not null;
        if ((toUser is null) == (toGroup is null) || (byGroup ? fromUser is not null || fromGroup is null : fromGroup is not null))
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidParameters,
                "A transfer goes from user to user (toUser, optionally fromUser) or from group to group (fromGroup and toGroup).", "toUser", "toGroup");
        }

        // The target's groups decide whether it "is" a potential owner through a group work item. Work items name
        // people who may have no account yet (templates do), so an unknown target simply has no groups.
        var target = toUser is null ? null : await TargetAsync(toUser, ct);
        return (await ActAsync(caller, taskId, TaskAction.Transfer, c =>
        {
            var roles = TaskPeople.RolesOf(caller, c.Stored.WorkItems);
            var isAdministrator = roles.IsSystemAdministrator || roles.Roles.Contains(TaskRole.Administrator);
            var from = byGroup ? WorkItem.ForGroup(role, fromGroup!) : WorkItem.ForUser(role, fromUser ?? (role == TaskRole.Owner ? c.Task.Owner ?? "" : caller.UserName));
            var items = TaskPeople.Members(c.Stored.WorkItems, role);
            var isOwn = from.Kind == WorkItemKind.User && string.Equals(from.Principal, caller.UserName, StringComparison.OrdinalIgnoreCase);
            TaskRole[]? mustBeOneOf = isAdministrator ? null
                : byGroup ? throw NotAllowed(caller, taskId, "transfer group work items")
                : roles.Roles.Contains(TaskRole.Originator) && OriginatorMayTransfer.Contains(role) ? []
                : roles.Roles.Contains(TaskRole.Originator) && role == TaskRole.Owner ? [TaskRole.PotentialInstanceCreator, TaskRole.Administrator]
                : roles.Roles.Contains(TaskRole.Owner) && role == TaskRole.Owner && isOwn ? [TaskRole.PotentialOwner, TaskRole.Administrator]
                : roles.Roles.Contains(TaskRole.Starter) && role == TaskRole.Starter && isOwn ? [TaskRole.PotentialStarter, TaskRole.Administrator]
                : throw NotAllowed(caller, taskId, $"transfer the {role} work item of {from.Principal}");
            if (role == TaskRole.Owner && !byGroup && mustBeOneOf is null)
            {
                // Even an administrator gives the ownership only to someone who could have claimed it, or to an administrator.
                mustBeOneOf = [TaskRole.PotentialOwner, TaskRole.Administrator];
            }

            if (mustBeOneOf is { Length: > 0 } && !c.Stored.WorkItems.Any(i => mustBeOneOf.Contains(i.Reason) && TaskPeople.Matches(i, target!)))
            {
                throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.TargetNotEligible,
                    $"Task {taskId} cannot be given to {toUser}, who is not a {string.Join(" or ", mustBeOneOf)} of it.", taskId, toUser!, string.Join(",", mustBeOneOf));
            }

            var moved = items.FirstOrDefault(i => i.Kind == from.Kind && string.Equals(i.Principal, from.Principal, StringComparison.OrdinalIgnoreCase))
                ?? throw new NotFoundException("Work item", $"{from.Kind} {from.Principal} ({role}) of task {taskId}");
            var to = byGroup ? WorkItem.ForGroup(role, toGroup!) : WorkItem.ForUser(role, target!.UserName);
            c.Change.Roles.Add(new RoleWrite(c.Task.Id, role, [.. items.Where(i => i != moved).Append(to).Distinct()]));
            c.Event(TaskEvents.WorkItemTransferred, from: from.Principal, to: to.Principal, reason: role);
            return ValueTask.FromResult<HumanTask?>(role == TaskRole.Owner ? c.Task with { Owner = to.Principal } : c.Task);
        }, ct)).View!;
    }

    private async Task<Caller> TargetAsync(string userName, CancellationToken ct)
    {
        var user = await identities.FindUserAsync(userName, ct);
        return user is null
            ? new Caller("", userName, SystemRoles.None, [])
            : new Caller(user.Id, user.Name, SystemRoles.None, await identities.ListGroupNamesOfUserAsync(user.Id, ct));
    }

    private static TaskRuleException NotAllowed(Caller caller, string taskId, string what) =>
        new(TaskRuleKind.NotAllowed, TaskRuleReason.NotAllowedOnTask, $"User {caller.UserName} may not {what} of task {taskId}.", caller.UserName, "transfer", taskId);
}
