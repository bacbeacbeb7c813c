using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Competitors;

public sealed class CompetitorPagesTests_Sqlite() : CompetitorPagesTests(Provider.Sqlite);

public sealed class CompetitorPagesTests_Postgres() : CompetitorPagesTests(Provider.Postgres);

/// <summary>The competitor pages: list, profile with their footprint at visible accounts, forms and the guarded delete.</summary>
public abstract class CompetitorPagesTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task ProfilePage_ShowsSharesSlipsAndLostPursuits_OnlyAtAccountsTheReaderSees()
    {
        var mine = await App.CreateUserAsync(Role.Rep);
        var theirs = await App.CreateUserAsync(Role.Rep);
        using var me = App.Client(mine);
        using var them = App.Client(theirs);
        var rival = await me.CreateAsync("/api/v1/competitors", new { name = Unique("Pohang Pipe"), strengths = "Mill next door", pricePosition = "below" });
        var myAccount = await me.CreateAsync("/api/v1/accounts", new { name = Unique("Mine Works") });
        var theirAccount = await them.CreateAsync("/api/v1/accounts", new { name = Unique("Their Works") });
        await App.RecordShareAsync(myAccount.Id(), "Flanges", 35m, new DateOnly(2026, 1, 31), rival.Id());
        // A newer entry of the same category replaces the older one on the profile.
        await App.RecordShareAsync(myAccount.Id(), "flanges", 45.5m, new DateOnly(2026, 6, 30), rival.Id());
        await App.RecordShareAsync(theirAccount.Id(), "Secret Category", 80m, new DateOnly(2026, 6, 30), rival.Id());
        await App.RecordSlipAsync(myAccount.Id(), rival.Id(), note: "Two weeks late on the March lot");
        await App.RecordSlipAsync(theirAccount.Id(), rival.Id(), note: "Hidden slip note");
        var lost = await me.NewOpportunityAsync(myAccount.Id(), title: "Lost flange deal");
        await (await me.CloseAsync(lost.Id(), new { outcome = "lost", reason = "competitorChosen", competitorId = rival.Id() })).ExpectAsync(HttpStatusCode.OK);
        var hidden = await them.NewOpportunityAsync(theirAccount.Id(), title: "Hidden deal");
        await (await them.CloseAsync(hidden.Id(), new { outcome = "lost", reason = "price", competitorId = rival.Id() })).ExpectAsync(HttpStatusCode.OK);
        using var browser = await App.SignInAsync(mine);

        var (status, raw) = await browser.GetAsync($"/competitors/{rival.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains(rival.Str("name"), html);
        Assert.Contains("Mill next door", html);
        Assert.Contains("Priced below us", html);
        Assert.Contains(myAccount.Str("name"), html);
        Assert.Contains("45.5%", html);
        Assert.DoesNotContain("35%", html);
        Assert.Contains("Two weeks late on the March lot", html);
        Assert.Contains(lost.Str("title"), html);
        Assert.DoesNotContain(theirAccount.Str("name"), html);
        Assert.DoesNotContain("Secret Category", html);
        Assert.DoesNotContain("Hidden slip note", html);
        Assert.DoesNotContain(hidden.Str("title"), html);
        // A rep edits but does not delete.
        Assert.Contains($"href=\"/competitors/{rival.Id()}/edit\"", raw);
        Assert.DoesNotContain($"href=\"/competitors/{rival.Id()}/delete\"", raw);

        // The other rep sees their own account's rows, an admin sees both.
        var (_, theirView) = await (await App.SignInAsync(theirs)).GetAsync($"/competitors/{rival.Id()}");
        Assert.Contains("Secret Category", theirView);
        Assert.DoesNotContain("Flanges", theirView, StringComparison.OrdinalIgnoreCase);
        var (_, adminView) = await (await App.SignInAsync(await App.CreateUserAsync(Role.Admin))).GetAsync($"/competitors/{rival.Id()}");
        Assert.Contains("Secret Category", adminView);
        Assert.Contains(myAccount.Str("name"), WebUtility.HtmlDecode(adminView));
    }

    [Fact]
    public async Task ListPage_SearchesByName_ShowsAnEmptyState_AndIsInTheNavigation()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await App.Client(rep).CreateAsync("/api/v1/competitors", new { name = $"Listed {tag}", pricePosition = "above" });
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync($"/competitors?q={tag}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Listed {tag}", html);
        Assert.Contains("Priced above us", html);
        Assert.Contains("href=\"/competitors\"", html);
        Assert.Contains("href=\"/competitors/new\"", html);

        var (_, none) = await browser.GetAsync($"/competitors?q={tag}&pricePosition=Below");
        Assert.Contains("Nothing matches these filters.", none);

        var (_, korean) = await (await App.SignInAsync(rep, "ko")).GetAsync($"/competitors?q={tag}");
        Assert.Contains("경쟁사", korean);
        Assert.Contains("당사보다 고가", korean);
    }

    [Fact]
    public async Task NewAndEditForms_SaveTheProfile_ShowErrorsInline_AndRefuseAnotherCompetitorsName()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var other = await App.Client(rep).CreateAsync("/api/v1/competitors", new { name = Unique("Taken Name") });
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync("/competitors/new");
        Assert.Equal(HttpStatusCode.OK, form.Status);

        var refused = await browser.PostFormAsync("/competitors/new", form.Token, new Dictionary<string, string> { ["Form.Name"] = " ", ["Form.Website"] = "no site" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var errors = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"Form_Name-error\"", errors);
        Assert.Contains("aria-invalid=\"true\"", errors);

        var name = Unique("Formed Rival");
        var created = await browser.PostFormAsync("/competitors/new", form.Token, new Dictionary<string, string>
        {
            ["Form.Name"] = name, ["Form.PricePosition"] = "Similar", ["Form.Strengths"] = "Service engineers on site", ["Form.Website"] = "formed.example.com",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = long.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        var saved = await App.Client(rep).GetJsonAsync($"/api/v1/competitors/{id}");
        Assert.Equal((name, "similar", "https://formed.example.com"), (saved.Str("name"), saved.Str("pricePosition"), saved.Str("website")));

        var edit = await browser.GetFormAsync($"/competitors/{id}/edit");
        var taken = await browser.PostFormAsync($"/competitors/{id}/edit", edit.Token, new Dictionary<string, string>
        {
            ["Form.Name"] = other.Str("name"), ["Form.Version"] = saved["version"]!.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("Another competitor is already called", WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync()));
        Assert.Equal(name, (await App.Client(rep).GetJsonAsync($"/api/v1/competitors/{id}")).Str("name"));

        var renamed = await browser.PostFormAsync($"/competitors/{id}/edit", edit.Token, new Dictionary<string, string>
        {
            ["Form.Name"] = name + " Ltd", ["Form.Weaknesses"] = "Slow quotes", ["Form.Version"] = saved["version"]!.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        var after = await App.Client(rep).GetJsonAsync($"/api/v1/competitors/{id}");
        Assert.Equal((name + " Ltd", "Slow quotes"), (after.Str("name"), after.Str("weaknesses")));
    }

    [Fact]
    public async Task DeletePage_AsksTheManager_ListsWhatKeepsIt_AndDeletesAnUnusedOne()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        using var api = App.Client(rep);
        var used = await api.CreateAsync("/api/v1/competitors", new { name = Unique("Used Rival") });
        var unused = await api.CreateAsync("/api/v1/competitors", new { name = Unique("Unused Rival") });
        var account = await api.NewAccountAsync();
        await App.RecordShareAsync(account.Id(), "valves", 30m, competitorId: used.Id());

        var (_, repPage) = await (await App.SignInAsync(rep)).GetAsync($"/competitors/{unused.Id()}/delete");
        Assert.Contains("Only sales managers and administrators may delete a competitor.", repPage);
        Assert.DoesNotContain("Delete competitor</button>", repPage);

        using var browser = await App.SignInAsync(manager);
        var (_, blocked) = await browser.GetAsync($"/competitors/{used.Id()}/delete");
        Assert.Contains("1 share-of-wallet entry(ies) name this competitor as the supplier.", blocked);
        Assert.DoesNotContain("Delete competitor</button>", blocked);

        var form = await browser.GetFormAsync($"/competitors/{unused.Id()}/delete");
        Assert.Contains("Delete competitor</button>", form.Html);
        var deleted = await browser.PostFormAsync($"/competitors/{unused.Id()}/delete", form.Token, new Dictionary<string, string> { ["version"] = unused["version"]!.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/competitors/{unused.Id()}")).StatusCode);
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_AreForbiddenThePages(Role role)
    {
        var rival = await App.Client(await App.CreateUserAsync(Role.Rep)).CreateAsync("/api/v1/competitors", new { name = Unique("Paged Rival") });
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/competitors")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/competitors/{rival.Id()}")).Status);
        var (_, home) = await browser.GetAsync("/");
        Assert.DoesNotContain("href=\"/competitors\"", home);
    }

    [Fact]
    public async Task Viewer_ReadsThePages_ButGetsNoFormsOrButtons()
    {
        var rival = await App.Client(await App.CreateUserAsync(Role.Rep)).CreateAsync("/api/v1/competitors", new { name = Unique("Viewed Rival") });
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));

        var (status, html) = await browser.GetAsync($"/competitors/{rival.Id()}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("/edit\"", html);
        var (_, list) = await browser.GetAsync("/competitors");
        Assert.DoesNotContain("href=\"/competitors/new\"", list);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/competitors/new")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/competitors/{rival.Id()}/edit")).Status);
    }
}
