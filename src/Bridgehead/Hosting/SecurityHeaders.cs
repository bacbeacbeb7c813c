using Bridgehead.Api;

namespace Bridgehead.Hosting;

/// <summary>
/// Headers that keep pages from being framed, sniffed or made to run foreign scripts, and API
/// answers from being kept by proxies. They are set as the response starts, so that answers whose
/// headers were cleared on the way (an error turned into a problem answer) carry them too.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>Only our own scripts and styles; no inline script, no framing, forms post only to us.</summary>
    private const string Strict = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The interactive API reference builds its page with inline script and styles.</summary>
    private const string Reference = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        // Decided now: an error handler re-runs the request under /error before the answer starts.
        var isApi = ApiProblems.IsApi(http.Request);
        var policy = http.Request.Path.StartsWithSegments("/api/reference") ? Reference : Strict;
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            h.ContentSecurityPolicy = policy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            // API answers hold customer data: no proxy or browser cache keeps them (an endpoint may say more, e.g. "private, no-store").
            if (isApi && !h.CacheControl.ToString().Contains("no-store", StringComparison.Ordinal))
            {
                h.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        return next(http);
    }
}
