using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Negotiation;

public sealed class NegotiationPagesTests_Sqlite() : NegotiationPagesTests(Provider.Sqlite);

public sealed class NegotiationPagesTests_Postgres() : NegotiationPagesTests(Provider.Postgres);

/// <summary>The negotiation section of the opportunity page, its edit page and the manager's home panel, driven like a browser.</summary>
public abstract class NegotiationPagesTests(Provider provider) : AppTests(provider)
{
    private static string Page(Deal d) => $"/opportunities/{d.OpportunityId}";

    private static string Edit(Deal d) => $"/opportunities/{d.OpportunityId}/negotiation";

    /// <summary>The form's fields as shown, with these set (a field is replaced, not repeated).</summary>
    private static Dictionary<string, string> With(HtmlForm form, params (string Key, string Value)[] changes)
    {
        foreach (var (key, value) in changes)
        {
            form.Set(key, value);
        }
        return form.Fields.ToDictionary(f => f.Key, f => f.Value);
    }

    private static string S(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A deal with price (agreed within) and payment (agreed beyond walk-away), two rounds and a concession for nothing.</summary>
    private static async Task<(Deal Deal, long Price, long Payment, long PendingOffer)> SeedAsync(Deal d)
    {
        var price = await d.PriceTermAsync();
        var payment = await d.PaymentTermAsync();
        await d.OfferAsync(price.Id(), "ours", 1200m);
        await d.OfferAsync(price.Id(), "theirs", 1000m);
        var pending = await d.OfferAsync(price.Id(), "ours", 980m);
        await (await d.Api.PatchJsonAsync(d.TermPath(price.Id()), new { agreed = 1100m })).ExpectAsync(HttpStatusCode.OK);
        await (await d.Api.PatchJsonAsync(d.TermPath(payment.Id()), new { agreed = 75m })).ExpectAsync(HttpStatusCode.OK);
        await d.Api.CreateAsync(d.Path + "/concessions", new { gave = "Free tooling change", termId = price.Id() });
        return (d, price.Id(), payment.Id(), pending.Id());
    }

    [Fact]
    public async Task TheOpportunityPage_ShowsTermsPositionsLedgerAndSummary_InEnglish()
    {
        var (d, price, _, _) = await SeedAsync(await Deal.NewAsync(App));
        using var browser = await App.SignInAsync(d.Owner);

        var (status, html) = await browser.GetAsync(Page(d));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"negotiation\"", html);
        Assert.Contains(">Negotiation</h2>", html);
        Assert.Contains($"href=\"{Edit(d)}\"", html);
        Assert.Contains("<table class=\"ng-terms\"", html);
        Assert.Contains($"id=\"ng-term-{price}\"", html);
        Assert.Contains("<svg class=\"ng-bar\"", html);
        Assert.Contains("walk-away 1,000 KRW/pcs, opening 1,200 KRW/pcs, our last offer 1,200 KRW/pcs, their last offer 1,000 KRW/pcs, agreed 1,100 KRW/pcs", html);
        Assert.Contains("within walk-away", html);
        Assert.Contains("beyond walk-away, exception waiting for approval", html);
        Assert.Contains("Needs attention", html);
        Assert.Contains("Nothing received for the concession", html);
        Assert.Contains("waits for a manager&#x27;s approval", html.Replace("'", "&#x27;", StringComparison.Ordinal));
        Assert.Contains("class=\"ng-unreturned\"", html);
        Assert.Contains("Concession ledger", html);
        Assert.Contains("Rounds (2)", html);
        Assert.Contains("Agreed terms for the contract", html);
        Assert.Contains("- Price: 1,100 KRW/pcs (within walk-away)", html);
        Assert.Contains("data-copy=", html);
        Assert.Contains("/js/negotiation.js", html);
        // The rep who owns the deal is not asked to decide.
        Assert.DoesNotContain("Waiting for your approval", html);
        Assert.DoesNotContain("style=", html);
    }

    [Fact]
    public async Task TheOpportunityPage_ShowsTheNegotiation_InKorean()
    {
        var (d, _, _, _) = await SeedAsync(await Deal.NewAsync(App));
        using var browser = await App.SignInAsync(d.Owner, "ko");

        var (_, html) = await browser.GetAsync(Page(d));

        Assert.Contains(">협상</h2>", html);
        Assert.Contains("마지노선", html);
        Assert.Contains("양보 장부", html);
        Assert.Contains("받은 것 없음", html);
        Assert.Contains("계약용 합의 조건", html);
        Assert.Contains("- 가격: 1,100 KRW/pcs (마지노선 이내)", html);
    }

    [Fact]
    public async Task TheTeamsManager_DecidesOnThePage_AndSeesWhatWaitsOnTheHomePage()
    {
        var team = TestApp.NewTeam();
        var (d, _, payment, pending) = await SeedAsync(await Deal.NewAsync(App, await App.CreateUserAsync(Role.Rep, team)));
        var managerUser = await App.CreateUserAsync(Role.Manager, team);
        using var manager = await App.SignInAsync(managerUser);

        var home = await manager.GetFormAsync("/");
        Assert.Contains("Negotiation approvals", home.Html);
        Assert.Contains("Our offer on Price: 980 KRW/pcs in round 2, beyond the walk-away of 1,000 KRW/pcs", home.Html);
        Assert.Contains("Payment terms agreed at 75 days, beyond the walk-away of 60 days", home.Html);
        Assert.Contains($"href=\"{Page(d)}#negotiation\"", home.Html);

        var page = await manager.GetFormAsync(Page(d));
        Assert.Contains("Waiting for your approval", page.Html);
        var offerForm = HtmlForm.Parse(page.Html, $"id=\"ng-decide-offer-{pending}\"");
        Assert.Contains(offerForm.Fields, f => f.Key == "Decision.Version");

        // Rejecting without a reason is refused, naming the comment; nothing changes.
        var refused = await manager.PostFormAsync($"{Edit(d)}?handler=decide", page.Token,
            With(offerForm, ("Decision.Approve", "false")));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Say why it is rejected.", await refused.Content.ReadAsStringAsync());
        Assert.Equal("pending", (await d.Api.GetJsonAsync(d.OfferPath(pending)))["approval"]!.Str("state"));

        var approved = await manager.PostFormAsync($"{Edit(d)}?handler=decide", page.Token,
            With(offerForm, ("Decision.Approve", "true"), ("Decision.Comment", "Go")));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal($"{Page(d)}#negotiation", approved.Headers.Location?.ToString());
        Assert.Equal("approved", (await d.Api.GetJsonAsync(d.OfferPath(pending)))["approval"]!.Str("state"));

        var exceptionForm = HtmlForm.Parse(page.Html, $"id=\"ng-decide-term-{payment}\"");
        var rejected = await manager.PostFormAsync($"{Edit(d)}?handler=decide", page.Token,
            With(exceptionForm, ("Decision.Approve", "false"), ("Decision.Comment", "Too long for a new customer.")));
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Equal("rejected", (await d.Api.GetJsonAsync(d.TermPath(payment)))["exception"]!.Str("state"));
        Assert.Contains("Nothing waits for your approval.", (await manager.GetAsync("/")).Html);

        // The rep who owns the deal may not decide, even by posting the form.
        using var rep = await App.SignInAsync(d.Owner);
        var repHome = await rep.GetFormAsync("/");
        Assert.DoesNotContain("Negotiation approvals", repHome.Html);
        var repPage = await rep.GetFormAsync(Edit(d));
        var forbidden = await rep.PostFormAsync($"{Edit(d)}?handler=decide", repPage.Token, new Dictionary<string, string>
        {
            ["Decision.Kind"] = "exception", ["Decision.RecordId"] = S(payment), ["Decision.Approve"] = "true",
        });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        // Another team's manager sees neither the page nor the item on the home page.
        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(Edit(d))).Status);
        Assert.DoesNotContain(d.OpportunityId.ToString(CultureInfo.InvariantCulture) + "#negotiation", (await stranger.GetAsync("/")).Html);
    }

    [Fact]
    public async Task TheEditPage_AddsTerms_RecordsARound_AndKeepsTheLedger()
    {
        var d = await Deal.NewAsync(App);
        using var browser = await App.SignInAsync(d.Owner);
        var page = await browser.GetFormAsync(Edit(d));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Add a term", page.Html);

        // Walk-away missing and the target above the opening: refused, naming both fields; nothing saved.
        var refused = await browser.PostFormAsync($"{Edit(d)}?handler=term", page.Token, new Dictionary<string, string>
        {
            ["Term.Kind"] = "Price", ["Term.Opening"] = "1000", ["Term.Target"] = "1100",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#Term_WalkAway\"", refusedHtml);
        Assert.Contains("href=\"#Term_Target\"", refusedHtml);
        Assert.Empty((await d.GetAsync())["terms"]!.AsArray());

        var added = await browser.PostFormAsync($"{Edit(d)}?handler=term", page.Token, new Dictionary<string, string>
        {
            ["Term.Kind"] = "Price", ["Term.Unit"] = "KRW/pcs", ["Term.Opening"] = "1200", ["Term.Target"] = "1100", ["Term.WalkAway"] = "1000",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var term = (await d.GetAsync())["terms"]![0]!;
        Assert.True(term["higherIsBetter"]!.GetValue<bool>());

        // Edit the term through its form: agreed beyond walk-away.
        var edit = await browser.GetFormAsync($"{Edit(d)}?term={term.Id()}");
        var termForm = HtmlForm.Parse(edit.Html, "id=\"ng-term-form\"").Set("Term.Agreed", "950");
        var saved = await browser.PostFormAsync($"{Edit(d)}?handler=term", edit.Token, With(termForm, ("Term.Kind", "Price")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("pending", (await d.Api.GetJsonAsync(d.TermPath(term.Id())))["exception"]!.Str("state"));
        // The same stale form again is refused: someone (we) saved first.
        var stale = await browser.PostFormAsync($"{Edit(d)}?handler=term", edit.Token, With(termForm, ("Term.Kind", "Price")));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);

        // A round: both sides on the one term, in round 1.
        page = await browser.GetFormAsync(Edit(d));
        var roundForm = HtmlForm.Parse(page.Html, "id=\"ng-round-form\"");
        Assert.Contains(roundForm.Fields, f => f.Key == "Round.Number" && f.Value == "1");
        var round = await browser.PostFormAsync($"{Edit(d)}?handler=round", page.Token, With(roundForm, ("Round.Rows[0].Ours", "1200"), ("Round.Rows[0].Theirs", "990"), ("Round.Rows[0].Note", "First meeting")));
        Assert.Equal(HttpStatusCode.Redirect, round.StatusCode);
        var negotiation = await d.GetAsync();
        var offers = negotiation["rounds"]!.AsArray().Single()!["offers"]!.AsArray();
        Assert.Equal(["ours", "theirs"], offers.Select(o => o.Str("side")));
        Assert.All(offers, o => Assert.Equal("First meeting", o.Str("note")));

        // A round with nothing in it is refused; a negative offer names its cell.
        page = await browser.GetFormAsync(Edit(d));
        roundForm = HtmlForm.Parse(page.Html, "id=\"ng-round-form\"");
        Assert.Contains(roundForm.Fields, f => f.Key == "Round.Number" && f.Value == "2");
        var empty = await browser.PostFormAsync($"{Edit(d)}?handler=round", page.Token, roundForm.Fields.ToDictionary(f => f.Key, f => f.Value));
        Assert.Contains("Enter at least one offer", await empty.Content.ReadAsStringAsync());
        var negative = await browser.PostFormAsync($"{Edit(d)}?handler=round", page.Token, With(roundForm, ("Round.Rows[0].Theirs", "-3")));
        Assert.Contains("href=\"#Round_Rows_0__Theirs\"", await negative.Content.ReadAsStringAsync());
        Assert.Single((await d.GetAsync())["rounds"]!.AsArray());

        // A concession for nothing, then what we got for it.
        var concession = await browser.PostFormAsync($"{Edit(d)}?handler=concession", page.Token, new Dictionary<string, string>
        {
            ["Concession.Gave"] = "Free samples", ["Concession.GaveAmount"] = "300000", ["Concession.GaveCurrency"] = "krw", ["Concession.TermId"] = S(term.Id()),
        });
        Assert.Equal(HttpStatusCode.Redirect, concession.StatusCode);
        var entry = (await d.GetAsync())["concessions"]![0]!;
        Assert.Equal("KRW", entry["gaveValue"]!.Str("currency"));
        Assert.NotNull(entry["warning"]);
        var (_, ledger) = await browser.GetAsync(Edit(d));
        Assert.Contains("Nothing received", ledger);
        var editConcession = await browser.GetFormAsync($"{Edit(d)}?concession={entry.Id()}");
        var concessionForm = HtmlForm.Parse(editConcession.Html, "id=\"ng-concession-form\"").Set("Concession.Gave", "Free samples").Set("Concession.Got", "A reference visit");
        var got = await browser.PostFormAsync($"{Edit(d)}?handler=concession", editConcession.Token, concessionForm.Fields.ToDictionary(f => f.Key, f => f.Value));
        Assert.Equal(HttpStatusCode.Redirect, got.StatusCode);
        Assert.Null((await d.GetAsync())["concessions"]![0]!["warning"]);

        // Removing an offer through its button.
        var offer = offers[1]!;
        page = await browser.GetFormAsync(Edit(d));
        var removed = await browser.PostFormAsync($"{Edit(d)}?handler=deleteOffer", page.Token, new Dictionary<string, string>
        {
            ["recordId"] = S(offer.Id()), ["version"] = offer["version"]!.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Single((await d.GetAsync())["rounds"]![0]!["offers"]!.AsArray());
    }

    [Fact]
    public async Task TheViewer_SeesTheNegotiation_WithoutEditing_AndAnotherRepSeesNothing()
    {
        var (d, _, _, _) = await SeedAsync(await Deal.NewAsync(App));

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (status, html) = await viewer.GetAsync(Page(d));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<table class=\"ng-terms\"", html);
        Assert.DoesNotContain($"href=\"{Edit(d)}\"", html);
        Assert.DoesNotContain("Waiting for your approval", html);
        Assert.NotEqual(HttpStatusCode.OK, (await viewer.GetAsync(Edit(d))).Status);

        using var other = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var (otherStatus, otherHtml) = await other.GetAsync(Edit(d));
        Assert.Equal(HttpStatusCode.NotFound, otherStatus);
        Assert.DoesNotContain("Free tooling change", otherHtml);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var outsider = await App.SignInAsync(await App.CreateUserAsync(role));
            var (s, h) = await outsider.GetAsync(Edit(d));
            Assert.NotEqual(HttpStatusCode.OK, s);
            Assert.DoesNotContain("Free tooling change", h);
        }
    }

    [Fact]
    public async Task AClosedPursuit_ShowsItsNegotiation_ReadOnly()
    {
        var (d, _, _, _) = await SeedAsync(await Deal.NewAsync(App));
        await App.PutInStageAsync(d.OpportunityId, "negotiation", Bridgehead.Pursuits.OpportunityStatus.Lost);
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));

        var (_, html) = await browser.GetAsync(Page(d));

        Assert.Contains("kept as the record of the deal", html);
        Assert.DoesNotContain($"href=\"{Edit(d)}\"", html);
        Assert.DoesNotContain("Waiting for your approval", html);
    }
}
