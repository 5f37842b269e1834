using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Taskforge.Server.Faces.Console.Pages;

/// <summary>The console's front door is the inbox: it is what most people come for.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/inbox");
}
