using System.Net;
using System.Text;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Security;

public sealed class HeadersTests_Sqlite() : HeadersTests(Provider.Sqlite);

public sealed class HeadersTests_Postgres() : HeadersTests(Provider.Postgres);

/// <summary>
/// Every kind of answer (pages, API JSON, problems, 404s, static files, file downloads) carries the
/// headers against sniffing, framing and leaking the address; API answers are never stored by a cache.
/// </summary>
public abstract class HeadersTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task EveryKindOfAnswer_CarriesTheSecurityHeaders_AndApiAnswersAreNotStored()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var api = App.Client(rep);
        using var anonymous = App.Client();
        using var browser = await App.SignInAsync(rep);
        var account = await api.CreateAsync("/api/v1/accounts", new { name = "Headers " + Guid.NewGuid().ToString("N")[..6] });

        var answers = new List<(string What, HttpResponseMessage Response, bool Api)>
        {
            ("sign-in page", await anonymous.GetAsync("/login"), false),
            ("page", await browser.Http.GetAsync("/accounts"), false),
            ("page 404", await browser.Http.GetAsync("/no-such-page"), false),
            ("page 400 (no antiforgery token)", await browser.Http.PostAsync("/logout", new FormUrlEncodedContent([])), false),
            ("static file", await anonymous.GetAsync("/css/site.css"), false),
            ("OpenAPI document", await anonymous.GetAsync("/openapi/v1.json"), false),
            ("API list", await api.GetAsync("/api/v1/accounts"), true),
            ("API record", await api.GetAsync($"/api/v1/accounts/{account.Id()}"), true),
            ("API created", await api.PostJsonAsync("/api/v1/accounts", new { name = "Headers created " + Guid.NewGuid().ToString("N")[..6] }), true),
            ("API 401", await anonymous.GetAsync("/api/v1/accounts"), true),
            ("API 404 record", await api.GetAsync("/api/v1/accounts/999999999"), true),
            ("API 404 path", await api.GetAsync("/api/v1/no-such-thing"), true),
            ("API 400 malformed", await api.PostRawAsync("/api/v1/accounts", "{\"name\":"), true),
            ("API 422 invalid", await api.PostJsonAsync("/api/v1/accounts", new { name = "" }), true),
            ("API 403", await api.PostJsonAsync("/api/v1/users", new { userName = "x" }), true),
            ("API 400 cookie without antiforgery", await browser.Http.PostAsync("/api/v1/accounts", new StringContent("{}", Encoding.UTF8, "application/json")), true),
            ("CSV export", await api.GetAsync("/api/v1/exports/accounts?format=csv"), true),
            ("report download", await api.GetAsync("/api/v1/reports/funnel?format=csv"), true),
        };

        var missing = new List<string>();
        foreach (var (what, response, isApi) in answers)
        {
            var h = response.Headers;
            string? Get(string name) => h.TryGetValues(name, out var v) ? string.Join(", ", v) : null;
            if (Get("X-Content-Type-Options") != "nosniff")
            {
                missing.Add($"{what} ({(int)response.StatusCode}): X-Content-Type-Options");
            }
            if (Get("X-Frame-Options") != "DENY" || Get("Content-Security-Policy")?.Contains("frame-ancestors 'none'", StringComparison.Ordinal) != true)
            {
                missing.Add($"{what} ({(int)response.StatusCode}): X-Frame-Options / frame-ancestors");
            }
            if (Get("Referrer-Policy") is not ("same-origin" or "no-referrer" or "strict-origin-when-cross-origin"))
            {
                missing.Add($"{what} ({(int)response.StatusCode}): Referrer-Policy");
            }
            if (isApi && h.CacheControl?.NoStore != true)
            {
                missing.Add($"{what} ({(int)response.StatusCode}): Cache-Control no-store");
            }
        }
        Assert.True(missing.Count == 0, "Answers without the header:\n" + string.Join("\n", missing));
        Assert.Equal(HttpStatusCode.OK, answers.Single(a => a.What == "static file").Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answers.Single(a => a.What == "CSV export").Response.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answers.Single(a => a.What == "API 422 invalid").Response.StatusCode);
        foreach (var (_, response, _) in answers)
        {
            response.Dispose();
        }
    }
}
