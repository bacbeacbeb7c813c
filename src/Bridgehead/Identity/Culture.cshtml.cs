using Bridgehead.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Identity;

/// <summary>The Korean/English switch: remembered in a cookie, and on the user so it follows them to other devices.</summary>
[AllowAnonymous]
public sealed class CultureModel(SetLanguage setLanguage) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl, CancellationToken ct)
    {
        var language = culture is "ko" ? "ko" : "en";
        Culture.Remember(Response, language);
        if (ViewerSource.FromPrincipal(User)?.UserId is { } userId)
        {
            await setLanguage.HandleAsync(userId, language, ct);
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
