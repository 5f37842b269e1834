using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.Tasks;

/// <summary>
/// One task: its header, its input, its output as an editable form, the actions the engine allows this caller now, its
/// history, subtasks and escalations. Every button posts to one handler that calls the engine once; a refusal comes back
/// as a message on the page (a lost claim race names the winner), never as an error page, and the form keeps what the
/// person typed.
/// </summary>
public sealed class TaskModel(
    TaskLifecycleService tasks, TaskDataService data, TaskHierarchyService hierarchy, TaskPeopleService people, TaskEscalationService escalations)
    : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    public TaskView View { get; private set; } = null!;

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    public IReadOnlyList<FormNode> Input { get; private set; } = [];

    public IReadOnlyList<FormNode> Output { get; private set; } = [];

    /// <summary>The fault form being filled in, if the person chose to complete with a fault.</summary>
    public string? FaultName { get; private set; }

    public IReadOnlyList<FormNode> Fault { get; private set; } = [];

    public IReadOnlyList<TaskEvent> History { get; private set; } = [];

    public IReadOnlyList<TaskView> SubTasks { get; private set; } = [];

    public IReadOnlyList<EscalationView> Escalations { get; private set; } = [];

    /// <summary>Templates a follow-on may be made from: their input is this task's output.</summary>
    public IReadOnlyList<TemplateView> FollowOnTemplates { get; private set; } = [];

    public IReadOnlyList<TaskAction> Actions => View.Actions;

    public bool May(TaskAction action) => Actions.Contains(action);

    public bool MayEditOutput => View.Template.Template.Output is not null && (May(TaskAction.SetOutput) || May(TaskAction.Complete));

    public async Task<IActionResult> OnGetAsync(string id, string? fault, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (fault is not null && May(TaskAction.CompleteWithFault) && View.Template.Template.Faults.TryGetValue(fault, out var type))
        {
            FaultName = fault;
            Fault = MessageForm.Build(type, View.Task.FaultName == fault && View.Task.Fault is { } xml ? BusinessData.ReadStored(xml, type) : null, null);
        }

        return Page();
    }

    public Task<IActionResult> OnPostClaimAsync(string id, CancellationToken ct) =>
        ActAsync(id, "You claimed this task. It is yours to work on now.", () => tasks.ClaimAsync(Caller, id, ct), ct);

    public Task<IActionResult> OnPostReleaseAsync(string id, bool keepDraft, CancellationToken ct) =>
        ActAsync(id, "You released this task; it is back in the inbox of its potential owners.", () => tasks.CancelClaimAsync(Caller, id, keepDraft, ct), ct);

    public Task<IActionResult> OnPostStartAsync(string id, CancellationToken ct) =>
        ActAsync(id, "The task has started.", () => tasks.StartAsync(Caller, id, null, ct), ct);

    public Task<IActionResult> OnPostResumeAsync(string id, CancellationToken ct) =>
        ActAsync(id, "The task is no longer suspended.", () => tasks.ResumeAsync(Caller, id, ct), ct);

    public Task<IActionResult> OnPostTerminateAsync(string id, CancellationToken ct) =>
        ActAsync(id, "The task was terminated.", () => tasks.TerminateAsync(Caller, id, ct), ct);

    public Task<IActionResult> OnPostSuspendAsync(string id, string? until, CancellationToken ct)
    {
        DateTimeOffset? deadline = null;
        if (!string.IsNullOrWhiteSpace(until))
        {
            if (!DateTime.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
            {
                return FailOnAsync(id, "Give the end of the suspension as a date and time, or leave it empty.", ct);
            }

            deadline = new DateTimeOffset(utc, TimeSpan.Zero);
        }

        return ActAsync(id, deadline is null ? "The task is suspended until someone resumes it." : "The task is suspended until the time you chose.",
            () => tasks.SuspendAsync(Caller, id, deadline, ct), ct);
    }

    public Task<IActionResult> OnPostTransferAsync(string id, string? role, string? from, string? to, CancellationToken ct)
    {
        var target = to?.Trim();
        if (string.IsNullOrEmpty(target))
        {
            return FailOnAsync(id, "Name the person or group to transfer the task to.", ct);
        }

        // "from" is "user:name" or "group:name"; the owner hands on their ownership with neither.
        var (kind, name) = from?.Split(':', 2) is [var k, var n] ? (k, n) : ("user", null);
        var taskRole = role == "potentialOwner" ? TaskRole.PotentialOwner : TaskRole.Owner;
        return kind == "group"
            ? ActAsync(id, $"Group {target} now has this work instead of group {name}.", () => people.TransferAsync(Caller, id, taskRole, null, null, name, target, ct), ct)
            : ActAsync(id, $"The task went to {target}.", () => people.TransferAsync(Caller, id, taskRole, name, target, null, null, ct), ct);
    }

    /// <summary>The output form: save a draft, complete, complete with a follow-on task, or add and remove rows.</summary>
    public async Task<IActionResult> OnPostOutputAsync(string id, string? intent, string? followOnTemplate, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var type = View.Template.Template.Output;
        if (type is null)
        {
            return await RedirectWithAsync(id, null);
        }

        var posted = MessageForm.Read(type, Request.Form, keepEmptyRows: true);
        if (MessageForm.EditRows(type, posted, Request.Form))
        {
            Output = MessageForm.Build(type, posted, null);
            return Page();
        }

        var message = BusinessMessage.FromJson(MessageForm.Read(type, Request.Form));
        try
        {
            switch (intent)
            {
                case "complete":
                    await tasks.CompleteAsync(Caller, id, message, null, ct);
                    Notice = "Done. The task is complete.";
                    break;
                case "followOn" when !string.IsNullOrEmpty(followOnTemplate):
                    var forwarded = await hierarchy.CompleteWithFollowOnAsync(Caller, id, followOnTemplate, message, ct);
                    Notice = "The task is complete and its result went on to a follow-on task.";
                    return Redirect($"/tasks/{Uri.EscapeDataString(forwarded.Task.FollowOnId ?? id)}");
                default:
                    await data.SaveDraftAsync(Caller, id, message, ct);
                    Notice = "Your draft is saved.";
                    break;
            }
        }
        catch (TaskforgeException refused)
        {
            return await RefusedAsync(id, refused, errors => Output = MessageForm.Build(type, posted, errors), ct);
        }

        return Redirect(Url.Page("/Tasks/Task", new { id })!);
    }

    /// <summary>The fault form: complete the task with the chosen fault and its data.</summary>
    public async Task<IActionResult> OnPostFaultAsync(string id, string faultName, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!View.Template.Template.Faults.TryGetValue(faultName, out var type))
        {
            return await FailOnAsync(id, $"This task has no fault '{faultName}'.", ct);
        }

        FaultName = faultName;
        var posted = MessageForm.Read(type, Request.Form, keepEmptyRows: true);
        if (MessageForm.EditRows(type, posted, Request.Form))
        {
            Fault = MessageForm.Build(type, posted, null);
            return Page();
        }

        try
        {
            await tasks.CompleteAsync(Caller, id, BusinessMessage.FromJson(MessageForm.Read(type, Request.Form)), faultName, ct);
        }
        catch (TaskforgeException refused)
        {
            return await RefusedAsync(id, refused, errors => Fault = MessageForm.Build(type, posted, errors), ct);
        }

        Notice = $"The task ended with the fault '{faultName}'.";
        return Redirect(Url.Page("/Tasks/Task", new { id })!);
    }

    private Engine.Identity.Caller Caller => HttpContext.Caller();

    private async Task<IActionResult> ActAsync<T>(string id, string done, Func<Task<T>> action, CancellationToken ct)
    {
        try
        {
            await action();
        }
        catch (TaskforgeException refused)
        {
            return await RefusedAsync(id, refused, null, ct);
        }

        return await RedirectWithAsync(id, done);
    }

    private Task<IActionResult> RedirectWithAsync(string id, string? notice)
    {
        Notice = notice;
        return Task.FromResult<IActionResult>(Redirect(Url.Page("/Tasks/Task", new { id })!));
    }

    /// <summary>
    /// The engine said no. The page is drawn again from the task as it is now, with the reason on top and, for a form,
    /// the person's input kept and each problem beside its field. A claim lost to someone quicker names them.
    /// </summary>
    private async Task<IActionResult> RefusedAsync(string id, TaskforgeException refused, Action<IReadOnlyDictionary<string, string[]>?>? keepForm, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            // Gone meanwhile, or no longer this person's to see (handed on to someone else): back to the inbox, saying why.
            Notice = refused.Message;
            return Redirect("/inbox");
        }

        var refusal = Refusal.Of(refused);
        keepForm?.Invoke(refusal.Fields);
        Response.StatusCode = refusal.Status;
        Problem = refusal.Fields is null && View.Task is { State: TaskState.Claimed, Owner: { } owner } && owner != Caller.UserName
            ? $"Already claimed by {owner}."
            : refusal.Problem;
        return Page();
    }

    /// <summary>The form itself was wrong (before the engine was asked): the page again with the problem on top.</summary>
    private async Task<IActionResult> FailOnAsync(string id, string problem, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Problem = problem;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Reads the task as this caller sees it; false when there is no such task or the caller may not see it.</summary>
    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        TaskView view;
        try
        {
            view = await tasks.GetAsync(Caller, id, ct);
        }
        catch (Exception ex) when (ex is NotFoundException or AccessDeniedException or TaskRuleException { Kind: TaskRuleKind.NotAllowed })
        {
            // A task the caller holds no work item for is, to them, a task that does not exist.
            return false;
        }

        View = view;
        var template = view.Template.Template;
        var locale = RequestLocale.Of(HttpContext);
        Title = view.Task.DisplayName ?? template.DisplayName?.Get(locale) ?? view.Task.Name;
        Description = view.Task.Description ?? template.Description?.Get(locale);
        if (template.Input is { } inputType && view.Task.Input is { } input)
        {
            Input = MessageForm.Build(inputType, BusinessData.ReadStored(input, inputType), null);
        }

        if (template.Output is { } outputType)
        {
            Output = MessageForm.Build(outputType, view.Task.Output is { } output ? BusinessData.ReadStored(output, outputType) : null, null);
        }

        History = await data.GetHistoryAsync(Caller, id, ct);
        SubTasks = await hierarchy.GetSubTasksAsync(Caller, id, ct);
        Escalations = await escalations.GetEscalationsAsync(Caller, id, ct);
        FollowOnTemplates = await hierarchy.FollowOnTemplatesAsync(Caller, view, ct);

        return true;
    }
}
