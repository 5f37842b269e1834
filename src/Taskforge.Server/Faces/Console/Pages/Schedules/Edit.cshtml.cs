using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Faces.Console.Schedules;
using Taskforge.Server.Faces.Console.Workflows;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Schedules;

/// <summary>
/// A new schedule (<c>/schedules/new</c>, the workflow picked first among those the person may run) or a saved one
/// (<c>/schedules/{id}/edit</c>, for those who may edit it). The timing goes to the engine as a vRO cycle and pattern or
/// a cron expression; the inputs are the run form's (<see cref="RunForm"/>). The next fires are previewed as the person
/// types (the script fetches <c>/schedules/preview</c>) or on "Preview" without script. The engine's problems come back
/// beside their fields with everything typed kept, except secure strings.
/// </summary>
public sealed class EditModel(ScheduleService schedules, WorkflowService workflows, TimeProvider time, IOptions<ScheduleOptions> options) : PageModel
{
    public Schedule? Existing { get; private set; }

    /// <summary>The workflows a new schedule may run: those the person may run.</summary>
    public IReadOnlyList<WorkflowView> Runnable { get; private set; } = [];

    public WorkflowView? Workflow { get; private set; }

    /// <summary>Whether the inputs may be changed: the engine asks for the right to run the workflow for that.</summary>
    public bool InputsEditable { get; private set; }

    public ScheduleForm Form { get; private set; } = new();

    public IReadOnlyList<RunInput> Inputs { get; private set; } = [];

    public SchedulePreviewView Preview { get; private set; } = SchedulePreviewView.None;

    public FieldErrors Errors { get; private set; } = FieldErrors.None;

    public string? Problem { get; private set; }

    public IReadOnlyList<string> OtherProblems { get; private set; } = [];

    public bool SecretsCleared { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(string? id, string? workflow, CancellationToken ct)
    {
        await LoadAsync(id, workflow, ct);
        Form = Existing is null ? ScheduleForm.New(time.GetUtcNow(), options.Value.DefaultTimeZone, Workflow?.Definition.Id) : ScheduleForm.For(Existing);
        Inputs = Workflow is null ? [] : RunForm.Build(Parameters(Workflow.Definition, Existing?.Inputs));
        Preview = Workflow is null && Existing is null ? SchedulePreviewView.None : SchedulePreviewView.Draft(schedules, HttpContext.Caller(), Form);
    }

    /// <summary>Without script: the page again with the preview of what was typed. Nothing is saved.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string? id, CancellationToken ct)
    {
        var posted = await ReadAsync(id, ct);
        return ShowAgain(posted, posted, null);
    }

    public async Task<IActionResult> OnPostAsync(string? id, CancellationToken ct)
    {
        var posted = await ReadAsync(id, ct);
        if (RunForm.EditRows(posted, Request.Form) is { } edited)
        {
            return ShowAgain(posted, edited, null);
        }

        var caller = HttpContext.Caller();
        var (request, problems) = Form.ToRequest();
        var (values, rejected) = RunForm.Values(posted);
        try
        {
            Schedule saved;
            if (Existing is null)
            {
                Refuse(problems, request);
                saved = await schedules.CreateAsync(caller, request with { Inputs = values, RejectedInputs = rejected }, ct);
                Notice = $"Scheduled “{saved.Name}”.";
            }
            else
            {
                if (Existing.EndAt is not null && request.EndAt is null && !problems.ContainsKey("recurrence-end-date"))
                {
                    problems["recurrence-end-date"] = ["cannot be removed once set: give a later end, or schedule anew."];
                }

                Refuse(problems, request);
                saved = await schedules.UpdateAsync(caller, Existing.Id, Changes(request, values, rejected), ct);
                Notice = "Saved.";
            }

            return Redirect(ScheduleModel.PagePath(saved.Id));
        }
        catch (TaskforgeException refused) when (refused is not NotFoundException || Existing is null)
        {
            var refusal = Refusal.Of(refused is ValidationException invalid ? WithTimingProblems(invalid, request) : refused);
            (Errors, Problem, Response.StatusCode) = refusal;
            OtherProblems = [.. Errors.Others([.. ScheduleForm.Fields.Select(ScheduleForm.ErrorKey), .. posted.Select(i => i.Name)])];
            return ShowAgain(posted, posted, refusal.Fields);
        }
    }

    /// <summary>The form's own problems (a date that is no date) are reported with the engine's, never saved around.</summary>
    private void Refuse(Dictionary<string, string[]> problems, ScheduleRequest request)
    {
        if (problems.Count == 0)
        {
            return;
        }

        try
        {
            schedules.PreviewDraft(HttpContext.Caller(), request, 1);
        }
        catch (ValidationException invalid)
        {
            throw new ValidationException(SchedulePreviewView.Merge(invalid.Errors, problems));
        }

        throw new ValidationException(problems);
    }

    /// <summary>
    /// A create stops at its first missing field (workflow, start) before it reads the timing: the timing's problems are
    /// asked of the engine's preview too, so the person hears of every problem at once.
    /// </summary>
    private ValidationException WithTimingProblems(ValidationException invalid, ScheduleRequest request)
    {
        try
        {
            schedules.PreviewDraft(HttpContext.Caller(), request, 1);
            return invalid;
        }
        catch (ValidationException timing)
        {
            return new ValidationException(SchedulePreviewView.Merge(timing.Errors, invalid.Errors));
        }
    }

    /// <summary>An update: the recurrence only when it changed (a vRO pattern is kept byte for byte otherwise).</summary>
    private ScheduleRequest Changes(ScheduleRequest request, Dictionary<string, JsonNode?> values, Dictionary<string, string> rejected)
    {
        var retimed = Form.RetimedFrom(ScheduleForm.For(Existing!));
        if (InputsEditable)
        {
            // A secure string is never shown; left empty, the one saved with the schedule stays.
            var saved = JsonNode.Parse(Existing!.Inputs) as JsonObject ?? [];
            foreach (var secret in Workflow!.Definition.Inputs.Where(p => SecretValues.IsSecret(p.Type) && !values.ContainsKey(p.Name)))
            {
                if (saved[secret.Name] is { } kept)
                {
                    values[secret.Name] = kept.DeepClone();
                }
            }
        }

        return request with
        {
            WorkflowId = null,
            Cycle = retimed ? request.Cycle : null,
            Pattern = retimed ? request.Pattern : null,
            Cron = retimed ? request.Cron : null,
            TimeZone = retimed ? request.TimeZone : null,
            Inputs = InputsEditable ? values : null,
            RejectedInputs = InputsEditable ? rejected : null,
        };
    }

    private async Task<IReadOnlyList<RunInput>> ReadAsync(string? id, CancellationToken ct)
    {
        Form = ScheduleForm.Read(name => Request.Form[name]);
        await LoadAsync(id, Form.Workflow, ct);
        Form = Form with { Workflow = Existing?.WorkflowId ?? Form.Workflow };
        return InputsEditable ? RunForm.Read(Workflow!.Definition.Inputs, Request.Form) : [];
    }

    private PageResult ShowAgain(IReadOnlyList<RunInput> posted, IReadOnlyList<RunInput> inputs, IReadOnlyDictionary<string, string[]>? errors)
    {
        SecretsCleared = posted.Any(i => SecretValues.IsSecret(i.Parameter.Type) && (i.Value.Length > 0 || i.Rows.Any(r => r.Length > 0)));
        Inputs = InputsEditable ? RunForm.ShowAgain(inputs, errors)
            : Workflow is null ? [] : RunForm.Build(Parameters(Workflow.Definition, Existing?.Inputs));
        Preview = SchedulePreviewView.Draft(schedules, HttpContext.Caller(), Form);
        return Page();
    }

    private async Task LoadAsync(string? id, string? workflow, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        if (id is not null)
        {
            Existing = await schedules.GetAsync(caller, id, ct);
            if (!ScheduleRights.For(caller, Existing).CanEdit)
            {
                throw new AccessDeniedException($"change schedule '{id}'");
            }

            try
            {
                Workflow = await workflows.GetAsync(caller, Existing.WorkflowId, null, ct);
            }
            catch (Exception ex) when (ex is NotFoundException or AccessDeniedException)
            {
                Workflow = null; // The timing may still be changed; the inputs belong to a workflow this person cannot see.
            }

            InputsEditable = Workflow?.Rights.CanExecute == true;
            return;
        }

        Runnable = [.. (await workflows.ListAsync(caller, ct)).Where(w => w.Rights.CanExecute).OrderBy(w => w.Definition.Name, StringComparer.CurrentCultureIgnoreCase)];
        Workflow = Runnable.FirstOrDefault(w => w.Definition.Id == workflow);
        InputsEditable = Workflow is not null;
    }

    /// <summary>
    /// The inputs as the form shows them: a saved value where the schedule has one, otherwise empty, because an input not
    /// given takes the workflow's default when each run starts (so a changed default reaches the next run).
    /// </summary>
    private static IReadOnlyList<ParameterDefinition> Parameters(WorkflowDefinition definition, string? savedInputs)
    {
        var saved = savedInputs is null ? null : JsonNode.Parse(savedInputs) as JsonObject;
        return [.. definition.Inputs.Select(p => p with { Default = saved?[p.Name]?.DeepClone() })];
    }
}
