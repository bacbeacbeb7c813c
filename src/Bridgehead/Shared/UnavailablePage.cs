using System.Globalization;
using System.Text.Encodings.Web;
using Bridgehead.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace Bridgehead.Shared;

/// <summary>
/// The page a person sees while the database cannot be reached: 503 with Retry-After, in their
/// language. Written here, not by re-running the request to /error: that run would need the
/// database too (the sign-in cookie is checked against it) and fail the same way.
/// </summary>
public sealed class UnavailablePage(ILogger<UnavailablePage> log) : IExceptionHandler
{
    /// <summary>Korean text goes out as text, as on every other page.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        var original = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value ?? "/";
        if (original.StartsWith("/api/", StringComparison.Ordinal) || !Data.Database.IsUnavailable(exception))
        {
            return false;
        }
        // "Try again" goes back to the same page on this site: a path like //elsewhere.example must not become a link to another host.
        var again = http.Request.PathBase + "/" + original.TrimStart('/');
        log.LogWarning("Database unavailable on {Method} {Path}: {Error}", http.Request.Method, original, exception.GetBaseException().Message);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = ApiProblems.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentType = "text/html; charset=utf-8";
        var html = Html;
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{html.Encode(UiText.Error503Title)} · {html.Encode(UiText.AppName)}</title>
            <link rel="stylesheet" href="{html.Encode(http.Request.PathBase + "/css/site.css")}"></head>
            <body><main id="main"><div class="panel">
            <h1>{html.Encode(UiText.Error503Title)}</h1>
            <p>{html.Encode(UiText.Error503)}</p>
            <p><a href="{html.Encode(again + http.Request.QueryString)}">{html.Encode(UiText.TryAgain)}</a></p>
            </div></main></body>
            </html>
            """, cancellationToken);
        return true;
    }
}
