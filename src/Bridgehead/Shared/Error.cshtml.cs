using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Shared;

/// <summary>The page shown for 403, 404, 503 (the database unreachable, with Retry-After) and unexpected errors; it never shows internals.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = UiText.ErrorTitle;

    public string Message { get; private set; } = UiText.Error500;

    public IActionResult OnGet(int? code) => Show(code);

    public IActionResult OnPost(int? code) => Show(code);

    private PageResult Show(int? code)
    {
        var status = code ?? (HttpContext.Response.StatusCode >= 400 ? HttpContext.Response.StatusCode : 500);
        (Title, Message) = status switch
        {
            404 => (UiText.Error404Title, UiText.Error404),
            403 => (UiText.Error403Title, UiText.Error403),
            503 => (UiText.Error503Title, UiText.Error503),
            >= 400 and < 500 => (UiText.ErrorTitle, UiText.Error400),
            _ => (UiText.ErrorTitle, UiText.Error500),
        };
        Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = Api.ApiProblems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Page();
    }
}
