using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.People;

/// <summary>A group (<c>/groups/new</c> or an existing one) and its members, added and removed one at a time.</summary>
public sealed class GroupModel(IdentityService identity) : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    [BindProperty]
    public string? GroupName { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Member { get; set; }

    public Group? Existing { get; private set; }

    public IReadOnlyList<User> Members { get; private set; } = [];

    public FieldErrors Errors { get; private set; } = FieldErrors.None;

    public string? Problem { get; private set; }

    public bool MayChange => HttpContext.Caller().IsAdministrator;

    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken ct)
    {
        if (name is null)
        {
            return MayChange ? Page() : Forbid();
        }

        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        Description = Existing!.Description;
        return Page();
    }

    public Task<IActionResult> OnPostAsync(string? name, CancellationToken ct) => ChangeAsync(name, async caller =>
    {
        if (name is null)
        {
            var created = await identity.CreateGroupAsync(caller, new NewGroup(GroupName?.Trim() ?? "", Description), ct);
            return ($"Group {created.Name} is made; add its members here.", created.Name);
        }

        await identity.UpdateGroupAsync(caller, name, Description, ct);
        return ("Saved.", name);
    }, ct);

    public Task<IActionResult> OnPostAddAsync(string name, CancellationToken ct) => ChangeAsync(name, async caller =>
    {
        await identity.AddMemberAsync(caller, name, Member?.Trim() ?? "", ct);
        return ($"{Member?.Trim()} is a member now.", name);
    }, ct);

    public Task<IActionResult> OnPostRemoveAsync(string name, string member, CancellationToken ct) => ChangeAsync(name, async caller =>
    {
        await identity.RemoveMemberAsync(caller, name, member, ct);
        return ($"{member} is no longer a member.", name);
    }, ct);

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        var result = await ChangeAsync(name, async caller =>
        {
            await identity.DeleteGroupAsync(caller, name, ct);
            return ("", null);
        }, ct);
        return result;
    }

    private async Task<IActionResult> ChangeAsync(string? name, Func<Caller, Task<(string Notice, string? Group)>> change, CancellationToken ct)
    {
        try
        {
            var (notice, group) = await change(HttpContext.Caller());
            Notice = notice.Length == 0 ? null : notice;
            return Redirect(group is null ? "/people" : $"/groups/{Uri.EscapeDataString(group)}");
        }
        catch (TaskforgeException refused)
        {
            if (name is not null && !await LoadAsync(name, ct))
            {
                return NotFound();
            }

            (Errors, Problem, Response.StatusCode) = Refusal.Of(refused);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        try
        {
            Existing = await identity.GetGroupAsync(caller, name, ct);
            Members = await identity.ListMembersAsync(caller, name, ct);
            return true;
        }
        catch (Exception ex) when (ex is NotFoundException or AccessDeniedException)
        {
            return false;
        }
    }
}
