using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Hosting;

public sealed class HostingTests_Sqlite() : HostingTests(Provider.Sqlite);

public sealed class HostingTests_Postgres() : HostingTests(Provider.Postgres);

public abstract partial class HostingTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Health_Answers200_WhenTheDatabaseAnswers()
    {
        var response = await App.Client().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi_AndTheReferencePageLoadsNothingFromOutside()
    {
        var document = await App.Client().GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/accounts", paths);
        Assert.Contains("/api/v1/accounts/{id}", paths);
        Assert.Contains("/api/v1/auth/token", paths);
        Assert.Contains("/api/v1/search", paths);

        var reference = await App.Client().GetAsync("/api/reference");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var html = await reference.Content.ReadAsStringAsync();
        foreach (Match source in ExternalSource().Matches(html))
        {
            Assert.Fail("The reference page loads from outside: " + source.Value);
        }
    }

    [Fact]
    public async Task EveryPage_SendsSecurityHeaders()
    {
        var response = await App.Client().GetAsync("/login");
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task EveryLinkInTheNavigation_Opens_ForEveryRole()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            using var browser = await App.SignInAsync(await App.CreateUserAsync(role));
            var (_, home) = await browser.GetAsync("/");
            var nav = NavBlock().Match(home).Value;
            Assert.NotEmpty(nav);
            foreach (var href in Href().Matches(nav).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct())
            {
                var (status, _) = await browser.GetAsync(href);
                Assert.True(status == HttpStatusCode.OK, $"{role}: {href} answered {(int)status}");
            }
        }
    }

    [Fact]
    public async Task UnknownApiPath_IsAProblem404_AndUnknownPage_IsTheNotFoundPage()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = await App.Client(rep).GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        using var browser = await App.SignInAsync(rep);
        var (status, html) = await browser.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Not found", html);
    }

    [Fact]
    public async Task Search_FindsOnlyVisibleRecords_AndHidesOpportunitiesFromQuality()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var account = await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = $"Searchable {tag}" });
        await App.Client(owner).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = $"Contact {tag}" });
        await App.Client(owner).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = $"Deal {tag}" });

        var mine = await App.Client(owner).GetJsonAsync($"/api/v1/search?q={tag}");
        Assert.Single(mine["accounts"]!.AsArray());
        Assert.Single(mine["contacts"]!.AsArray());
        Assert.Single(mine["opportunities"]!.AsArray());

        var stranger = await App.Client(await App.CreateUserAsync(Role.Rep)).GetJsonAsync($"/api/v1/search?q={tag}");
        Assert.Empty(stranger["accounts"]!.AsArray());
        Assert.Empty(stranger["contacts"]!.AsArray());
        Assert.Empty(stranger["opportunities"]!.AsArray());

        var quality = await App.Client(await App.CreateUserAsync(Role.Quality)).GetJsonAsync($"/api/v1/search?q={tag}");
        Assert.Single(quality["accounts"]!.AsArray());
        Assert.Empty(quality["opportunities"]!.AsArray());

        Assert.Equal(HttpStatusCode.BadRequest, (await App.Client(owner).GetAsync("/api/v1/search?q=x")).StatusCode);
        using var browser = await App.SignInAsync(owner);
        Assert.Contains($"Searchable {tag}", (await browser.GetAsync($"/search?q={tag}")).Html);
    }

    [GeneratedRegex("(?:src|href)=\"(?:https?:)?//[^\"]+\"")]
    private static partial Regex ExternalSource();

    [GeneratedRegex("<nav class=\"sidebar\"[\\s\\S]*?</nav>")]
    private static partial Regex NavBlock();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
