using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Faces.Console.Workflows;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Workflows;

/// <summary>
/// Starting a run: a form made from the workflow's typed inputs (<see cref="RunForm"/>), sent to the engine's
/// <c>RunService.StartAsync</c>. Its validation problems come back beside their inputs with everything typed kept, except
/// secure strings, which never travel back to the browser. On success the run's page takes over. Only for those with
/// the execute right; without the view right the workflow does not exist (404).
/// </summary>
public sealed class RunModel(WorkflowService workflows, RunService runs) : PageModel
{
    public WorkflowView View { get; private set; } = null!;

    public IReadOnlyList<RunInput> Inputs { get; private set; } = [];

    public string? Problem { get; private set; }

    /// <summary>Problems the engine gave that belong to no input of the form.</summary>
    public IReadOnlyList<string> OtherProblems { get; private set; } = [];

    /// <summary>Whether the person must type secure strings again (the form was drawn again after they typed one).</summary>
    public bool SecretsCleared { get; private set; }

    public async Task OnGetAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Inputs = RunForm.Build(View.Definition.Inputs);
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var posted = RunForm.Read(View.Definition.Inputs, Request.Form);
        if (RunForm.EditRows(posted, Request.Form) is { } edited)
        {
            return ShowAgain(posted, edited, null);
        }

        var (values, rejected) = RunForm.Values(posted);
        try
        {
            var run = await runs.StartAsync(HttpContext.Caller(), id, values, ct, rejected);
            return Redirect("/runs/" + Uri.EscapeDataString(run.Id));
        }
        catch (ValidationException invalid)
        {
            Problem = "Some inputs need your attention; each problem is shown beside its input.";
            OtherProblems = [.. new FieldErrors(invalid.Errors).Others([.. posted.Select(i => i.Name)])];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return ShowAgain(posted, posted, invalid.Errors);
        }
    }

    private PageResult ShowAgain(IReadOnlyList<RunInput> posted, IReadOnlyList<RunInput> inputs, IReadOnlyDictionary<string, string[]>? errors)
    {
        SecretsCleared = posted.Any(i => SecretValues.IsSecret(i.Parameter.Type) && (i.Value.Length > 0 || i.Rows.Any(r => r.Length > 0)));
        Inputs = RunForm.ShowAgain(inputs, errors);
        return Page();
    }

    /// <summary>The workflow, for those who may run it: the engine's not-found and refusal become the 404 and 403 pages.</summary>
    private async Task LoadAsync(string id, CancellationToken ct)
    {
        View = await workflows.GetAsync(HttpContext.Caller(), id, null, ct);
        if (!View.Rights.CanExecute)
        {
            throw new AccessDeniedException($"run workflow '{id}'");
        }
    }
}
