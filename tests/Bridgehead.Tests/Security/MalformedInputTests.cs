using System.Net;
using System.Text;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Security;

/// <summary>
/// The requests the fuzzer once turned into 500s, pinned as fixed cases: each is refused with a
/// 4xx problem naming what is wrong, and nothing is written.
/// </summary>
public abstract class MalformedInputTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task AnUnknownCharset_Is415_AndCreatesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var name = "Charset " + Guid.NewGuid().ToString("N")[..8];
        var content = new StringContent($$"""{"name":"{{name}}"}""", Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "nonsense" };

        var response = await App.Client(rep).PostAsync("/api/v1/accounts", content);

        await response.ExpectAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var found = await App.Client(rep).GetJsonAsync($"/api/v1/accounts?q={Uri.EscapeDataString(name)}");
        Assert.Empty(found["items"]!.AsArray());
    }

    [Fact]
    public async Task AnUnpairedSurrogate_InAMergePatch_Is400NamingTheField_AndChangesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var client = App.Client(rep);
        var name = "Surrogate " + Guid.NewGuid().ToString("N")[..8];
        var account = await client.CreateAsync("/api/v1/accounts", new { name });

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/accounts/{account.Id()}")
        {
            Content = new StringContent("""{"name":"bad \udc00 name"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        var response = await client.SendAsync(patch);

        await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True((await response.ErrorsAsync()).ContainsKey("name"));
        var stored = await client.GetJsonAsync($"/api/v1/accounts/{account.Id()}");
        Assert.Equal(name, stored["name"]!.GetValue<string>());
        Assert.Equal(account["version"]!.GetValue<long>(), stored["version"]!.GetValue<long>());
    }

    /// <summary>The fuzzer found /process and /orders/otif answering 500 at the calendar's edges (a year back from year 1, a day after 9999-12-31).</summary>
    [Theory]
    [InlineData("/api/v1/process", "/process", "to=9999-12-31", "to")]
    [InlineData("/api/v1/process", "/process", "to=0001-01-01", "to")]
    [InlineData("/api/v1/process", "/process", "from=0001-01-01", "from")]
    [InlineData("/api/v1/orders/otif", "/reports/otif", "to=0001-01-01", "to")]
    [InlineData("/api/v1/orders/otif", "/reports/otif", "from=9999-12-31&to=9999-12-31", "from")]
    [InlineData("/api/v1/reports/forecast", "/forecast", "from=9999-12-01", "from")]
    public async Task APeriodAtTheEdgeOfTheCalendar_Is422NamingTheDate_AndThePageStillShows(string api, string page, string query, string field)
    {
        var manager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());

        var response = await App.Client(manager).GetAsync(api + "?" + query);
        await response.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field), $"{api}?{query} should name {field}");

        var browser = await App.SignInAsync(manager);
        var (status, _) = await browser.GetAsync(page + "?" + query);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task ANulInAQueryValue_Is400NamingTheParameter_OnTheApiAndOnPages()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());

        var api = await App.Client(rep).GetAsync("/api/v1/search?q=ab%00cd");
        await api.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True((await api.ErrorsAsync()).ContainsKey("q"));

        var browser = await App.SignInAsync(rep);
        var (status, _) = await browser.GetAsync("/search?q=ab%00cd");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}

public sealed class MalformedInputTests_Sqlite() : MalformedInputTests(Provider.Sqlite);

public sealed class MalformedInputTests_Postgres() : MalformedInputTests(Provider.Postgres);
