using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Activities;

/// <summary>Requests as htmx sends them from a page: HX-Request, and the antiforgery header from the page's meta tag.</summary>
public static partial class Htmx
{
    /// <summary>The antiforgery token a full page carries in its meta tag (site.js sends it with every htmx request).</summary>
    public static async Task<string> MetaTokenAsync(this BrowserClient browser, string page = "/")
    {
        var (status, html) = await browser.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        var match = MetaToken().Match(html);
        Assert.True(match.Success, "No request-verification-token meta tag on " + page);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<(HttpStatusCode Status, string Html)> HxGetAsync(this BrowserClient browser, string path, string? currentUrl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("HX-Request", "true");
        if (currentUrl is not null)
        {
            request.Headers.Add("HX-Current-URL", currentUrl);
        }
        using var response = await browser.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(HttpStatusCode Status, string Html)> HxPostAsync(this BrowserClient browser, string path, string token, IDictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await browser.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<meta name=\"request-verification-token\" content=\"([^\"]+)\"")]
    private static partial Regex MetaToken();
}
