using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Work-item transfer (ibm-bpm-htm.md §5.1, §6.5; <c>PUT /task/{tkiid}/role/{role}?action=transfer</c>): user to user
/// or group to group. Administrators move any work item to anybody (groups only they may move); the originator moves
/// editor, potential-owner and reader items to anybody and the ownership only to a potential instance creator or an
/// administrator; the owner hands on the ownership only to an existing potential owner or an administrator; the
/// starter hands on the starter item only to a potential starter or an administrator. Also who holds a role, and who a
/// system administrator acts for (<c>onBehalfUser</c>).
/// </summary>
public sealed class TaskPeopleService(TaskActionRunner actions, IIdentityStore identities)
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
        return (await actions.ActAsync(caller, taskId, TaskAction.Transfer, c =>
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

    /// <summary>The members of one role of a task (<c>GET /task/{id}/role/{role}</c>).</summary>
    public async Task<IReadOnlyList<WorkItem>> GetRoleAsync(Caller caller, string id, TaskRole role, CancellationToken ct) =>
        TaskPeople.Members((await actions.ReadAsync(caller, id, ct)).WorkItems, role);

    /// <summary>
    /// IBM's <c>onBehalfUser</c> on task queries and <c>claimNext</c>/<c>getNext</c> (ibm-bpm-htm.md §3.4, §3.6): a system
    /// administrator runs the request as another user, whose groups and system roles are resolved as signing in would
    /// resolve them, so the answer is exactly what that user would get. Anyone else is refused (<see cref="Errors.AccessDeniedException"/>):
    /// reading another person's inbox is an administrator's right. A user that does not exist is a mistake
    /// worth saying (<see cref="TaskRuleReason.UnknownUser"/>) rather than an empty list that looks like an empty inbox; a disabled user still
    /// counts, so an administrator can see (and hand on) what someone who left still holds.
    /// </summary>
    /// <returns>The caller itself when <paramref name="onBehalfUser"/> is null or empty.</returns>
    public async Task<Caller> OnBehalfAsync(Caller caller, string? onBehalfUser, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(onBehalfUser))
        {
            return caller;
        }

        caller.RequireAdministrator("act on behalf of another user (onBehalfUser)");
        var user = await identities.FindUserAsync(onBehalfUser.Trim(), ct)
            ?? throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.UnknownUser, $"The user {onBehalfUser} does not exist.", onBehalfUser);
        return await Caller.OfAsync(user, identities, ct);
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
