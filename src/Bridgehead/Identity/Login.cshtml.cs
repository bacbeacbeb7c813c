using System.ComponentModel.DataAnnotations;
using Bridgehead.Hosting;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Bridgehead.Identity;

/// <summary>The sign-in page. Wrong names and wrong passwords read the same; five failures lock the user for a while.</summary>
[EnableRateLimiting(Policies.SignInLimit)]
public sealed class LoginModel(SignIn signIn) : PageModel
{
    public sealed class Form
    {
        [Display(Name = nameof(IdentityText.UserName), ResourceType = typeof(IdentityText))]
        public string? UserName { get; set; }

        [Display(Name = nameof(IdentityText.Password), ResourceType = typeof(IdentityText))]
        public string? Password { get; set; }
    }

    [BindProperty]
    public Form Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturn()) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await signIn.HandleAsync(Input.UserName, Input.Password, ct);
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                var user = result.User!;
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    ViewerSource.ToPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme));
                if (user.Language is { } language)
                {
                    Culture.Remember(Response, language);
                }
                return LocalRedirect(user.MustChangePassword ? "/account/password" : SafeReturn());
            case SignInOutcome.LockedOut:
            case SignInOutcome.Invalid:
            default:
                ModelState.AddModelError("", IdentityText.BadCredentials);
                break;
        }
        Input.Password = null;
        ModelState.Remove("Input.Password");
        return Page();
    }

    private string SafeReturn() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}

/// <summary>Remembers the UI language in a cookie (a year), which the localization middleware reads first.</summary>
public static class Culture
{
    public static void Remember(HttpResponse response, string language) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
}
