using System.Net;
using System.Reflection;
using System.Text;
using Bridgehead.Api;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridgehead.Tests.Security;

public sealed class CsrfTests_Sqlite() : CsrfTests(Provider.Sqlite);

public sealed class CsrfTests_Postgres() : CsrfTests(Provider.Postgres);

/// <summary>
/// A browser signed in with the cookie can be made to send a request by another site; without the
/// antiforgery token (which that site cannot read) no change goes through, on the API or the pages.
/// </summary>
public abstract class CsrfTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task EveryApiChange_WithTheCookieButNoAntiforgeryHeader_IsRefused_AndWritesNothing()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var browser = await App.SignInAsync(admin);
        var name = "csrf-" + Guid.NewGuid().ToString("N")[..8];
        var changes = Endpoints.Changes(App);
        Assert.True(changes.Count > 100, $"Only {changes.Count} API changes found.");

        var let = new List<string>();
        foreach (var endpoint in changes)
        {
            var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path("standard"));
            // The import upload takes a multipart form (DisableAntiforgery() only turns off the form
            // check of minimal APIs); every other change takes JSON. Each would be valid enough to write.
            request.Content = endpoint.Route.EndsWith("/imports/files", StringComparison.Ordinal)
                ? new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("name\n" + name + "\n")), "file", "accounts.csv" } }
                : new StringContent($$"""{"name":"{{name}}","title":"{{name}}"}""", Encoding.UTF8, "application/json");
            var response = await browser.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains(ApiText.AntiforgeryMissing, StringComparison.Ordinal))
            {
                let.Add($"{endpoint.Key}: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
            }
        }

        Assert.True(let.Count == 0, "Cookie-authenticated changes let through without the antiforgery header:\n" + string.Join("\n", let));
        await using var db = App.OpenDb();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.UserId == admin.Id), "Something was written in the admin's name.");
        Assert.False(await db.Accounts.AnyAsync(a => a.Name == name));
    }

    [Fact]
    public async Task EveryPagePost_WithoutTheAntiforgeryToken_IsRefused()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var browser = await App.SignInAsync(admin);
        var loader = App.Web.Services.GetRequiredService<PageLoader>();
        var posts = new List<string>();
        var exempt = new List<string>();
        foreach (var endpoint in App.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            if (compiled.HandlerTypeInfo.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null)
            {
                exempt.Add(page.ViewEnginePath);
                continue;
            }
            foreach (var handler in compiled.HandlerMethods.Where(h => h.HttpMethod.Equals("Post", StringComparison.OrdinalIgnoreCase)))
            {
                var path = new Endpoints.Api("POST", endpoint.RoutePattern.RawText ?? "", endpoint).Path();
                posts.Add(string.IsNullOrEmpty(handler.Name) ? path : $"{path}?handler={handler.Name}");
            }
        }
        Assert.True(posts.Count > 50, $"Only {posts.Count} page posts found.");
        // The error page shows the status of a failed request, re-executed with its method (a failed
        // post reaches it as a post); it changes nothing, so it must not refuse a post without a token.
        Assert.Equal(["/Shared/Error"], exempt.Distinct());

        var let = new List<string>();
        foreach (var post in posts.Distinct())
        {
            var response = await browser.Http.PostAsync(post, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "csrf" }));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                let.Add($"{post}: {(int)response.StatusCode}");
            }
        }

        Assert.True(let.Count == 0, "Page posts accepted without __RequestVerificationToken:\n" + string.Join("\n", let));
        await using var db = App.OpenDb();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.UserId == admin.Id), "Something was written in the admin's name.");
    }

    [Fact]
    public async Task TheSessionCookie_IsHttpOnly_SameSiteLax_AndSecureOverHttps()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = App.NewBrowser();
        var form = await browser.GetFormAsync("/login");
        var response = await browser.PostFormAsync("/login", form.Token, new Dictionary<string, string>
        {
            ["Input.UserName"] = rep.UserName,
            ["Input.Password"] = TestUser.Password,
        });

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bridgehead.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; httponly", cookie);
        Assert.Contains("; samesite=lax", cookie);
        Assert.DoesNotContain("; secure", cookie); // served over plain http here

        // Over https (directly, or behind a proxy that says so with Bridgehead:BehindProxy) both cookies are Secure.
        var https = new DefaultHttpContext();
        https.Request.Scheme = "https";
        var auth = App.Web.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        Assert.True(auth.Cookie.Build(https).Secure);
        var antiforgery = App.Web.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        Assert.True(antiforgery.Cookie.Build(https).Secure);
        Assert.True(antiforgery.Cookie.Build(https).HttpOnly);
        Assert.Equal(SameSiteMode.Strict, antiforgery.Cookie.Build(https).SameSite);
    }
}
