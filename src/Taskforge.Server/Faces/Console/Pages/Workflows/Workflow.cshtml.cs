using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Faces.Console.Workflows;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Workflows;

/// <summary>
/// One workflow: what it is, its typed inputs and outputs, its steps drawn as a diagram, its revisions (with a way to
/// compare two) and its permission rules. Those with the admin right add and remove rules here; the engine decides who
/// may, and a refusal comes back as a message on the page. Without the view right the workflow does not exist (404).
/// </summary>
public sealed class WorkflowModel(WorkflowService workflows) : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    public WorkflowView View { get; private set; } = null!;

    public IReadOnlyList<WorkflowRevisionSummary> Revisions { get; private set; } = [];

    public IHtmlContent Diagram { get; private set; } = HtmlString.Empty;

    /// <summary>The add-a-rule form as posted, kept after a refusal.</summary>
    public string? Principal { get; private set; }

    public string Rights { get; private set; } = "rx";

    public FieldErrors Errors { get; private set; } = FieldErrors.None;

    public async Task OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAddPermissionAsync(string id, string? principal, string[]? rights, CancellationToken ct)
    {
        Principal = principal?.Trim();
        Rights = string.Concat(PermissionRules.Letters.Where(l => rights?.Contains(l.ToString()) == true));
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(Principal))
        {
            problems["principal"] = ["Name a user or a group (or everybody)."];
        }

        if (Rights.Length == 0)
        {
            problems["rights"] = ["Tick at least one right."];
        }

        if (problems.Count > 0)
        {
            return await RefusedAsync(id, new ValidationException(problems), ct);
        }

        try
        {
            await workflows.AddPermissionsAsync(HttpContext.Caller(), id, [new PermissionRule(Principal!, Rights)], ct);
        }
        catch (Exception ex) when (ex is AccessDeniedException or ValidationException)
        {
            return await RefusedAsync(id, (TaskforgeException)ex, ct);
        }

        Notice = $"{RightsText.Principal(Principal!)} may now {RightsText.Words(Rights)} (with what they had before).";
        return Redirect(PagePath(id) + "#permissions");
    }

    public async Task<IActionResult> OnPostRemovePermissionAsync(string id, string principal, CancellationToken ct)
    {
        try
        {
            await workflows.RemovePermissionAsync(HttpContext.Caller(), id, principal, ct);
        }
        catch (Exception ex) when (ex is AccessDeniedException or ValidationException)
        {
            return await RefusedAsync(id, (TaskforgeException)ex, ct);
        }

        Notice = $"The rule for {RightsText.Principal(principal)} is removed.";
        return Redirect(PagePath(id) + "#permissions");
    }

    public static string PagePath(string id) => "/workflows/" + Uri.EscapeDataString(id);

    /// <summary>The engine said no: the page again, the reason on top, the form as the person filled it in.</summary>
    private async Task<IActionResult> RefusedAsync(string id, TaskforgeException refused, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (refused is ValidationException invalid)
        {
            Errors = new FieldErrors(invalid.Errors);
            Problem = "The rule was not added; see below.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Problem = refused.Message;
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return Page();
    }

    /// <summary>Reads the workflow as this caller sees it; the engine's not-found (no view right) becomes the 404 page.</summary>
    private async Task LoadAsync(string id, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        View = await workflows.GetAsync(caller, id, null, ct);
        Revisions = await workflows.RevisionsAsync(caller, id, ct);
        Diagram = WorkflowDiagram.Render(View.Definition);
    }
}
