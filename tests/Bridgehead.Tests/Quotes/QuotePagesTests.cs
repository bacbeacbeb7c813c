using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Quotes.QuoteSetup;

namespace Bridgehead.Tests.Quotes;

public sealed class QuotePagesTests_Sqlite() : QuotePagesTests(Provider.Sqlite);

public sealed class QuotePagesTests_Postgres() : QuotePagesTests(Provider.Postgres);

/// <summary>The quote pages: the opportunity's quotes section, the quote page and its editor, the flow, compare; who sees what.</summary>
public abstract class QuotePagesTests(Provider provider) : AppTests(provider)
{
    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task OpportunityPage_ListsTheVersions_AndNewVersionStartsFromTheLatest()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var (_, opportunityId) = await client.NewPursuitAsync();
        var product = await App.NewQuoteProductAsync(700.25m, 1000m);
        var v1 = await client.NewQuoteAsync(opportunityId, [Line(product, 7)], [Value()]);
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync($"/opportunities/{opportunityId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var text = WebUtility.HtmlDecode(page.Html);
        Assert.Contains("id=\"quotes-h\"", page.Html);
        Assert.Contains($"href=\"/quotes/{v1.Id()}\"", page.Html);
        Assert.Contains("7,000 KRW", text);
        Assert.Contains("New version from v1", text);
        Assert.DoesNotContain("700.25", text);

        var created = await browser.PostFormAsync("/quotes/new", page.Token, new Dictionary<string, string>
        {
            ["opportunityId"] = Inv(opportunityId), ["copyFrom"] = Inv(v1.Id()),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var v2 = await client.GetJsonAsync("/api/v1" + created.Headers.Location!.OriginalString);
        Assert.Equal(2, v2["version"]!.GetValue<int>());
        Assert.Single(v2["lines"]!.AsArray());
        Assert.Single(v2["valuePropositions"]!.AsArray());

        var (_, korean) = await (await App.SignInAsync(rep, "ko")).GetAsync($"/opportunities/{opportunityId}");
        Assert.Contains("v2에서 새 버전", WebUtility.HtmlDecode(korean));
        Assert.Contains("초안", WebUtility.HtmlDecode(korean));

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (_, viewed) = await viewer.GetAsync($"/opportunities/{opportunityId}");
        Assert.Contains($"href=\"/quotes/{v1.Id()}\"", viewed);
        Assert.DoesNotContain("action=\"/quotes/new\"", viewed);
    }

    [Fact]
    public async Task QuotePage_EditsADraft_ShowsErrorsOnTheRow_SendsWithConfirmation_AndHidesCostsFromTheRep()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var (_, opportunityId) = await client.NewPursuitAsync();
        var product = await App.NewQuoteProductAsync(700.25m, 1000m, name: "Page valve " + Guid.NewGuid().ToString("N")[..6]);
        var quote = await client.NewQuoteAsync(opportunityId);
        var path = $"/quotes/{quote.Id()}";
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("name=\"Form.Lines[0].ProductId\"", page.Html);
        Assert.Contains("name=\"Form.Values[0].Kind\"", page.Html);
        Assert.Contains($"href=\"/quotes/{quote.Id()}/document\"", page.Html);
        var validUntil = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Dictionary<string, string> Fields(string quantity) => new()
        {
            ["Form.Revision"] = Inv(quote["revision"]!.GetValue<long>()), ["Form.Currency"] = "KRW", ["Form.ValidUntil"] = validUntil, ["Form.Language"] = "ko",
            ["Form.Lines[0].ProductId"] = "", ["Form.Lines[0].Quantity"] = "",
            ["Form.Lines[1].ProductId"] = Inv(product), ["Form.Lines[1].Quantity"] = quantity, ["Form.Lines[1].DiscountPercent"] = "5",
            ["Form.Values[0].Kind"] = "RiskReduction", ["Form.Values[0].Description"] = "A second plant in Korea backs up supply",
        };

        var refused = await browser.PostFormAsync(path + "?handler=save", page.Token, Fields("0"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The quantity must be above zero", refusedHtml);
        Assert.Contains("name=\"Form.Lines[1].Quantity\" type=\"number\" min=\"0\" step=\"any\" value=\"0\" aria-label=\"Quantity 2\" aria-invalid=\"true\"", refusedHtml);
        Assert.Empty((await client.GetJsonAsync(QuotePath(quote.Id())))["lines"]!.AsArray());

        var saved = await browser.PostFormAsync(path + "?handler=save", page.Token, Fields("4"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await client.GetJsonAsync(QuotePath(quote.Id()));
        Assert.Equal(3800m, Amount(after["total"]));
        Assert.Equal("ko", after.Str("language"));
        Assert.Equal("riskReduction", after["valuePropositions"]![0]!.Str("kind"));

        var (_, repView) = await browser.GetAsync(path);
        Assert.DoesNotContain("700.25", repView);
        Assert.DoesNotContain("Margin (managers", repView);
        Assert.DoesNotContain("2,801", repView);
        Assert.Contains("Send to the customer", repView);
        using var boss = await App.SignInAsync(manager);
        var (_, managerView) = await boss.GetAsync(path);
        Assert.Contains("Margin (managers and admins only)", WebUtility.HtmlDecode(managerView));
        Assert.Contains("2,801 KRW", WebUtility.HtmlDecode(managerView));

        var sent = await browser.PostFormAsync(path + "?handler=send", page.Token, new Dictionary<string, string> { ["revision"] = Inv(after["revision"]!.GetValue<long>()) });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("sent", (await client.GetJsonAsync(QuotePath(quote.Id()))).Str("status"));
        var (_, sentView) = await browser.GetAsync(path);
        Assert.DoesNotContain("name=\"Form.Lines[0].ProductId\"", sentView);
        Assert.Contains("Customer accepted", sentView);
        Assert.Contains("A second plant in Korea backs up supply", sentView);
        var again = await browser.PostFormAsync(path + "?handler=send", page.Token, new Dictionary<string, string> { ["revision"] = "0" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (viewerStatus, viewerView) = await viewer.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, viewerStatus);
        Assert.DoesNotContain("700.25", viewerView);
        Assert.DoesNotContain("?handler=answer", viewerView);
        var (otherStatus, _) = await (await App.SignInAsync(await App.CreateUserAsync(Role.Rep))).GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, otherStatus);
        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            var (denied, _) = await (await App.SignInAsync(await App.CreateUserAsync(role))).GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, denied);
        }
    }

    [Fact]
    public async Task ComparePage_ShowsTheChanges_AndTheMarginOnlyToManagers()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var (_, opportunityId) = await client.NewPursuitAsync();
        var p1 = await App.NewQuoteProductAsync(700.25m, 1000m);
        var p2 = await App.NewQuoteProductAsync(300m, 500m);
        var v1 = await client.NewQuoteAsync(opportunityId, [Line(p1, 10)]);
        var v2 = await client.CreateAsync("/api/v1/quotes", new { opportunityId, copyFrom = v1.Id(), lines = new[] { Line(p1, 10, 900m), Line(p2, 1) } });
        var path = $"/quotes/compare?a={v1.Id()}&b={v2.Id()}";

        var (status, html) = await (await App.SignInAsync(rep)).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("Quote v1 and v2 compared", text);
        Assert.Contains("Changed", text);
        Assert.Contains("unit price", text);
        Assert.Contains("Added", text);
        Assert.Contains("-500 KRW", text);
        Assert.DoesNotContain("Margin", text);

        var (_, managers) = await (await App.SignInAsync(manager)).GetAsync(path);
        Assert.Contains("Margin", managers);
        var (_, korean) = await (await App.SignInAsync(rep, "ko")).GetAsync(path);
        Assert.Contains("견적 v1와 v2 비교", WebUtility.HtmlDecode(korean));
    }
}
