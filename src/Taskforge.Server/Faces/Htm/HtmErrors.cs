using System.Globalization;
using System.Xml;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Server.Http;
using static Taskforge.Server.Faces.Htm.HtmErrorNumbers;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// The one place where an error becomes IBM's answer (ibm-bpm-htm.md §1, §7): its status (IBM answers "not allowed"
/// with 401), its <c>CWTKA…</c> number and the values the message names. Both the exception handler and the bulk
/// operations' <c>failedOperations</c> answer through here, so a task's failure reads the same alone or in a batch.
/// </summary>
public static class HtmErrors
{
    /// <summary>The IBM answer to <paramref name="exception"/>; null for a fault (the handler's 500).</summary>
    public static ApiError? Of(Exception exception)
    {
        if (exception is HtmRequestException request)
        {
            return new ApiError(StatusOf(request.Kind), request.Message, request.ErrorNumber, request.Parameters);
        }

        if (FaceExceptionHandler.Of(exception) is not { } error)
        {
            return null;
        }

        var status = exception is AccessDeniedException or TaskRuleException { Kind: TaskRuleKind.NotAllowed } ? 401 : error.Status;
        return error with { Status = status, HtmErrorNumber = NumberOf(exception) ?? HtmStatusNumbers.ForStatus(status), Parameters = ParametersOf(exception) };
    }

    public static string NumberOf(TaskRuleReason reason) => reason switch
    {
        TaskRuleReason.TaskStateForbids => TaskStateDoesNotAllowAction,
        TaskRuleReason.PartOfHierarchy => StateDoesNotAllowAction,
        TaskRuleReason.WrongKind => WrongKind,
        TaskRuleReason.InlineTask => NotForInlineTasks,
        TaskRuleReason.ChildAutonomy => ChildAutonomy,
        TaskRuleReason.Suspended => TaskSuspended,
        TaskRuleReason.NotSuspended => TaskNotSuspended,
        TaskRuleReason.WaitingForSubTasks => TaskWaitingForSubTasks,
        TaskRuleReason.DelegationNotSupported => DelegationNotSupported,
        TaskRuleReason.SubTasksNotSupported => SubTasksNotSupported,
        TaskRuleReason.FollowOnNotSupported => FollowOnNotSupported,
        TaskRuleReason.TemplateStopped => TemplateStateDoesNotAllowAction,
        TaskRuleReason.KeepTaskDataRequired => KeepTaskDataNotSupported,
        TaskRuleReason.EscalationFinished => EscalationFinished,
        TaskRuleReason.EscalationStateForbids => EscalationStateDoesNotAllowAction,
        TaskRuleReason.TargetNotEligible => NoWorkItemForUser,
        TaskRuleReason.NotAllowedOnTask => NotAuthorizedForTask,
        TaskRuleReason.NotAllowedOnTemplate => NotAuthorizedForTemplate,
        TaskRuleReason.NotAllowedOnEscalation => NotAuthorizedForEscalation,
        TaskRuleReason.ParameterMissing => MandatoryParameterMissing,
        TaskRuleReason.InvalidParameters => InvalidParameterSet,
        TaskRuleReason.InvalidValue => ValueNotValid,
        TaskRuleReason.UnsupportedValue => UnsupportedParameterValue,
        TaskRuleReason.UnknownUser => UserDoesNotExist,
        TaskRuleReason.InvalidMessage => InvalidDocument,
        TaskRuleReason.UnknownFault => FaultTypeMismatch,
        TaskRuleReason.FollowOnTypeMismatch => HtmErrorNumbers.FollowOnTypeMismatch,
        TaskRuleReason.InvalidPriority => InvalidPriority,
        TaskRuleReason.ExclusiveProperties => ConflictingProperties,
        _ => InternalFailure,
    };

    public static string NumberOf(QueryReason reason) => reason switch
    {
        QueryReason.BadTimestamp => QueryBadTimestamp,
        QueryReason.UnknownOperator => QueryUnknownOperator,
        QueryReason.BadOperand => QueryBadOperand,
        QueryReason.UnknownProperty => QueryUnknownProperty,
        QueryReason.UnknownView => QueryUnknownView,
        _ => InternalFailure,
    };

    // The specific number; null leaves the one the status stands for (HtmStatusNumbers).
    private static string? NumberOf(Exception exception) => exception switch
    {
        TaskRuleException r => NumberOf(r.Reason),
        QueryException q => NumberOf(q.Reason),
        // The invoked workflow gave no usable answer in time: IBM's 500 CWTKA0040E; the task goes on (§5.2).
        TaskInvocationException => InvokedServiceFailed,
        NotFoundException n => n.Kind switch
        {
            "Task" => TaskNotFound,
            "Task template" => TemplateNotFound,
            "Escalation" => EscalationNotFound,
            _ => null,
        },
        AccessDeniedException => NotAuthorized,
        XmlException => InvalidDocument,
        _ => null,
    };

    // The values the message names; null leaves the fields a validation names (ErrorWriter), or none.
    private static IReadOnlyList<string>? ParametersOf(Exception exception) => exception switch
    {
        TaskRuleException r => r.Parameters,
        QueryException q => [q.Problem, q.Position.ToString(CultureInfo.InvariantCulture)],
        TaskInvocationException i => [i.TaskId],
        NotFoundException n => [n.Id],
        AccessDeniedException a => [a.Action],
        _ => null,
    };

    private static int StatusOf(TaskRuleKind kind) => kind switch
    {
        TaskRuleKind.NotAllowed => 401,
        TaskRuleKind.Conflict => 409,
        _ => 400,
    };
}
