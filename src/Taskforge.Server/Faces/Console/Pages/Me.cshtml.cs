using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Server.Faces.Console.Forms;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages;

/// <summary>
/// A person's own account: their password (the current one proves it is them) and their API tokens. A new token's secret
/// is shown once, in the answer to the form that made it, and stored nowhere but as a hash.
/// </summary>
public sealed class MeModel(IdentityService identity) : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? TokenName { get; set; }

    [BindProperty]
    public string? TokenExpires { get; set; }

    public User Me { get; private set; } = null!;

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    /// <summary>
    /// A token just made, for this one page view: its secret travels from the form's answer to the page it redirects to
    /// in the encrypted, HttpOnly temp-data cookie, which the reading removes, so reloading never shows it again (nor
    /// sends the form twice).
    /// </summary>
    [TempData]
    public string? IssuedSecret { get; set; }

    [TempData]
    public string? IssuedName { get; set; }

    public FieldErrors Errors { get; private set; } = FieldErrors.None;

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (IssuedSecret is not null)
        {
            // The one view that shows a secret is kept by no cache.
            Response.Headers.CacheControl = "no-store";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        try
        {
            await identity.ChangeOwnPasswordAsync(caller, CurrentPassword ?? "", NewPassword ?? "", ct);
        }
        catch (TaskforgeException refused)
        {
            return await RefusedAsync(refused, ct);
        }

        Notice = "Your password is changed.";
        return Redirect("/me");
    }

    public async Task<IActionResult> OnPostTokenAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        DateTimeOffset? expires = null;
        if (!string.IsNullOrWhiteSpace(TokenExpires))
        {
            if (!DateOnly.TryParseExact(TokenExpires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return await RefusedAsync(new ValidationException("expiresAt", "must be a date such as 2027-01-31."), ct);
            }

            expires = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        try
        {
            var issued = await identity.CreateTokenAsync(caller, caller.UserName, new NewToken(TokenName ?? "", expires), ct);
            IssuedSecret = issued.Secret;
            IssuedName = issued.Token.Name;
        }
        catch (TaskforgeException refused)
        {
            return await RefusedAsync(refused, ct);
        }

        return Redirect("/me");
    }

    public async Task<IActionResult> OnPostRevokeAsync(string tokenId, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        try
        {
            await identity.RevokeTokenAsync(caller, caller.UserName, tokenId, ct);
        }
        catch (TaskforgeException refused)
        {
            return await RefusedAsync(refused, ct);
        }

        Notice = "The token no longer works.";
        return Redirect("/me");
    }

    private async Task<IActionResult> RefusedAsync(TaskforgeException refused, CancellationToken ct)
    {
        await LoadAsync(ct);
        (Errors, Problem, Response.StatusCode) = Refusal.Of(refused);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Me = await identity.GetUserAsync(caller, caller.UserName, ct);
        Tokens = [.. (await identity.ListTokensAsync(caller, caller.UserName, ct)).OrderByDescending(t => t.CreatedAt)];
    }
}
