using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages.People;

/// <summary>Everyone and every group, for administrators (who change them) and monitors (who read them).</summary>
public sealed class IndexModel(IdentityService identity) : PageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    public IReadOnlyList<Group> Groups { get; private set; } = [];

    public bool MayChange { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        try
        {
            Users = await identity.ListUsersAsync(caller, 0, IdentityService.MaxPageSize, ct);
            Groups = await identity.ListGroupsAsync(caller, 0, IdentityService.MaxPageSize, ct);
        }
        catch (AccessDeniedException)
        {
            return Forbid();
        }

        MayChange = caller.IsAdministrator;
        return Page();
    }
}
