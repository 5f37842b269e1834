using Taskforge.Engine.Identity;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// What a caller may do with a schedule (vRO task). The user who scheduled it and administrators may do everything,
/// monitors may view it; its permission rules grant the rest: <c>r</c> view the schedule and the runs it started,
/// <c>c</c> edit it (change, suspend, resume), <c>a</c> administer it (delete it, manage its permissions). vRO's
/// <c>x</c> and <c>i</c> are accepted, as clients send them, but a schedule has nothing to execute or inspect beyond
/// what view shows: like every right, they imply view and nothing more.
/// </summary>
public readonly record struct ScheduleRights(string Letters)
{
    public bool CanView => Letters.Contains('r', StringComparison.Ordinal);

    public bool CanEdit => Letters.Contains('c', StringComparison.Ordinal);

    public bool CanAdminister => Letters.Contains('a', StringComparison.Ordinal);

    public static ScheduleRights For(Caller caller, Schedule schedule) =>
        new(caller.IsAdministrator || schedule.UserName.Equals(caller.UserName, StringComparison.OrdinalIgnoreCase)
            ? PermissionRules.Letters
            : PermissionRules.Grant(caller, SchedulePermissions.Read(schedule.Permissions), caller.CanReadEverything ? "r" : ""));
}
