using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages;

/// <summary>
/// Starting a task: the templates this person may create tasks from (potential instance creator), then a form made from
/// the chosen template's input type. "Create and start" puts it in its potential owners' inboxes (an invocation task runs
/// its workflow); "Create only" leaves it not started. With <c>parent</c> the new task is a subtask of a claimed task.
/// </summary>
public sealed class StartModel(TaskLifecycleService tasks) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? TemplateId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Parent { get; set; }

    public IReadOnlyList<TemplateView> Choices { get; private set; } = [];

    public TemplateView? Chosen { get; private set; }

    public IReadOnlyList<FormNode> Input { get; private set; } = [];

    public bool MayStart { get; private set; }

    public string? Problem { get; private set; }

    public string? ParentTitle { get; private set; }

    public string? Locale { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Chosen?.Template.Input is { } type)
        {
            Input = MessageForm.Build(type, null, null);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? intent, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Chosen is null)
        {
            return NotFound();
        }

        var type = Chosen.Template.Input;
        var posted = type is null ? null : MessageForm.Read(type, Request.Form, keepEmptyRows: true);
        if (type is not null && MessageForm.EditRows(type, posted!, Request.Form))
        {
            Input = MessageForm.Build(type, posted, null);
            return Page();
        }

        var start = intent != "create" || Parent is not null;
        var request = new TaskCreation(
            Chosen.Template.Id,
            start ? TaskStartMode.Async : TaskStartMode.CreateOnly,
            Parent is null ? null : "subTask",
            Parent,
            type is null ? null : BusinessMessage.FromJson(MessageForm.Read(type, Request.Form)));
        try
        {
            var created = await tasks.CreateAsync(HttpContext.Caller(), request, ct);
            TempData[nameof(Tasks.TaskModel.Notice)] = Parent is not null ? "The subtask is created and started."
                : start ? "The task is created and started." : "The task is created; start it when it is ready.";
            return Redirect($"/tasks/{Uri.EscapeDataString(created.Task.Id)}");
        }
        catch (TaskforgeException refused)
        {
            var refusal = Refusal.Of(refused);
            if (type is not null)
            {
                Input = MessageForm.Build(type, posted, refusal.Fields);
            }

            (Problem, Response.StatusCode) = (refusal.Problem, refusal.Status);
            return Page();
        }
    }

    public string NameOf(TaskTemplate template) => template.DisplayName?.Get(Locale) ?? template.Name;

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Locale = RequestLocale.Of(HttpContext);
        if (Parent is not null)
        {
            try
            {
                var parent = await tasks.GetAsync(caller, Parent, ct);
                ParentTitle = parent.Task.DisplayName ?? parent.Template.Template.DisplayName?.Get(Locale) ?? parent.Task.Name;
            }
            catch (Exception ex) when (ex is NotFoundException or AccessDeniedException or TaskRuleException)
            {
                return false;
            }
        }

        Choices = [.. (await tasks.CreatableTemplatesAsync(caller, asSubTask: Parent is not null, ct)).OrderBy(t => NameOf(t.Template), StringComparer.CurrentCultureIgnoreCase)];
        if (TemplateId is not null)
        {
            Chosen = Choices.FirstOrDefault(t => t.Template.Id == TemplateId);
            if (Chosen is null)
            {
                return false;
            }

            MayStart = TemplateRights.Holds(caller, Chosen.Template, TaskRole.PotentialStarter);
        }

        return true;
    }
}
