using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.People;

/// <summary>
/// A person: a new one (<c>/people/new</c>) or an existing one, with their profile, system roles, whether they may sign
/// in, a new password, and their groups. The identity engine decides who may change what (administrators; nobody may
/// remove the last administrator).
/// </summary>
public sealed class PersonModel(IdentityService identity) : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public bool Administrator { get; set; }

    [BindProperty]
    public bool Monitor { get; set; }

    [BindProperty]
    public bool Disabled { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public User? Existing { get; private set; }

    public IReadOnlyList<string> GroupNames { get; private set; } = [];

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

        DisplayName = Existing!.DisplayName;
        Email = Existing.Email;
        Administrator = Existing.Roles.HasFlag(SystemRoles.Administrator);
        Monitor = Existing.Roles.HasFlag(SystemRoles.Monitor);
        Disabled = Existing.Disabled;
        return Page();
    }

    /// <summary>Creates the person, or saves their profile, roles and status.</summary>
    public async Task<IActionResult> OnPostAsync(string? name, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        var roles = (Administrator ? SystemRoles.Administrator : SystemRoles.None) | (Monitor ? SystemRoles.Monitor : SystemRoles.None);
        try
        {
            if (name is null)
            {
                var created = await identity.CreateUserAsync(caller, new NewUser(UserName?.Trim() ?? "", Password, DisplayName, Email, roles), ct);
                Notice = $"{created.Name} may sign in now.";
                return Redirect($"/people/{Uri.EscapeDataString(created.Name)}");
            }

            await identity.UpdateUserAsync(caller, name, new UserChanges(DisplayName ?? "", Email ?? "", roles, Disabled), ct);
            Notice = "Saved.";
            return Redirect($"/people/{Uri.EscapeDataString(name)}");
        }
        catch (TaskforgeException refused)
        {
            return await RefusedAsync(name, refused, ct);
        }
    }

    public async Task<IActionResult> OnPostPasswordAsync(string name, CancellationToken ct)
    {
        try
        {
            await identity.UpdateUserAsync(HttpContext.Caller(), name, new UserChanges(Password: Password ?? ""), ct);
        }
        catch (TaskforgeException refused)
        {
            return await RefusedAsync(name, refused, ct);
        }

        Notice = "The new password works from now on; tell it to them by a safe way.";
        return Redirect($"/people/{Uri.EscapeDataString(name)}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        try
        {
            await identity.DeleteUserAsync(HttpContext.Caller(), name, ct);
        }
        catch (TaskforgeException refused)
        {
            return await RefusedAsync(name, refused, ct);
        }

        return Redirect("/people");
    }

    private async Task<IActionResult> RefusedAsync(string? name, TaskforgeException refused, CancellationToken ct)
    {
        if (name is not null && !await LoadAsync(name, ct))
        {
            return NotFound();
        }

        (Errors, Problem, Response.StatusCode) = Refusal.Of(refused);
        return Page();
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        try
        {
            Existing = await identity.GetUserAsync(caller, name, ct);
            GroupNames = await identity.GetGroupsOfUserAsync(caller, name, ct);
            return true;
        }
        catch (Exception ex) when (ex is NotFoundException or AccessDeniedException)
        {
            return false;
        }
    }
}
