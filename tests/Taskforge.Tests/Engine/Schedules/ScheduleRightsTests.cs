using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Tests.Engine.Schedules;

public sealed class ScheduleRightsTests
{
    private static readonly Caller Alice = new("1", "alice", SystemRoles.None, []);

    [Fact]
    public void For_GivesTheSchedulingUserAndAdministratorsEverything_AndMonitorsView()
    {
        var schedule = Scheduled("Alice", []);

        Assert.Equal("rxica", ScheduleRights.For(Alice, schedule).Letters);
        Assert.Equal("rxica", ScheduleRights.For(Alice with { UserName = "root", Roles = SystemRoles.Administrator }, schedule).Letters);
        Assert.Equal("r", ScheduleRights.For(Alice with { UserName = "mo", Roles = SystemRoles.Monitor }, schedule).Letters);
        Assert.Equal("", ScheduleRights.For(Alice with { UserName = "bob" }, schedule).Letters);
    }

    [Fact]
    public void For_GrantsWhatTheRulesSay_AdminImpliesEdit_AndEveryRightImpliesView()
    {
        var schedule = Scheduled("owner", [new("bob", "c"), new("ops", "x"), new("carol", "a")]);

        var bob = ScheduleRights.For(Alice with { UserName = "bob" }, schedule);
        var operator1 = ScheduleRights.For(Alice with { UserName = "erin", Groups = ["OPS"] }, schedule);
        var carol = ScheduleRights.For(Alice with { UserName = "Carol" }, schedule);

        Assert.True(bob is { CanView: true, CanEdit: true, CanAdminister: false });
        Assert.True(operator1 is { CanView: true, CanEdit: false, CanAdminister: false });
        Assert.True(carol is { CanView: true, CanEdit: true, CanAdminister: true });
        Assert.False(ScheduleRights.For(Alice, schedule).CanView);
    }

    [Fact]
    public void Permissions_RoundTripThroughTheirJson()
    {
        IReadOnlyList<PermissionRule> rules = [new("DOMAIN\\ops", "rc"), new(PermissionRule.Everybody, "r")];

        Assert.Equal(rules, SchedulePermissions.Read(SchedulePermissions.Write(rules)));
        Assert.Empty(SchedulePermissions.Read("[]"));
    }

    private static Schedule Scheduled(string user, IReadOnlyList<PermissionRule> rules)
    {
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        return new Schedule("s1", "Nightly", null, "greet", "{}", "[]", "one-time", null, null, null, at, null, StartMode.Normal, "skip", OverlapPolicy.Allow,
            ScheduleState.Pending, null, null, user, SchedulePermissions.Write(rules), at, at, null, null, at, at, 0);
    }
}
