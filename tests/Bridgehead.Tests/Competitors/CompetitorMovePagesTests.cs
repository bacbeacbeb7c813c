using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Competitors.MoveSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Competitors;

public sealed class CompetitorMovePagesTests_Sqlite() : CompetitorMovePagesTests(Provider.Sqlite);

public sealed class CompetitorMovePagesTests_Postgres() : CompetitorMovePagesTests(Provider.Postgres);

/// <summary>The market watch page, the move forms, and the moves on the account, opportunity and competitor pages.</summary>
public abstract class CompetitorMovePagesTests(Provider provider) : AppTests(provider)
{
    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task MarketWatch_ShowsTheFeedWithFiltersAndLinks_InBothLanguages_ForSalesReadersOnly()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var rival = await client.NewCompetitorAsync("Page Rival");
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var recent = await client.NewMoveAsync(rival, $"Visit {tag}", "poachingAttempt", account.Id(), deal.Id(), impact: "high", occurredOn: Day(3));
        var old = await client.NewMoveAsync(rival, $"Old cut {tag}", industry: "24", occurredOn: Day(120));
        using var browser = await App.SignInAsync(rep);

        var (status, raw) = await browser.GetAsync($"/market-watch?competitorId={rival}");
        Assert.Equal(HttpStatusCode.OK, status);
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains($"Visit {tag}", html);
        Assert.Contains($"Old cut {tag}", html);
        Assert.True(html.IndexOf($"Visit {tag}", StringComparison.Ordinal) < html.IndexOf($"Old cut {tag}", StringComparison.Ordinal), "newest first");
        Assert.Contains($"href=\"/accounts/{account.Id()}\"", raw);
        Assert.Contains($"href=\"/opportunities/{deal.Id()}\"", raw);
        Assert.Contains($"href=\"/competitors/{rival}\"", raw);
        Assert.Contains($"href=\"/market-watch/{recent.Id()}/edit\"", raw);
        Assert.Contains("Poaching attempt", html);
        Assert.Contains("In the market", html);
        Assert.Contains("href=\"/market-watch/new\"", raw);
        Assert.Contains("href=\"/market-watch\"", raw);
        Assert.DoesNotContain("style=", raw);

        var (_, lastMonth) = await browser.GetAsync($"/market-watch?competitorId={rival}&period=30d");
        Assert.Contains($"Visit {tag}", WebUtility.HtmlDecode(lastMonth));
        Assert.DoesNotContain($"Old cut {tag}", WebUtility.HtmlDecode(lastMonth));
        var (_, byIndustry) = await browser.GetAsync($"/market-watch?competitorId={rival}&industry=C&kind=PriceCut");
        Assert.DoesNotContain($"Visit {tag}", WebUtility.HtmlDecode(byIndustry));
        Assert.Contains($"Old cut {tag}", WebUtility.HtmlDecode(byIndustry));
        var (_, none) = await browser.GetAsync($"/market-watch?competitorId={rival}&impact=Low");
        Assert.Contains("Nothing matches these filters.", none);

        using var korean = await App.SignInAsync(rep, "ko");
        var (_, ko) = await korean.GetAsync($"/market-watch?competitorId={rival}");
        Assert.Contains("시장 동향", ko);
        Assert.Contains("경쟁사 동향 기록", ko);

        using var otherRep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));
        var (_, others) = await otherRep.GetAsync($"/market-watch?competitorId={rival}");
        Assert.DoesNotContain($"Visit {tag}", WebUtility.HtmlDecode(others));
        Assert.Contains($"Old cut {tag}", WebUtility.HtmlDecode(others));
        Assert.DoesNotContain($"/market-watch/{old.Id()}/edit", others);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync($"/market-watch/{recent.Id()}/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherRep.GetAsync($"/market-watch/{old.Id()}/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherRep.GetAsync($"/market-watch/{old.Id()}/delete")).Status);

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (viewerStatus, viewerPage) = await viewer.GetAsync($"/market-watch?competitorId={rival}");
        Assert.Equal(HttpStatusCode.OK, viewerStatus);
        Assert.Contains($"Visit {tag}", WebUtility.HtmlDecode(viewerPage));
        Assert.DoesNotContain("href=\"/market-watch/new\"", viewerPage);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/market-watch/new")).Status);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var outsider = await App.SignInAsync(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/market-watch")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/market-watch/new")).Status);
            var (_, home) = await outsider.GetAsync("/");
            Assert.DoesNotContain("href=\"/market-watch\"", home);
        }
    }

    [Fact]
    public async Task EmptyFeed_SaysSo()
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));
        var rival = await App.Client(await App.CreateUserAsync(Role.Rep)).NewCompetitorAsync();

        var (_, html) = await browser.GetAsync($"/market-watch?competitorId={rival}");

        Assert.Contains("Nothing matches these filters.", html);
    }

    [Fact]
    public async Task RecordEditAndDelete_ThroughTheForms_WithErrorsInline_AndTheTokenRequired()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var rival = await client.NewCompetitorAsync("Form Rival");
        var account = await client.NewAccountInAsync("28");
        using var browser = await App.SignInAsync(rep);

        var form = await browser.GetFormAsync($"/market-watch/new?accountId={account.Id()}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Matches($"<option (selected=\"selected\" value=\"{account.Id()}\"|value=\"{account.Id()}\" selected=\"selected\")>", form.Html);
        Assert.DoesNotContain("style=", form.Html);

        var refused = await browser.PostFormAsync("/market-watch/new", form.Token, new Dictionary<string, string> { ["Form.Title"] = " " });
        var errors = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"Form_Title-error\">This field is required.", errors);
        Assert.Contains("id=\"Form_CompetitorId-error\">This field is required.", errors);
        Assert.Contains("id=\"Form_Kind-error\">This field is required.", errors);

        var forged = await browser.PostFormAsync("/market-watch/new", "", new Dictionary<string, string>
        {
            ["Form.CompetitorId"] = S(rival), ["Form.Kind"] = "PriceCut", ["Form.Title"] = "Forged",
        });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var title = Unique("Form move");
        var created = await browser.PostFormAsync("/market-watch/new", form.Token, new Dictionary<string, string>
        {
            ["Form.CompetitorId"] = S(rival), ["Form.Kind"] = "PoachingAttempt", ["Form.Title"] = title,
            ["Form.AccountId"] = S(account.Id()), ["Form.Impact"] = "High", ["Form.Detail"] = "Met the plant manager",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"/accounts/{account.Id()}#competitor-moves", created.Headers.Location!.OriginalString);
        var saved = (await client.GetJsonAsync($"{Moves}?competitorId={rival}"))["items"]!.AsArray().Single()!;
        Assert.Equal((title, "poachingAttempt", "high", Day(0), "28"),
            (saved.Str("title"), saved.Str("kind"), saved.Str("impact"), saved.Str("occurredOn"), saved["industry"].Str("code")));

        var edit = await browser.GetFormAsync($"/market-watch/{saved.Id()}/edit");
        Assert.Contains(title, WebUtility.HtmlDecode(edit.Html));
        var changed = await browser.PostFormAsync($"/market-watch/{saved.Id()}/edit", edit.Token, new Dictionary<string, string>
        {
            ["Form.CompetitorId"] = S(rival), ["Form.Kind"] = "PriceCut", ["Form.Title"] = title + " v2",
            ["Form.AccountId"] = S(account.Id()), ["Form.Impact"] = "Low", ["Form.OccurredOn"] = Day(2),
            ["Form.Industry"] = "24", ["Form.Version"] = saved["version"]!.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = await client.GetJsonAsync(MovePath(saved.Id()));
        Assert.Equal((title + " v2", "priceCut", "low", Day(2), "24"),
            (after.Str("title"), after.Str("kind"), after.Str("impact"), after.Str("occurredOn"), after["industry"].Str("code")));

        // A stale form shows the latest values instead of overwriting them.
        var stale = await browser.PostFormAsync($"/market-watch/{saved.Id()}/edit", edit.Token, new Dictionary<string, string>
        {
            ["Form.CompetitorId"] = S(rival), ["Form.Kind"] = "Other", ["Form.Title"] = "Stale", ["Form.Version"] = saved["version"]!.ToString(),
        });
        Assert.Contains("Someone else changed", await stale.Content.ReadAsStringAsync());
        Assert.Equal(title + " v2", (await client.GetJsonAsync(MovePath(saved.Id()))).Str("title"));

        var delete = await browser.GetFormAsync($"/market-watch/{saved.Id()}/delete");
        Assert.Contains("Delete the move", delete.Html);
        var deleted = await browser.PostFormAsync($"/market-watch/{saved.Id()}/delete", delete.Token, new Dictionary<string, string> { ["version"] = after["version"]!.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(MovePath(saved.Id()))).StatusCode);
    }

    [Fact]
    public async Task AccountOpportunityAndCompetitorPages_ShowTheirMoves_ToThoseWhoSeeThem()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var rival = await client.NewCompetitorAsync("Detail Rival");
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var tag = Guid.NewGuid().ToString("N")[..8];
        await client.NewMoveAsync(rival, $"At the pursuit {tag}", "poachingAttempt", account.Id(), deal.Id());
        await client.NewMoveAsync(rival, $"At the account {tag}", "newProduct", account.Id());
        await client.NewMoveAsync(rival, $"In the market {tag}", "capacityExpansion");
        using var browser = await App.SignInAsync(rep);

        var (_, accountPage) = await browser.GetAsync($"/accounts/{account.Id()}");
        var accountText = WebUtility.HtmlDecode(accountPage);
        Assert.Contains("Competitor moves here", accountText);
        Assert.Contains($"At the pursuit {tag}", accountText);
        Assert.Contains($"At the account {tag}", accountText);
        Assert.DoesNotContain($"In the market {tag}", accountText);
        Assert.Contains($"href=\"/market-watch/new?accountId={account.Id()}\"", accountPage);

        var (_, dealPage) = await browser.GetAsync($"/opportunities/{deal.Id()}");
        var dealText = WebUtility.HtmlDecode(dealPage);
        Assert.Contains("Competitor moves against this pursuit", dealText);
        Assert.Contains($"At the pursuit {tag}", dealText);
        Assert.DoesNotContain($"At the account {tag}", dealText);
        Assert.Contains($"/market-watch/new?accountId={account.Id()}&opportunityId={deal.Id()}", dealText);

        var (_, rivalPage) = await browser.GetAsync($"/competitors/{rival}");
        var rivalText = WebUtility.HtmlDecode(rivalPage);
        Assert.Contains($"At the pursuit {tag}", rivalText);
        Assert.Contains($"In the market {tag}", rivalText);
        Assert.DoesNotContain("style=", rivalPage);

        using var otherRep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));
        var (_, otherRival) = await otherRep.GetAsync($"/competitors/{rival}");
        Assert.DoesNotContain($"At the pursuit {tag}", WebUtility.HtmlDecode(otherRival));
        Assert.Contains($"In the market {tag}", WebUtility.HtmlDecode(otherRival));

        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        var (qualityStatus, qualityPage) = await quality.GetAsync($"/accounts/{account.Id()}");
        Assert.Equal(HttpStatusCode.OK, qualityStatus);
        Assert.DoesNotContain("Competitor moves here", qualityPage);
        Assert.DoesNotContain($"At the pursuit {tag}", WebUtility.HtmlDecode(qualityPage));
    }
}
