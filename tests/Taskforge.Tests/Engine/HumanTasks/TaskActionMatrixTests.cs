using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks;
using Taskforge.Tests.Support;
using static Taskforge.Engine.HumanTasks.Lifecycle.TaskAction;
using static Taskforge.Engine.HumanTasks.Lifecycle.TaskState;

namespace Taskforge.Tests.Engine.HumanTasks;

/// <summary>Walks the matrix against the statements of ibm-bpm-htm.md (section in each test name or comment).</summary>
public sealed class TaskActionMatrixTests
{
    private static readonly TaskCaller Admin = TaskCaller.With(TaskRole.Administrator);
    private static readonly TaskCaller PotentialOwner = TaskCaller.With(TaskRole.PotentialOwner);
    private static readonly TaskCaller Owner = TaskCaller.With(TaskRole.Owner);
    private static readonly TaskCaller Originator = TaskCaller.With(TaskRole.Originator);
    private static readonly TaskCaller Reader = TaskCaller.With(TaskRole.Reader);

    [Fact]
    public void Table_HasExactlyOneRowPerAction()
    {
        Assert.Equal(Enum.GetValues<TaskAction>().Order(), TaskActionMatrix.Rules.Select(r => r.Action).Order());
    }

    [Fact]
    public void States_HaveIbmNumbersAndNames_Section4_2()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 101], Enum.GetValues<TaskState>().Select(s => (int)s));
        Assert.Equal("STATE_READY", TaskStates.ToIbm(Ready));
        Assert.Equal("STATE_FORWARDED", TaskStates.ToIbm(Forwarded));
        Assert.True(TaskStates.TryParseIbm("STATE_CLAIMED", out var claimed) && claimed == Claimed);
        Assert.False(TaskStates.TryParseIbm("STATE_8", out _));
        Assert.False(TaskStates.TryParseIbm("READY", out _));
        Assert.True(TaskStates.IsEnd(Expired));
        Assert.False(TaskStates.IsEnd(Claimed));
    }

    [Fact]
    public void Section5_1_Claim_ReadyToClaimed_ByPotentialOwner()
    {
        var check = TaskActionMatrix.Check(Claim, ToDo(Ready), PotentialOwner);

        Assert.Equal(new TaskActionCheck(TaskActionOutcome.Allowed, Claimed, null, "allowed"), check);
    }

    [Fact]
    public void Section5_1_Claim_OfAClaimedTask_IsAStateConflict_CWTKA0062E()
    {
        var check = TaskActionMatrix.Check(Claim, ToDo(Claimed), PotentialOwner);

        Assert.Equal(TaskActionOutcome.ForbiddenByState, check.Outcome);
        Assert.Equal("CWTKA0062E", check.ErrorNumber);
    }

    [Fact]
    public void Section5_1_Claim_WhileSuspended_OnlyWithSupportsClaimIfSuspended()
    {
        Assert.Equal("CWTKA0072E", TaskActionMatrix.Check(Claim, ToDo(Ready) with { IsSuspended = true }, PotentialOwner).ErrorNumber);
        Assert.True(TaskActionMatrix.Check(Claim, ToDo(Ready) with { IsSuspended = true, SupportsClaimIfSuspended = true }, PotentialOwner).IsAllowed);
    }

    [Fact]
    public void Section5_1_EscalatedSubstate_BlocksNothing()
    {
        var escalated = ToDo(Ready) with { IsEscalated = true };

        Assert.True(TaskActionMatrix.Check(Claim, escalated, PotentialOwner).IsAllowed);
        Assert.True(TaskActionMatrix.Check(Complete, ToDo(Claimed) with { IsEscalated = true }, Owner).IsAllowed);
    }

    [Fact]
    public void Section5_1_CancelClaim_BackToReady_ButNotWhileWaitingForSubtasks_CWTKA0075E()
    {
        Assert.Equal(Ready, TaskActionMatrix.Check(CancelClaim, ToDo(Claimed), Owner).ResultState);
        Assert.Equal("CWTKA0075E", TaskActionMatrix.Check(CancelClaim, ToDo(Claimed) with { IsWaitingForSubTask = true }, Owner).ErrorNumber);
    }

    [Fact]
    public void Section5_1_Complete_Finished_WithFault_Failed_NotWhileWaiting()
    {
        Assert.Equal(Finished, TaskActionMatrix.Check(Complete, ToDo(Claimed), Owner).ResultState);
        Assert.Equal(Failed, TaskActionMatrix.Check(CompleteWithFault, ToDo(Claimed), Owner).ResultState);
        Assert.Equal("CWTKA0075E", TaskActionMatrix.Check(Complete, ToDo(Claimed) with { IsWaitingForSubTask = true }, Owner).ErrorNumber);
        Assert.Equal("CWTKA0062E", TaskActionMatrix.Check(Complete, ToDo(Ready), Admin).ErrorNumber);
    }

    [Fact]
    public void Section5_1_FollowOn_Forwarded_OnlyWhenSupported_CWTKA0077E()
    {
        Assert.Equal("CWTKA0077E", TaskActionMatrix.Check(CreateFollowOn, ToDo(Claimed), Owner).ErrorNumber);
        Assert.Equal(Forwarded, TaskActionMatrix.Check(CreateFollowOn, ToDo(Claimed) with { SupportsFollowOnTasks = true }, Owner).ResultState);
    }

    [Fact]
    public void Section5_3_SubTask_ParentClaimed_Supported_NotSuspended()
    {
        var parent = ToDo(Claimed) with { SupportsSubTasks = true };

        Assert.Equal(Claimed, TaskActionMatrix.Check(CreateSubTask, parent, Owner).ResultState);
        Assert.Equal("CWTKA0076E", TaskActionMatrix.Check(CreateSubTask, ToDo(Claimed), Owner).ErrorNumber);
        Assert.Equal("CWTKA0072E", TaskActionMatrix.Check(CreateSubTask, parent with { IsSuspended = true }, Owner).ErrorNumber);
        Assert.Equal("CWTKA0062E", TaskActionMatrix.Check(CreateSubTask, parent with { State = Ready }, Admin).ErrorNumber);
    }

    [Fact]
    public void Section5_1_Start_ToDoGoesReady_InvocationGoesRunning()
    {
        Assert.Equal(Ready, TaskActionMatrix.Check(Start, ToDo(Inactive), Originator).ResultState);
        Assert.Equal(Running, TaskActionMatrix.Check(Start, Invocation(Inactive), TaskCaller.With(TaskRole.PotentialStarter)).ResultState);
        Assert.Equal(TaskActionOutcome.ForbiddenByRole, TaskActionMatrix.Check(Start, ToDo(Inactive), PotentialOwner).Outcome);
    }

    [Fact]
    public void Section3_1_SyncCall_OnlyForInvocationTasks_CWTKA0009E()
    {
        Assert.Equal(Running, TaskActionMatrix.Check(Call, Invocation(Inactive), Admin).ResultState);
        Assert.Equal("CWTKA0009E", TaskActionMatrix.Check(Call, ToDo(Inactive), Admin).ErrorNumber);
    }

    [Fact]
    public void Section5_1_SuspendAndResume()
    {
        Assert.Equal(Claimed, TaskActionMatrix.Check(Suspend, ToDo(Claimed) with { IsWaitingForSubTask = true }, Owner).ResultState);
        Assert.True(TaskActionMatrix.Check(Suspend, Invocation(Running), Originator).IsAllowed);
        Assert.Equal("CWTKA0062E", TaskActionMatrix.Check(Suspend, ToDo(Inactive), Admin).ErrorNumber);
        Assert.Equal("CWTKA0072E", TaskActionMatrix.Check(Suspend, ToDo(Ready) with { IsSuspended = true }, Admin).ErrorNumber);
        Assert.True(TaskActionMatrix.Check(Resume, ToDo(Ready) with { IsSuspended = true }, Originator).IsAllowed);
        Assert.Equal("CWTKA0112E", TaskActionMatrix.Check(Resume, ToDo(Ready), Originator).ErrorNumber);
    }

    [Fact]
    public void Section6_3_SuspendAndCancelClaim_IsForAdministratorsOnly()
    {
        Assert.True(TaskActionMatrix.Check(SuspendAndCancelClaim, ToDo(Claimed), Admin).IsAllowed);
        Assert.Equal(TaskActionOutcome.ForbiddenByRole, TaskActionMatrix.Check(SuspendAndCancelClaim, ToDo(Claimed), Owner).Outcome);
    }

    [Fact]
    public void Section5_1_Terminate_ActiveStatesEvenSuspendedOrWaiting_NotInlineOrChild()
    {
        Assert.Equal(Terminated, TaskActionMatrix.Check(Terminate, ToDo(Claimed) with { IsSuspended = true, IsWaitingForSubTask = true }, Originator).ResultState);
        Assert.Equal("CWTKA0062E", TaskActionMatrix.Check(Terminate, ToDo(Finished), Admin).ErrorNumber);
        Assert.Equal("CWTKA0059E", TaskActionMatrix.Check(Terminate, ToDo(Ready) with { IsInline = true }, Admin).ErrorNumber);
        Assert.Equal("CWTKA0109E", TaskActionMatrix.Check(Terminate, ToDo(Ready) with { IsChild = true }, Admin).ErrorNumber);
    }

    [Fact]
    public void Section5_1_Restart_AnyStateButInactive_InvocationRestartsRunning()
    {
        Assert.Equal("CWTKA0062E", TaskActionMatrix.Check(Restart, ToDo(Inactive), Admin).ErrorNumber);
        Assert.Equal(Ready, TaskActionMatrix.Check(Restart, ToDo(Finished) with { IsSuspended = true }, Originator).ResultState);
        Assert.Equal(Running, TaskActionMatrix.Check(Restart, Invocation(Failed), Admin).ResultState);
    }

    [Fact]
    public void Section5_1_Delete_EndStatesOrInactive_OriginatorOnlyWhileInactive_TopLevelOnly()
    {
        var deleted = TaskActionMatrix.Check(Delete, ToDo(Finished), Admin);

        Assert.True(deleted.IsAllowed);
        Assert.Null(deleted.ResultState);
        Assert.Equal("CWTKA0062E", TaskActionMatrix.Check(Delete, ToDo(Claimed), Admin).ErrorNumber);
        Assert.Equal("CWTKA0062E", TaskActionMatrix.Check(Delete, ToDo(Forwarded), Admin).ErrorNumber);
        Assert.True(TaskActionMatrix.Check(Delete, ToDo(Inactive), Originator).IsAllowed);
        Assert.Equal(TaskActionOutcome.ForbiddenByRole, TaskActionMatrix.Check(Delete, ToDo(Finished), Originator).Outcome);
        Assert.Equal("CWTKA0007E", TaskActionMatrix.Check(Delete, ToDo(Finished) with { IsSubTask = true }, Admin).ErrorNumber);
    }

    [Fact]
    public void Section5_1_Transfer_NeedsSupportsDelegation_CWTKA0049E()
    {
        Assert.True(TaskActionMatrix.Check(Transfer, ToDo(Claimed), Owner).IsAllowed);
        Assert.Equal("CWTKA0049E", TaskActionMatrix.Check(Transfer, ToDo(Claimed) with { SupportsDelegation = false }, Owner).ErrorNumber);
        Assert.Equal("CWTKA0062E", TaskActionMatrix.Check(Transfer, ToDo(Finished), Admin).ErrorNumber);
    }

    [Fact]
    public void Section3_5_Messages_InputWhileInactive_OutputAndFaultWhileClaimed()
    {
        Assert.True(TaskActionMatrix.Check(SetInput, ToDo(Inactive), Originator).IsAllowed);
        Assert.Equal("CWTKA0062E", TaskActionMatrix.Check(SetInput, ToDo(Ready), Originator).ErrorNumber);
        Assert.True(TaskActionMatrix.Check(SetOutput, ToDo(Claimed), TaskCaller.With(TaskRole.Editor)).IsAllowed);
        Assert.Equal(TaskActionOutcome.ForbiddenByRole, TaskActionMatrix.Check(SetFault, ToDo(Claimed), Reader).Outcome);
    }

    [Fact]
    public void Roles_AreCheckedBeforeState_SoOutsidersLearnNothing()
    {
        var check = TaskActionMatrix.Check(Claim, ToDo(Finished), Reader);

        Assert.Equal(TaskActionOutcome.ForbiddenByRole, check.Outcome);
        Assert.Equal("CWTKA0068E", check.ErrorNumber);
    }

    [Fact]
    public void Section6_1_SystemAdministratorMayDoAnything_MonitorMayOnlyRead()
    {
        var tsa = new TaskCaller(new HashSet<TaskRole>(), IsSystemAdministrator: true);
        var tsm = new TaskCaller(new HashSet<TaskRole>(), IsSystemMonitor: true);

        Assert.True(TaskActionMatrix.Check(Claim, ToDo(Ready), tsa).IsAllowed);
        Assert.Equal([Read], TaskActionMatrix.AllowedActions(ToDo(Ready), tsm));
    }

    [Fact]
    public void AllowedActions_ForAPotentialOwnerOfAReadyTask_AreReadAndClaim()
    {
        Assert.Equal([Read, Claim], TaskActionMatrix.AllowedActions(ToDo(Ready), PotentialOwner));
        Assert.Equal(["ACTION_GETTASK", "ACTION_CLAIM"], TaskActionMatrix.AllowedActions(ToDo(Ready), PotentialOwner).Select(TaskActions.ToIbm));
    }

    // §6.3's table, with the javadoc's additions for the owner (suspend, resume, terminate, transfer, set output) and
    // §6.4's owner updates; SETINPUTMESSAGE without the BAW reader cell. Adm Ed Orig Own PO PS Rd St (+ escalation receiver).
    [Theory]
    [InlineData(Read, "Adm Ed Orig Own PO PS Rd St Esc")]
    [InlineData(Update, "Adm Ed Orig Own St")]
    [InlineData(SetInput, "Adm Orig PS")]
    [InlineData(SetOutput, "Adm Ed Own")]
    [InlineData(SetFault, "Adm Ed Own")]
    [InlineData(SetCustomProperty, "Adm Ed Orig")]
    [InlineData(Start, "Adm Orig PS")]
    [InlineData(Call, "Adm PS")]
    [InlineData(Claim, "Adm PO")]
    [InlineData(CancelClaim, "Adm Own")]
    [InlineData(Complete, "Adm Own")]
    [InlineData(CompleteWithFault, "Adm Own")]
    [InlineData(CreateFollowOn, "Adm Own")]
    [InlineData(CreateSubTask, "Adm Own")]
    [InlineData(StartAsSubTask, "Adm PS")]
    [InlineData(Suspend, "Adm Orig Own")]
    [InlineData(SuspendAndCancelClaim, "Adm")]
    [InlineData(Resume, "Adm Orig Own")]
    [InlineData(Terminate, "Adm Orig Own St")]
    [InlineData(Restart, "Adm Orig")]
    [InlineData(Delete, "Adm Orig")]
    [InlineData(Transfer, "Adm Orig Own St")]
    public void Section6_3_WhoMayDoWhat(TaskAction action, string expected)
    {
        var rule = TaskActionMatrix.RuleFor(action);
        var task = new TaskFacts(rule.States[0], rule.Kinds?[0] ?? TaskKind.ToDo, IsSuspended: rule.Suspended == SubstateCondition.Required,
            SupportsSubTasks: true, SupportsFollowOnTasks: true);

        var allowed = Abbreviations.Where(a => TaskActionMatrix.Check(action, task, TaskCaller.With(a.Role)).IsAllowed).Select(a => a.Name);

        Assert.Equal(expected, string.Join(' ', allowed));
    }

    private static readonly (string Name, TaskRole Role)[] Abbreviations =
    [
        ("Adm", TaskRole.Administrator), ("Ed", TaskRole.Editor), ("Orig", TaskRole.Originator), ("Own", TaskRole.Owner),
        ("PO", TaskRole.PotentialOwner), ("PS", TaskRole.PotentialStarter), ("Rd", TaskRole.Reader), ("St", TaskRole.Starter),
        ("Esc", TaskRole.EscalationReceiver),
    ];

    private static TaskFacts ToDo(TaskState state) => new(state, TaskKind.ToDo);

    private static TaskFacts Invocation(TaskState state) => new(state, TaskKind.Invocation);
}
