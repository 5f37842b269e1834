using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Server.Faces.Console.Sessions;

namespace Taskforge.Server.Faces.Console.Pages;

/// <summary>Signing out ends the session in the database, so the cookie is worthless everywhere, even if copied.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleAuthentication.CookieScheme);
        return Redirect(ConsoleAuthentication.SignInPath + "?signedOut=true");
    }
}
