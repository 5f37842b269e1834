using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;

namespace Taskforge.Server.Faces.Console.Forms;

/// <summary>
/// How a console page answers the engine's "no": each problem beside its field, one sentence on top, and the status the
/// page is sent with (the page itself is drawn again, with what the person typed).
/// </summary>
public sealed class Refusal
{
    private Refusal(IReadOnlyDictionary<string, string[]>? fields, string problem, int status) => (Fields, Problem, Status) = (fields, problem, status);

    /// <summary>The problems by field path, as the engine named them (business-data forms place them by path).</summary>
    public IReadOnlyDictionary<string, string[]>? Fields { get; }

    public FieldErrors Errors => new(Fields);

    public string Problem { get; }

    public int Status { get; }

    public void Deconstruct(out FieldErrors errors, out string problem, out int status) => (errors, problem, status) = (Errors, Problem, Status);

    public const string SeeTheFields = "Some fields need your attention; each problem is shown beside its field.";

    public static Refusal Of(TaskforgeException refused)
    {
        var fields = (refused as ValidationException)?.Errors ?? (refused as TaskRuleException)?.FieldErrors;
        var status = refused switch
        {
            ValidationException => StatusCodes.Status400BadRequest,
            AccessDeniedException or TaskRuleException { Kind: TaskRuleKind.NotAllowed } => StatusCodes.Status403Forbidden,
            TaskRuleException { Kind: TaskRuleKind.Invalid } => StatusCodes.Status400BadRequest,
            NotFoundException => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status409Conflict,
        };
        return new Refusal(fields, fields is not null ? SeeTheFields : refused.Message, status);
    }
}
