using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Duplicates;

public sealed class DuplicatesPagesTests_Sqlite() : DuplicatesPagesTests(Provider.Sqlite);

public sealed class DuplicatesPagesTests_Postgres() : DuplicatesPagesTests(Provider.Postgres);

/// <summary>The duplicates list, the side-by-side merge page, the trace on the account page and the undo button.</summary>
public abstract class DuplicatesPagesTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Rep_SeesPairs_ComparesAndMerges_ThenUndoesFromTheAccountPage()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(me);
        var a = (await api.CreateAsync("/api/v1/accounts", new { name = "Pagewise Steel Co., Ltd.", city = "Pohang" })).Id();
        var b = (await api.CreateAsync("/api/v1/accounts", new { name = "PAGEWISE STEEL", website = "https://pagewise.kr" })).Id();
        using var browser = await App.SignInAsync(me);

        var (status, list) = await browser.GetAsync("/duplicates");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"/duplicates/merge?type=account&amp;a={Math.Min(a, b)}&amp;b={Math.Max(a, b)}", list);
        Assert.Contains("Similar name", list);

        var page = await browser.GetFormAsync($"/duplicates/merge?type=account&a={a}&b={b}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Pohang", page.Html);
        Assert.Contains("https://pagewise.kr", page.Html);
        var form = HtmlForm.Parse(page.Html, "class=\"merge-form\"");
        // Keep A; the website, which A lacks, is offered from B by default.
        Assert.Contains(form.Fields, f => f.Key == "Choice[website]" && f.Value == "b");
        Assert.Contains(form.Fields, f => f.Key == "Choice[city]" && f.Value == "a");
        var posted = await browser.PostFormAsync("/duplicates/merge", page.Token, form.Fields.ToDictionary(f => f.Key, f => f.Value));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/accounts/{a}", posted.Headers.Location!.OriginalString);

        var after = await api.GetJsonAsync($"/api/v1/accounts/{a}");
        Assert.Equal("https://pagewise.kr", after["website"]!.GetValue<string>());
        Assert.Equal("Pohang", after["city"]!.GetValue<string>());
        await (await api.GetAsync($"/api/v1/accounts/{b}")).ExpectAsync(HttpStatusCode.NotFound);

        var detail = await browser.GetFormAsync($"/accounts/{a}");
        Assert.Contains($"Merged from PAGEWISE STEEL (#{b})", detail.Html);
        Assert.Contains("undo until", detail.Html);
        var undo = HtmlForm.Parse(detail.Html, "class=\"merge-undo\"");
        var undone = await browser.PostFormAsync("/duplicates/merge?handler=undo", detail.Token, undo.Fields.ToDictionary(f => f.Key, f => f.Value));
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        await (await api.GetAsync($"/api/v1/accounts/{b}")).ExpectAsync(HttpStatusCode.OK);
        var (_, again) = await browser.GetAsync($"/accounts/{a}");
        Assert.Contains("undone on", again);
        Assert.DoesNotContain("class=\"merge-undo\"", again);
    }

    [Fact]
    public async Task MergePage_KeepsB_AndMergesContacts()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(me);
        var account = (await api.CreateAsync("/api/v1/accounts", new { name = "Contact Page Co" })).Id();
        var a = (await api.CreateAsync("/api/v1/contacts", new { accountId = account, name = "Choi Yuna", email = "yuna@cpc.kr" })).Id();
        var b = (await api.CreateAsync("/api/v1/contacts", new { accountId = account, name = "Choi Yu-na", phone = "010-9999-0000" })).Id();
        using var browser = await App.SignInAsync(me);

        var (_, list) = await browser.GetAsync("/duplicates");
        Assert.Contains("Choi Yu-na", list);
        var page = await browser.GetFormAsync($"/duplicates/merge?type=contact&a={a}&b={b}");
        var form = HtmlForm.Parse(page.Html, "class=\"merge-form\"").Set("Keep", "b").Set("Choice[name]", "b").Set("Choice[email]", "a");
        var posted = await browser.PostFormAsync("/duplicates/merge", page.Token, form.Fields.ToDictionary(f => f.Key, f => f.Value));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await (await api.GetAsync($"/api/v1/contacts/{a}")).ExpectAsync(HttpStatusCode.NotFound);
        var kept = await api.GetJsonAsync($"/api/v1/contacts/{b}");
        Assert.Equal("Choi Yu-na", kept["name"]!.GetValue<string>());
        Assert.Equal("yuna@cpc.kr", kept["email"]!.GetValue<string>());
        Assert.Equal("010-9999-0000", kept["phone"]!.GetValue<string>());
        var (_, detail) = await browser.GetAsync($"/accounts/{account}");
        Assert.Contains($"Contact Choi Yuna (#{a}) merged into #{b}", detail);
    }

    [Fact]
    public async Task MergePage_StaleVersion_SaysSo_AndMergesNothing()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(me);
        var a = (await api.CreateAsync("/api/v1/accounts", new { name = "Stale Page A" })).Id();
        var b = (await api.CreateAsync("/api/v1/accounts", new { name = "Stale Page B" })).Id();
        using var browser = await App.SignInAsync(me);
        var page = await browser.GetFormAsync($"/duplicates/merge?type=account&a={a}&b={b}");
        await (await api.PatchJsonAsync($"/api/v1/accounts/{a}", new { city = "Changed" })).ExpectAsync(HttpStatusCode.OK);

        var form = HtmlForm.Parse(page.Html, "class=\"merge-form\"");
        var posted = await browser.PostFormAsync("/duplicates/merge", page.Token, form.Fields.ToDictionary(f => f.Key, f => f.Value));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("data-error-summary", await posted.Content.ReadAsStringAsync());
        await (await api.GetAsync($"/api/v1/accounts/{b}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Pages_AreForSalesWriters_AndHideOthersRecords()
    {
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        var owner = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var ownerApi = App.Client(owner);
        var a = (await ownerApi.CreateAsync("/api/v1/accounts", new { name = "Hidden Pair Co" })).Id();
        var b = (await ownerApi.CreateAsync("/api/v1/accounts", new { name = "Hidden Pair Company" })).Id();
        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/duplicates")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/duplicates")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/duplicates/merge?type=account&a={a}&b={b}")).Status);
        var (status, html) = await stranger.GetAsync($"/duplicates/merge?type=account&a={a}&b={b}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain("Hidden Pair", html);
        var (_, list) = await stranger.GetAsync("/duplicates");
        Assert.DoesNotContain("Hidden Pair", list);
        var (navStatus, nav) = await stranger.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, navStatus);
        Assert.Contains("href=\"/duplicates\"", nav);
        var (_, viewerHome) = await viewer.GetAsync("/");
        Assert.DoesNotContain("href=\"/duplicates\"", viewerHome);
    }
}
