using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Accounts;

public sealed class AccountsPagesTests_Sqlite() : AccountsPagesTests(Provider.Sqlite);

public sealed class AccountsPagesTests_Postgres() : AccountsPagesTests(Provider.Postgres);

/// <summary>The account pages, driven like a browser: cookies, forms with antiforgery tokens, redirects.</summary>
public abstract class AccountsPagesTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Rep_GetsNotFoundPage_ForAnotherRepsAccount_OnEveryPage()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var account = await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = "Private Plant " + Guid.NewGuid().ToString("N")[..6] });
        using var other = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));

        foreach (var path in new[] { $"/accounts/{account.Id()}", $"/accounts/{account.Id()}/edit", $"/accounts/{account.Id()}/delete", $"/accounts/{account.Id()}?handler=history" })
        {
            var (status, html) = await other.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain("Private Plant", html);
        }
        var (_, list) = await other.GetAsync("/accounts?q=Private%20Plant");
        Assert.DoesNotContain($"href=\"/accounts/{account.Id()}\"", list);
    }

    [Fact]
    public async Task Viewer_IsRefusedTheFormPages_AndSeesNoCreateButton()
    {
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/accounts/new")).Status);
        var (status, html) = await viewer.GetAsync("/accounts");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("href=\"/accounts/new\"", html);
    }

    [Fact]
    public async Task NewAccountForm_ShowsErrorsInline_AndSavesNothing_ThenCreates()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync("/accounts/new");

        var refused = await browser.PostFormAsync("/accounts/new", form.Token, new Dictionary<string, string>
        {
            ["Form.Name"] = "",
            ["Form.Country"] = "XX",
            ["Form.Status"] = "Prospect",
            ["Form.OwnerId"] = rep.Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-error-summary", html);
        Assert.Matches("id=\"Form_Name\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Form_Name\"", html);
        Assert.Contains("This field is required.", html);
        Assert.Contains("two-letter ISO 3166", html);
        await using (var db = App.OpenDb())
        {
            Assert.False(await db.Accounts.AnyAsync(a => a.OwnerId == rep.Id));
        }

        var created = await browser.PostFormAsync("/accounts/new", form.Token, new Dictionary<string, string>
        {
            ["Form.Name"] = "Form-made Boilers",
            ["Form.Country"] = "kr",
            ["Form.Industry"] = "41",
            ["Form.ApplicationIds"] = (await App.ApplicationIdAsync("apartment blocks", "41")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Status"] = "Customer",
            ["Form.OwnerId"] = rep.Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var (status, detail) = await browser.GetAsync(created.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Form-made Boilers", detail);
        Assert.Contains("apartment blocks", detail);
        Assert.Contains("Construction of buildings", detail);
    }

    [Fact]
    public async Task EditingAStaleForm_KeepsTheNewerVersion_AndSaysSo()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = "Race Condition Ltd", city = "Ulsan" });
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/accounts/{account.Id()}/edit");
        await (await App.Client(rep).PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { city = "Changwon" })).ExpectAsync(HttpStatusCode.OK);

        var response = await browser.PostFormAsync($"/accounts/{account.Id()}/edit", form.Token, new Dictionary<string, string>
        {
            ["Form.Name"] = "Race Condition Ltd",
            ["Form.City"] = "Gimhae",
            ["Form.Status"] = "Prospect",
            ["Form.OwnerId"] = rep.Id.ToString(),
            ["Form.Version"] = "1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone else changed this record", await response.Content.ReadAsStringAsync());
        var current = await App.Client(rep).GetJsonAsync($"/api/v1/accounts/{account.Id()}");
        Assert.Equal("Changwon", current["city"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostingAFormWithoutTheAntiforgeryToken_IsRefused()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = await App.SignInAsync(rep);

        var response = await browser.Http.PostAsync("/accounts/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Name"] = "Forged" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = App.OpenDb();
        Assert.False(await db.Accounts.AnyAsync(a => a.OwnerId == rep.Id));
    }

    [Fact]
    public async Task DeletePage_ListsWhatBlocksTheDelete()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = App.Client(rep);
        var account = await api.CreateAsync("/api/v1/accounts", new { name = "Has People" });
        await api.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Park Jisoo" });
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/accounts/{account.Id()}/delete");

        var response = await browser.PostFormAsync($"/accounts/{account.Id()}/delete", form.Token, new Dictionary<string, string> { ["version"] = "1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("1 contact", await response.Content.ReadAsStringAsync());
        await (await api.GetAsync($"/api/v1/accounts/{account.Id()}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task HistoryFragment_ShowsTheChangeWithLocalizedFieldNames()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = "Tracked", status = "prospect" });
        await (await App.Client(rep).PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { status = "customer" })).ExpectAsync(HttpStatusCode.OK);
        using var browser = await App.SignInAsync(rep, language: "ko");

        var (status, html) = await browser.GetAsync($"/accounts/{account.Id()}?handler=history");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("상태", html);
        Assert.Contains("잠재 고객", html);
        Assert.Contains("고객", html);
    }
}
