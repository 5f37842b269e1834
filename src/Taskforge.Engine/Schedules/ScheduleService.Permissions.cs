using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.Schedules;

// A schedule's permission rules (vRO task permissions): read by whoever may view it, changed by whoever may administer it.
public sealed partial class ScheduleService
{
    // A fire moves the schedule's version too, so a permission change that lost to one is simply applied again.
    private const int PermissionAttempts = 3;

    public async Task<IReadOnlyList<PermissionRule>> PermissionsAsync(Caller caller, string id, CancellationToken ct) =>
        SchedulePermissions.Read((await GetAsync(caller, id, ct)).Permissions);

    /// <summary>The rule of one principal; not found when it has none.</summary>
    public async Task<PermissionRule> PermissionAsync(Caller caller, string id, string principal, CancellationToken ct) =>
        Find(await PermissionsAsync(caller, id, ct), principal);

    /// <summary>Adds rules to the existing ones (the rights of one principal are merged).</summary>
    public Task<IReadOnlyList<PermissionRule>> AddPermissionsAsync(Caller caller, string id, IReadOnlyList<PermissionRule> rules, CancellationToken ct) =>
        ChangePermissionsAsync(caller, id, current => [.. current, .. rules], ct);

    /// <summary>Replaces every rule (none: back to the user who scheduled it, administrators and monitors).</summary>
    public Task<IReadOnlyList<PermissionRule>> SetPermissionsAsync(Caller caller, string id, IReadOnlyList<PermissionRule> rules, CancellationToken ct) =>
        ChangePermissionsAsync(caller, id, _ => rules, ct);

    /// <summary>Replaces the rule of <paramref name="principal"/>, which may name another principal (vRO updates "principal or access rights").</summary>
    public Task<IReadOnlyList<PermissionRule>> ReplacePermissionAsync(Caller caller, string id, string principal, PermissionRule rule, CancellationToken ct) =>
        ChangePermissionsAsync(caller, id, current => [.. Without(current, Find(current, principal).Principal), rule], ct);

    /// <summary>Removes the rule of one principal; not found when it has none.</summary>
    public Task<IReadOnlyList<PermissionRule>> RemovePermissionAsync(Caller caller, string id, string principal, CancellationToken ct) =>
        ChangePermissionsAsync(caller, id, current => Without(current, Find(current, principal).Principal), ct);

    private async Task<IReadOnlyList<PermissionRule>> ChangePermissionsAsync(
        Caller caller, string id, Func<IReadOnlyList<PermissionRule>, IReadOnlyList<PermissionRule>> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var schedule = await GetAsync(caller, id, ct);
            Require(ScheduleRights.For(caller, schedule).CanAdminister, $"change the permissions of task '{id}'");
            var rules = PermissionRules.Merge(change(SchedulePermissions.Read(schedule.Permissions)));
            if (await store.SetPermissionsAsync(id, SchedulePermissions.Write(rules), time.GetUtcNow(), schedule.Version, ct))
            {
                return rules;
            }

            if (attempt == PermissionAttempts)
            {
                throw new ConflictException($"Task '{id}' kept changing; read its permissions again and retry.");
            }
        }
    }

    private static PermissionRule Find(IReadOnlyList<PermissionRule> rules, string principal) =>
        rules.FirstOrDefault(r => r.Principal.Equals(principal, StringComparison.OrdinalIgnoreCase)) ?? throw new NotFoundException("Permission", principal);

    private static List<PermissionRule> Without(IReadOnlyList<PermissionRule> rules, string principal) =>
        [.. rules.Where(r => !r.Principal.Equals(principal, StringComparison.OrdinalIgnoreCase))];
}
