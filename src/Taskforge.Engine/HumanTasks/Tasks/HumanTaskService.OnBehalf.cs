using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

public sealed partial class HumanTaskService
{
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
}
