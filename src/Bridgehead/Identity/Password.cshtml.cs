using System.ComponentModel.DataAnnotations;
using Bridgehead.Hosting;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Identity;

/// <summary>A user changes their password; required right after signing in with a one-time password.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Policies.SignInLimit)]
public sealed class PasswordModel(ChangePassword change, Data.BridgeheadDb db) : PageModel
{
    public sealed class Form
    {
        [Display(Name = nameof(IdentityText.CurrentPassword), ResourceType = typeof(IdentityText))]
        public string? CurrentPassword { get; set; }

        [Display(Name = nameof(IdentityText.NewPassword), ResourceType = typeof(IdentityText))]
        public string? NewPassword { get; set; }

        [Display(Name = nameof(IdentityText.ConfirmPassword), ResourceType = typeof(IdentityText))]
        public string? ConfirmPassword { get; set; }
    }

    [BindProperty]
    public Form Input { get; set; } = new();

    public bool OneTime => User.HasClaim(ViewerSource.MustChangePasswordClaim, "true");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var viewer = ViewerSource.FromPrincipal(User)!;
        if (Input.NewPassword != Input.ConfirmPassword)
        {
            ModelState.AddModelError("Input.ConfirmPassword", IdentityText.PasswordsDiffer);
            return Page();
        }
        try
        {
            await change.HandleAsync(viewer.UserId!.Value, Input.CurrentPassword, Input.NewPassword, ct);
        }
        catch (Common.ValidationException e)
        {
            FormErrors.Apply(ModelState, e);
            return Page();
        }
        // The new security stamp ends every other session; this one signs in again with it.
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == viewer.UserId, ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ViewerSource.ToPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme));
        TempData["Flash"] = IdentityText.PasswordChanged;
        return Redirect("/");
    }
}
