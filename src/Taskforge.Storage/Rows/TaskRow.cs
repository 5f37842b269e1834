using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Storage.Rows;

/// <summary>A row of <c>tasks</c> as Dapper reads it (flags and instants as numbers), and the parameters it is written from.</summary>
internal sealed class TaskRow
{
    public const string Columns = """
        id, template_id, name, namespace, display_name, description, type, kind, state, suspended, escalated, waiting_for_subtask, is_read,
        business_relevant, priority, originator, starter, owner, position, parent_id, top_id, follow_on_id, support_autoclaim, support_claim_susp,
        support_delegation, support_follow_on, support_sub_task, auto_deletion, duration_due, duration_expires, duration_deleted,
        custom_text1, custom_text2, custom_text3, custom_text4, custom_text5, custom_text6, custom_text7, custom_text8,
        input, output, fault_name, fault, invoked_run_id, waiting_run_id, end_reason, created_at, activated_at, first_activated_at, started_at,
        completed_at, last_modified_at, last_state_change_at, due_at, expires_at, deletion_at, resumes_at, resume_cancels_claim, version,
        trace_parent
        """;

    public static readonly string Values = string.Join(", ", Columns.Split(',').Select(c => "@" + Pascal(c.Trim())));

    public static readonly string Assignments = string.Join(", ", Columns.Split(',').Select(c => c.Trim()).Where(c => c != "id").Select(c => $"{c} = @{Pascal(c)}"));

    public string Id { get; set; } = "";
    public string TemplateId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Namespace { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public string? Type { get; set; }
    public long Kind { get; set; }
    public long State { get; set; }
    public long Suspended { get; set; }
    public long Escalated { get; set; }
    public long WaitingForSubtask { get; set; }
    public long IsRead { get; set; }
    public long BusinessRelevant { get; set; }
    public long Priority { get; set; }
    public string Originator { get; set; } = "";
    public string? Starter { get; set; }
    public string? Owner { get; set; }
    public long Position { get; set; }
    public string? ParentId { get; set; }
    public string TopId { get; set; } = "";
    public string? FollowOnId { get; set; }
    public long SupportAutoclaim { get; set; }
    public long SupportClaimSusp { get; set; }
    public long SupportDelegation { get; set; }
    public long SupportFollowOn { get; set; }
    public long SupportSubTask { get; set; }
    public long AutoDeletion { get; set; }
    public string? DurationDue { get; set; }
    public string? DurationExpires { get; set; }
    public string? DurationDeleted { get; set; }
    public string? CustomText1 { get; set; }
    public string? CustomText2 { get; set; }
    public string? CustomText3 { get; set; }
    public string? CustomText4 { get; set; }
    public string? CustomText5 { get; set; }
    public string? CustomText6 { get; set; }
    public string? CustomText7 { get; set; }
    public string? CustomText8 { get; set; }
    public string? Input { get; set; }
    public string? Output { get; set; }
    public string? FaultName { get; set; }
    public string? Fault { get; set; }
    public string? InvokedRunId { get; set; }
    public string? WaitingRunId { get; set; }
    public string? EndReason { get; set; }
    public long CreatedAt { get; set; }
    public long? ActivatedAt { get; set; }
    public long? FirstActivatedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? CompletedAt { get; set; }
    public long LastModifiedAt { get; set; }
    public long LastStateChangeAt { get; set; }
    public long? DueAt { get; set; }
    public long? ExpiresAt { get; set; }
    public long? DeletionAt { get; set; }
    public long? ResumesAt { get; set; }
    public long ResumeCancelsClaim { get; set; }
    public long Version { get; set; }
    public string? TraceParent { get; set; }

    /// <summary>The version a fenced update expects to find (a parameter, not a column).</summary>
    public long ExpectedVersion { get; set; }

    public HumanTask ToTask(IReadOnlyDictionary<string, string> properties) => new()
    {
        Id = Id, TemplateId = TemplateId, Name = Name, Namespace = Namespace, DisplayName = DisplayName, Description = Description, Type = Type,
        Kind = (TaskKind)Kind, State = (TaskState)State, IsSuspended = Suspended != 0, IsEscalated = Escalated != 0,
        IsWaitingForSubTask = WaitingForSubtask != 0, IsRead = IsRead != 0, IsBusinessRelevant = BusinessRelevant != 0, Priority = (int)Priority,
        Originator = Originator, Starter = Starter, Owner = Owner, Position = (HierarchyPosition)Position, ParentId = ParentId, TopLevelId = TopId,
        FollowOnId = FollowOnId,
        Supports = new TaskTemplateSupports(SupportAutoclaim != 0, SupportClaimSusp != 0, SupportDelegation != 0, SupportFollowOn != 0, SupportSubTask != 0),
        AutoDeletion = (AutoDeletionMode)AutoDeletion, DurationUntilDue = DurationDue, DurationUntilExpires = DurationExpires,
        DurationUntilDeleted = DurationDeleted,
        CustomTexts = [CustomText1, CustomText2, CustomText3, CustomText4, CustomText5, CustomText6, CustomText7, CustomText8],
        CustomProperties = properties, Input = Input, Output = Output, FaultName = FaultName, Fault = Fault, InvokedRunId = InvokedRunId,
        WaitingRunId = WaitingRunId, EndReason = EndReason, CreatedAt = Instants.FromMs(CreatedAt), ActivatedAt = Instants.FromMs(ActivatedAt),
        FirstActivatedAt = Instants.FromMs(FirstActivatedAt), StartedAt = Instants.FromMs(StartedAt), CompletedAt = Instants.FromMs(CompletedAt),
        LastModifiedAt = Instants.FromMs(LastModifiedAt), LastStateChangeAt = Instants.FromMs(LastStateChangeAt), DueAt = Instants.FromMs(DueAt),
        ExpiresAt = Instants.FromMs(ExpiresAt), DeletionAt = Instants.FromMs(DeletionAt), ResumesAt = Instants.FromMs(ResumesAt),
        ResumeCancelsClaim = ResumeCancelsClaim != 0, Version = Version, TraceParent = TraceParent,
    };

    public static TaskRow From(HumanTask t) => new()
    {
        Id = t.Id, TemplateId = t.TemplateId, Name = t.Name, Namespace = t.Namespace, DisplayName = t.DisplayName, Description = t.Description, Type = t.Type,
        Kind = (long)t.Kind, State = (long)t.State, Suspended = Flag(t.IsSuspended), Escalated = Flag(t.IsEscalated),
        WaitingForSubtask = Flag(t.IsWaitingForSubTask), IsRead = Flag(t.IsRead), BusinessRelevant = Flag(t.IsBusinessRelevant), Priority = t.Priority,
        Originator = t.Originator, Starter = t.Starter, Owner = t.Owner, Position = (long)t.Position, ParentId = t.ParentId, TopId = t.TopLevelId,
        FollowOnId = t.FollowOnId, SupportAutoclaim = Flag(t.Supports.AutomaticClaim), SupportClaimSusp = Flag(t.Supports.ClaimIfSuspended),
        SupportDelegation = Flag(t.Supports.Delegation), SupportFollowOn = Flag(t.Supports.FollowOnTasks), SupportSubTask = Flag(t.Supports.SubTasks),
        AutoDeletion = (long)t.AutoDeletion, DurationDue = t.DurationUntilDue, DurationExpires = t.DurationUntilExpires, DurationDeleted = t.DurationUntilDeleted,
        CustomText1 = t.CustomTexts[0], CustomText2 = t.CustomTexts[1], CustomText3 = t.CustomTexts[2], CustomText4 = t.CustomTexts[3],
        CustomText5 = t.CustomTexts[4], CustomText6 = t.CustomTexts[5], CustomText7 = t.CustomTexts[6], CustomText8 = t.CustomTexts[7],
        Input = t.Input, Output = t.Output, FaultName = t.FaultName, Fault = t.Fault, InvokedRunId = t.InvokedRunId, WaitingRunId = t.WaitingRunId,
        EndReason = t.EndReason, CreatedAt = Instants.ToMs(t.CreatedAt), ActivatedAt = Instants.ToMs(t.ActivatedAt),
        FirstActivatedAt = Instants.ToMs(t.FirstActivatedAt), StartedAt = Instants.ToMs(t.StartedAt), CompletedAt = Instants.ToMs(t.CompletedAt),
        LastModifiedAt = Instants.ToMs(t.LastModifiedAt), LastStateChangeAt = Instants.ToMs(t.LastStateChangeAt), DueAt = Instants.ToMs(t.DueAt),
        ExpiresAt = Instants.ToMs(t.ExpiresAt), DeletionAt = Instants.ToMs(t.DeletionAt), ResumesAt = Instants.ToMs(t.ResumesAt),
        ResumeCancelsClaim = Flag(t.ResumeCancelsClaim), Version = t.Version, TraceParent = t.TraceParent,
    };

    private static long Flag(bool value) => value ? 1 : 0;

    private static string Pascal(string column) =>
        string.Concat(column.Split('_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
