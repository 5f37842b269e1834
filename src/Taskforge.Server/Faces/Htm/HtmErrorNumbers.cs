namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// IBM Human Task Manager message ids (<c>errorNumber</c> on the wire), the one catalogue. Which id answers which
/// engine error is <see cref="HtmErrors"/>. Texts and HTTP codes: ibm-bpm-htm.md §7.
/// </summary>
public static class HtmErrorNumbers
{
    /// <summary>The state of the object does not allow the requested action (409).</summary>
    public const string StateDoesNotAllowAction = "CWTKA0007E";

    /// <summary>The object has the wrong kind for the action (409).</summary>
    public const string WrongKind = "CWTKA0009E";

    /// <summary>Where-clause: a timestamp literal is not valid (400).</summary>
    public const string QueryBadTimestamp = "CWTKA0035E";

    /// <summary>Where-clause: unknown operator (400).</summary>
    public const string QueryUnknownOperator = "CWTKA0036E";

    /// <summary>Where-clause: an operand is not valid (400).</summary>
    public const string QueryBadOperand = "CWTKA0037E";

    /// <summary>Where-clause: unknown property (column) of a view (400).</summary>
    public const string QueryUnknownProperty = "CWTKA0038E";

    /// <summary>Where-clause: unknown view (400).</summary>
    public const string QueryUnknownView = "CWTKA0039E";

    /// <summary>Task delegation (work-item transfer) is not supported by the task (409).</summary>
    public const string DelegationNotSupported = "CWTKA0049E";

    /// <summary>The action is not applicable to inline tasks (409).</summary>
    public const string NotForInlineTasks = "CWTKA0059E";

    /// <summary>The escalation's state does not allow the action (409).</summary>
    public const string EscalationStateDoesNotAllowAction = "CWTKA0061E";

    /// <summary>The user may not perform the action on the escalation (401 in the IBM dialect).</summary>
    public const string NotAuthorizedForEscalation = "CWTKA0066E";

    /// <summary>The escalation has already finished (escalated or superfluous) (409).</summary>
    public const string EscalationFinished = "CWTKA0117E";

    /// <summary>The follow-on task's input type does not match this task's output type (400).</summary>
    public const string FollowOnTypeMismatch = "CWTKA0079E";

    /// <summary>Everybody work items cannot be maintained (409).</summary>
    public const string EverybodyWorkItem = "CWTKA0014E";

    /// <summary>The work item does not exist (404).</summary>
    public const string WorkItemNotFound = "CWTKA0099E";

    /// <summary>The user has no work item of the kind the assignment needs (409).</summary>
    public const string NoWorkItemForUser = "CWTKA0110E";

    /// <summary>The task's state or kind does not allow the action (409).</summary>
    public const string TaskStateDoesNotAllowAction = "CWTKA0062E";

    /// <summary>The template's state (stopped) does not allow the action (409).</summary>
    public const string TemplateStateDoesNotAllowAction = "CWTKA0063E";

    /// <summary>The user may not perform the action on the task (401 in the IBM dialect).</summary>
    public const string NotAuthorizedForTask = "CWTKA0068E";

    /// <summary>A suspended task does not allow the action (409).</summary>
    public const string TaskSuspended = "CWTKA0072E";

    /// <summary>An escalated task does not allow the action (409).</summary>
    public const string TaskEscalated = "CWTKA0073E";

    /// <summary>A task waiting for subtasks does not allow the action (409).</summary>
    public const string TaskWaitingForSubTasks = "CWTKA0075E";

    /// <summary>The task does not support subtasks (409).</summary>
    public const string SubTasksNotSupported = "CWTKA0076E";

    /// <summary>The task does not support follow-on tasks (409).</summary>
    public const string FollowOnNotSupported = "CWTKA0077E";

    /// <summary>Child autonomy forbids the action (409).</summary>
    public const string ChildAutonomy = "CWTKA0109E";

    /// <summary>The task is not suspended, so it cannot be resumed (409).</summary>
    public const string TaskNotSuspended = "CWTKA0112E";

    /// <summary>A duration is not valid for the calendar (400).</summary>
    public const string InvalidDuration = "CWTKA0121E";

    /// <summary>The XML (or JSON) business-data document is not valid for its message type (400).</summary>
    public const string InvalidDocument = "CWTKA0132E";

    /// <summary>The priority is not valid (400).</summary>
    public const string InvalidPriority = "CWTKA0136E";

    /// <summary>The invoked service failed without a modelled fault, or gave no answer in time (500; ibm-bpm-htm.md §5.2).</summary>
    public const string InvokedServiceFailed = "CWTKA0040E";

    /// <summary>The task does not exist (404).</summary>
    public const string TaskNotFound = "CWTKA0024E";

    /// <summary>The task template does not exist (404).</summary>
    public const string TemplateNotFound = "CWTKA0025E";

    /// <summary>The escalation does not exist (404).</summary>
    public const string EscalationNotFound = "CWTKA0026E";

    /// <summary>The property cannot be updated (409).</summary>
    public const string PropertyNotUpdateable = "CWTKA0041E";

    /// <summary>The user may not perform the action on the template (401 in the IBM dialect).</summary>
    public const string NotAuthorizedForTemplate = "CWTKA0067E";

    /// <summary>The input message does not match the task's input type (400).</summary>
    public const string InputTypeMismatch = "CWTKA0113E";

    /// <summary>The output message does not match (400).</summary>
    public const string OutputTypeMismatch = "CWTKA0114E";

    /// <summary>The fault message does not match a fault of the task (400).</summary>
    public const string FaultTypeMismatch = "CWTKA0115E";

    /// <summary>Two properties that exclude each other were updated together (dueTime and durationUntilDue…) (400).</summary>
    public const string ConflictingProperties = "CWTKA0116E";

    /// <summary>A mandatory parameter is missing (400).</summary>
    public const string MandatoryParameterMissing = "CWTKA0122E";

    /// <summary>The set of parameters is not valid (400).</summary>
    public const string InvalidParameterSet = "CWTKA0123E";

    /// <summary>A value is not valid for its parameter (400).</summary>
    public const string ValueNotValid = "CWTKA0149E";

    /// <summary>A parameter has a value that is not supported; the message lists the supported ones (400).</summary>
    public const string UnsupportedParameterValue = "CWTKA0158E";

    /// <summary>Not authorized, when no more specific number applies (401).</summary>
    public const string NotAuthorized = "CWTKA0012E";

    /// <summary>An object does not exist, when no more specific number applies (404).</summary>
    public const string ObjectNotFound = "CWTKA0017E";

    /// <summary>The task was terminated (409).</summary>
    public const string TaskTerminated = "CWTKA0050E";

    /// <summary>The task expired (409).</summary>
    public const string TaskExpired = "CWTKA0051E";

    /// <summary>Cancelling a claim with keepTaskData is not supported as asked (409).</summary>
    public const string KeepTaskDataNotSupported = "CWTKA0078E";

    /// <summary>None of the Accept types can be produced (406).</summary>
    public const string AcceptNotSupported = "CWTKA0156E";

    /// <summary>The user does not exist (400).</summary>
    public const string UserDoesNotExist = "CWTKA0084E";

    /// <summary>A mandatory property of the request body is missing (400).</summary>
    public const string MandatoryBodyPropertyMissing = "CWTKA0159E";

    /// <summary>Taskforge's own id for an internal failure; IBM has no generic one (500).</summary>
    public const string InternalFailure = "CWTKA0000E";
}
