using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Quotes.QuoteSetup;

namespace Bridgehead.Tests.Quotes;

public sealed class QuotesApiTests_Sqlite() : QuotesApiTests(Provider.Sqlite);

public sealed class QuotesApiTests_Postgres() : QuotesApiTests(Provider.Postgres);

/// <summary>
/// /quotes on the shared server (no quote policy is set here; the approval tests run on a server
/// of their own): versions, totals and margin, the flow to the customer, expiry, compare, who
/// sees what, and the quoteSent gate criterion.
/// </summary>
public abstract class QuotesApiTests(Provider provider) : AppTests(provider)
{
    private static readonly string[] CostMembers = ["costTotal", "margin", "marginPercent", "marginComplete"];

    /// <summary>A team with a manager and a rep, the rep's pursuit, and two products (cost 700.25 / list 1,000 and cost 3,120.75 / list 5,000 KRW).</summary>
    private async Task<(TestUser Manager, TestUser Rep, long AccountId, long OpportunityId, long P1, long P2)> SetupAsync()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var (accountId, opportunityId) = await client.NewPursuitAsync();
        var p1 = await App.NewQuoteProductAsync(700.25m, 1000m);
        var p2 = await App.NewQuoteProductAsync(3120.75m, 5000m);
        return (manager, rep, accountId, opportunityId, p1, p2);
    }

    private static object[] HandLines(long p1, long p2) => [Line(p1, 12, discountPercent: 7.5m), Line(p2, 3, 4999m), Line(p2, 2.5m, 4321m, 3.3m)];

    private static void AssertNoCosts(string json)
    {
        foreach (var name in new[] { "\"unitCost\"", "\"costTotal\"", "\"margin\"", "\"marginPercent\"", "\"marginComplete\"" })
        {
            Assert.DoesNotContain(name, json, StringComparison.Ordinal);
        }
        // The figures as numbers of their own: a random name such as "Account 21097698" holds "10976" too.
        foreach (var figure in new[] { "700.25", "3120.75", "25567", "10976", "30.04" })
        {
            Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex($@"(?<![\d.]){System.Text.RegularExpressions.Regex.Escape(figure)}(?!\d)"), json);
        }
    }

    [Fact]
    public async Task Totals_AreComputedByTheServer_AndCostAndMarginOnlyForManagers()
    {
        var (manager, rep, _, opportunityId, p1, p2) = await SetupAsync();
        using var client = App.Client(rep);

        var created = await client.PostJsonAsync("/api/v1/quotes", new
        {
            opportunityId,
            currency = "krw",
            validUntil = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)).ToString("yyyy-MM-dd"),
            lines = HandLines(p1, p2),
            valuePropositions = new[] { Value() },
        });
        await created.ExpectAsync(HttpStatusCode.Created);
        var quote = await created.JsonAsync();
        Assert.Equal(Revision(quote), ETag(created));
        Assert.Equal(1, quote["version"]!.GetValue<int>());
        Assert.Equal("draft", quote.Str("status"));
        Assert.Equal("KRW", quote.Str("currency"));
        var lines = quote["lines"]!.AsArray();
        Assert.Equal([1, 2, 3], lines.Select(l => l!["position"]!.GetValue<int>()));
        Assert.Equal(1000m, Amount(lines[0]!["unitPrice"]));
        Assert.Equal([11100m, 14997m, 10446m], lines.Select(l => Amount(l!["lineTotal"])));
        Assert.Equal(37800m, Amount(quote["subtotal"]));
        Assert.Equal(36543m, Amount(quote["total"]));
        Assert.Equal(7.5m, quote["maxDiscountPercent"]!.GetValue<decimal>());
        Assert.Equal("notNeeded", quote["approval"]!.Str("state"));
        Assert.False(quote["approval"]!["required"]!.GetValue<bool>());
        Assert.Equal("costSaving", quote["valuePropositions"]![0]!.Str("kind"));
        Assert.Equal(12000000m, Amount(quote["valuePropositions"]![0]!["value"]));
        Assert.Equal(rep.Id, quote["createdBy"]!["id"]!.GetValue<long>());
        foreach (var member in CostMembers)
        {
            Assert.False(quote.AsObject().ContainsKey(member), member);
        }
        Assert.All(lines, l => Assert.False(l!.AsObject().ContainsKey("unitCost")));
        AssertNoCosts(quote.ToJsonString());

        var asManager = await App.Client(manager).GetJsonAsync(QuotePath(quote.Id()));
        Assert.Equal(25567m, Amount(asManager["costTotal"]));
        Assert.Equal(10976m, Amount(asManager["margin"]));
        Assert.Equal(30.04m, asManager["marginPercent"]!.GetValue<decimal>());
        Assert.True(asManager["marginComplete"]!.GetValue<bool>());
        Assert.Equal([700.25m, 3120.75m, 3120.75m], asManager["lines"]!.AsArray().Select(l => Amount(l!["unitCost"])));
    }

    [Fact]
    public async Task Rep_Viewer_Quality_Product_NeverSeeCosts_InGetListCompareOrHistory()
    {
        var (manager, rep, accountId, opportunityId, p1, p2) = await SetupAsync();
        using var client = App.Client(rep);
        var v1 = await client.NewQuoteAsync(opportunityId, HandLines(p1, p2), [Value()]);
        var v2 = await client.CreateAsync("/api/v1/quotes", new { opportunityId, copyFrom = v1.Id() });
        await (await client.PatchJsonAsync(QuotePath(v2.Id()), new { lines = new[] { Line(p1, 20, 990m) } })).ExpectAsync(HttpStatusCode.OK);

        foreach (var reader in new[] { rep, await App.CreateUserAsync(Role.Viewer) })
        {
            using var c = App.Client(reader);
            foreach (var path in new[]
            {
                QuotePath(v1.Id()), $"/api/v1/quotes?opportunityId={opportunityId}", $"/api/v1/quotes?accountId={accountId}",
                $"/api/v1/quotes/compare?a={v1.Id()}&b={v2.Id()}", QuotePath(v2.Id()) + "/history", QuotePath(v1.Id()) + "/history",
            })
            {
                var response = await c.GetAsync(path);
                await response.ExpectAsync(HttpStatusCode.OK);
                AssertNoCosts(await response.Content.ReadAsStringAsync());
            }
        }
        using var m = App.Client(manager);
        var history = (await m.GetJsonAsync(QuotePath(v1.Id()) + "/history"))["items"]!.AsArray();
        Assert.Contains(history.SelectMany(e => e!["changes"]!.AsArray()), c => c!.Str("field") == "costTotal");
        Assert.NotNull((await m.GetJsonAsync($"/api/v1/quotes/compare?a={v1.Id()}&b={v2.Id()}"))["margin"]);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var c = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync(QuotePath(v1.Id()))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync(QuotePath(v1.Id()) + "/history")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync($"/api/v1/quotes?opportunityId={opportunityId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync($"/api/v1/quotes/compare?a={v1.Id()}&b={v2.Id()}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await c.PostJsonAsync("/api/v1/quotes", new { opportunityId })).StatusCode);
        }
    }

    [Fact]
    public async Task RoleMatrix_OtherRepAndOtherManager404_Viewer403OnWrites_AdminSeesAll()
    {
        var (_, rep, _, opportunityId, p1, _) = await SetupAsync();
        using var client = App.Client(rep);
        var quote = await client.NewQuoteAsync(opportunityId, [Line(p1, 1)], [Value()]);
        var path = QuotePath(quote.Id());

        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep));
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        foreach (var outsider in new[] { otherRep, otherManager })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PatchJsonAsync(path, new { customerNote = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.ActAsync(quote.Id(), "send")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync(path, null)).StatusCode);
            Assert.Empty((await outsider.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}"))["items"]!.AsArray());
            var refused = await outsider.PostJsonAsync("/api/v1/quotes", new { opportunityId });
            Assert.Equal(["opportunityId"], (await refused.ErrorsAsync()).Select(e => e.Key));
        }

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal(quote.Id(), (await viewer.GetJsonAsync(path)).Id());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync("/api/v1/quotes", new { opportunityId })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(path, new { customerNote = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(path, null)).StatusCode);
        foreach (var action in new[] { "submit", "send", "approve", "reject", "answer" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.ActAsync(quote.Id(), action)).StatusCode);
        }

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var asAdmin = await admin.GetJsonAsync(path);
        Assert.Equal(700.25m, Amount(asAdmin["lines"]![0]!["unitCost"]));
        Assert.Contains((await admin.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}"))["items"]!.AsArray(), q => q!.Id() == quote.Id());
    }

    [Fact]
    public async Task InvalidValues_Are422NamingEachField_AndNothingIsSaved()
    {
        var (_, rep, _, opportunityId, p1, _) = await SetupAsync();
        var noPrice = await App.NewQuoteProductAsync(10m, null);
        using var client = App.Client(rep);

        var refused = await client.PostJsonAsync("/api/v1/quotes", new
        {
            opportunityId,
            currency = "KRWX",
            validUntil = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)).ToString("yyyy-MM-dd"),
            language = "de",
            lines = new object[]
            {
                Line(p1, 1, discountPercent: 101m),
                Line(p1, 0),
                Line(999_999_999, 1),
                Line(noPrice, 1),
                new { quantity = 1m },
            },
            valuePropositions = new object[] { new { description = "No kind" }, new { kind = "riskReduction", description = " " } },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(
            new[]
            {
                "currency", "language", "lines[0].discountPercent", "lines[1].quantity", "lines[2].productId", "lines[4].productId",
                "validUntil", "valuePropositions[0].kind", "valuePropositions[1].description",
            },
            (await refused.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));

        var noListPrice = await client.PostJsonAsync("/api/v1/quotes", new { opportunityId, lines = new[] { Line(noPrice, 1) } });
        Assert.Equal(["lines[0].unitPrice"], (await noListPrice.ErrorsAsync()).Select(e => e.Key));
        var otherCurrency = await client.PostJsonAsync("/api/v1/quotes", new { opportunityId, currency = "KRW", lines = new[] { new { productId = p1, quantity = 1m, unitPrice = new { amount = 5m, currency = "USD" } } } });
        Assert.Equal(["lines[0].unitPrice.currency"], (await otherCurrency.ErrorsAsync()).Select(e => e.Key));

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await (await admin.PatchJsonAsync($"/api/v1/products/{p1}", new { isActive = false })).ExpectAsync(HttpStatusCode.OK);
        var retired = await client.PostJsonAsync("/api/v1/quotes", new { opportunityId, lines = new[] { Line(p1, 1) } });
        Assert.Equal(["lines[0].productId"], (await retired.ErrorsAsync()).Select(e => e.Key));

        Assert.Empty((await client.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Patch_ChangesOnlyDrafts_WithIfMatch_AndDeleteKeepsWhatWentOut()
    {
        var (_, rep, _, opportunityId, p1, p2) = await SetupAsync();
        using var client = App.Client(rep);
        var quote = await client.NewQuoteAsync(opportunityId, [Line(p1, 2)]);
        var path = QuotePath(quote.Id());

        var patched = await client.PatchJsonAsync(path, new { lines = new[] { Line(p1, 2), Line(p2, 1, 4500m, 10m) }, customerNote = "Prices ex works." }, Revision(quote));
        await patched.ExpectAsync(HttpStatusCode.OK);
        var after = await patched.JsonAsync();
        Assert.Equal(2000m + 4050m, Amount(after["total"]));
        Assert.Equal("Prices ex works.", after.Str("customerNote"));
        Assert.Equal(after["lines"]![0]!.Id(), quote["lines"]![0]!.Id());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync(path, new { customerNote = "stale" }, Revision(quote))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync(path, Revision(quote))).StatusCode);
        var moved = await client.PatchJsonAsync(path, new { opportunityId = (await client.NewPursuitAsync()).OpportunityId });
        Assert.Equal(["opportunityId"], (await moved.ErrorsAsync()).Select(e => e.Key));

        var history = (await client.GetJsonAsync(path + "/history"))["items"]!.AsArray();
        Assert.Contains(history.SelectMany(e => e!["changes"]!.AsArray()), c => c!.Str("field") == "lines" && c!["new"]?.GetValue<string>().Contains("x 1 @ 4500 -10", StringComparison.Ordinal) == true);

        await (await client.ActAsync(quote.Id(), "send")).ExpectAsync(HttpStatusCode.OK);
        var locked = await client.PatchJsonAsync(path, new { customerNote = "Too late" });
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Contains("Only a draft can change", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync(path, null)).StatusCode);

        var draft = await client.NewQuoteAsync(opportunityId);
        Assert.Equal(2, draft["version"]!.GetValue<int>());
        (await client.DeleteAsync(QuotePath(draft.Id()), Revision(draft))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(QuotePath(draft.Id()))).StatusCode);
    }

    [Fact]
    public async Task Send_NeedsLines_SupersedesTheLastSent_AndTheCustomerAnswers()
    {
        var (_, rep, _, opportunityId, p1, p2) = await SetupAsync();
        using var client = App.Client(rep);
        var v1 = await client.NewQuoteAsync(opportunityId, values: [Value()]);

        var empty = await client.ActAsync(v1.Id(), "send");
        Assert.Equal(HttpStatusCode.Conflict, empty.StatusCode);
        Assert.Contains("The quote has no lines.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await (await client.PatchJsonAsync(QuotePath(v1.Id()), new { lines = new[] { Line(p1, 5) } })).ExpectAsync(HttpStatusCode.OK);
        var sent = await client.ActAsync(v1.Id(), "send");
        await sent.ExpectAsync(HttpStatusCode.OK);
        var sentQuote = await sent.JsonAsync();
        Assert.Equal("sent", sentQuote.Str("status"));
        Assert.NotNull(sentQuote["sentAt"]);
        Assert.Equal(Revision(sentQuote), ETag(sent));
        Assert.Equal(HttpStatusCode.Conflict, (await client.ActAsync(v1.Id(), "send")).StatusCode);

        var v2 = await client.CreateAsync("/api/v1/quotes", new { opportunityId, copyFrom = v1.Id(), lines = new[] { Line(p1, 5, 950m), Line(p2, 1) } });
        Assert.Equal(2, v2["version"]!.GetValue<int>());
        Assert.Single(v2["valuePropositions"]!.AsArray());
        await (await client.ActAsync(v2.Id(), "send")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("superseded", (await client.GetJsonAsync(QuotePath(v1.Id()))).Str("status"));
        var superseded = (await client.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}&status=superseded"))["items"]!.AsArray();
        Assert.Equal([v1.Id()], superseded.Select(q => q!.Id()));

        Assert.Equal(HttpStatusCode.Conflict, (await client.ActAsync(v1.Id(), "answer", new { outcome = "accepted" })).StatusCode);
        var missing = await client.ActAsync(v2.Id(), "answer", new { });
        Assert.Equal(["outcome"], (await missing.ErrorsAsync()).Select(e => e.Key));
        var accepted = await (await client.ActAsync(v2.Id(), "answer", new { outcome = "accepted" })).JsonAsync();
        Assert.Equal("accepted", accepted.Str("status"));
        Assert.NotNull(accepted["answeredAt"]);
        Assert.Equal(HttpStatusCode.Conflict, (await client.ActAsync(v2.Id(), "answer", new { outcome = "rejected" })).StatusCode);

        var history = (await client.GetJsonAsync(QuotePath(v2.Id()) + "/history"))["items"]!.AsArray();
        Assert.Contains(history.SelectMany(e => e!["changes"]!.AsArray()), c => c!.Str("field") == "status" && c!["new"]?.GetValue<string>() == "accepted");
    }

    [Fact]
    public async Task SentQuote_PastItsValidity_ReadsAsExpired_InOneAndInListFilters()
    {
        var (_, rep, _, opportunityId, p1, _) = await SetupAsync();
        using var client = App.Client(rep);
        var quote = await client.NewQuoteAsync(opportunityId, [Line(p1, 1)], [Value()]);
        await (await client.ActAsync(quote.Id(), "send")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([quote.Id()], (await client.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}&status=sent"))["items"]!.AsArray().Select(q => q!.Id()));

        // Time passes: the validity ended yesterday (the server's clock is the system clock).
        await using (var db = App.OpenDb())
        {
            var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1));
            await db.Quotes.Where(q => q.Id == quote.Id()).ExecuteUpdateAsync(s => s.SetProperty(q => q.ValidUntil, yesterday));
        }

        Assert.Equal("expired", (await client.GetJsonAsync(QuotePath(quote.Id()))).Str("status"));
        Assert.Equal([quote.Id()], (await client.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}&status=expired"))["items"]!.AsArray().Select(q => q!.Id()));
        Assert.Empty((await client.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}&status=sent"))["items"]!.AsArray());
        Assert.Equal("expired", (await client.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}"))["items"]![0]!.Str("status"));
        var late = await client.ActAsync(quote.Id(), "answer", new { outcome = "accepted" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("Expired", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/quotes?status=gone")).StatusCode);
    }

    [Fact]
    public async Task Compare_ShowsAddedRemovedAndChangedLines_AndTheDifference()
    {
        var (manager, rep, _, opportunityId, p1, p2) = await SetupAsync();
        var p3 = await App.NewQuoteProductAsync(100m, 200m);
        using var client = App.Client(rep);
        var v1 = await client.NewQuoteAsync(opportunityId, [Line(p1, 10), Line(p2, 2)]);
        var v2 = await client.CreateAsync("/api/v1/quotes", new { opportunityId, copyFrom = v1.Id(), lines = new[] { Line(p1, 12, 1000m, 5m), Line(p3, 4) } });

        var comparison = await client.GetJsonAsync($"/api/v1/quotes/compare?a={v1.Id()}&b={v2.Id()}");
        Assert.Equal(1, comparison["a"]!["version"]!.GetValue<int>());
        Assert.Equal(2, comparison["b"]!["version"]!.GetValue<int>());
        var lines = comparison["lines"]!.AsArray();
        Assert.Equal(["changed", "removed", "added"], lines.Select(l => l!.Str("change")));
        Assert.Equal(["quantity", "discountPercent"], lines[0]!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(p2, lines[1]!["productId"]!.GetValue<long>());
        Assert.Null(lines[1]!["b"]);
        Assert.Equal(800m, Amount(lines[2]!["b"]!["lineTotal"]));
        Assert.Equal(20000m, Amount(comparison["total"]!["a"]));
        Assert.Equal(11400m + 800m, Amount(comparison["total"]!["b"]));
        Assert.Equal(12200m - 20000m, Amount(comparison["total"]!["difference"]));
        Assert.False(comparison.AsObject().ContainsKey("margin"));

        var managers = await App.Client(manager).GetJsonAsync($"/api/v1/quotes/compare?a={v1.Id()}&b={v2.Id()}");
        // a: 20,000 - (10 x 700.25 + 2 x 3,120.75 = 13,244) = 6,756; b: 12,200 - (12 x 700.25 + 4 x 100 = 8,803) = 3,397
        Assert.Equal(6756m, Amount(managers["margin"]!["a"]));
        Assert.Equal(3397m, Amount(managers["margin"]!["b"]));

        var other = await client.NewQuoteAsync((await client.NewPursuitAsync()).OpportunityId);
        var refused = await client.GetAsync($"/api/v1/quotes/compare?a={v1.Id()}&b={other.Id()}");
        Assert.Equal(["b"], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(await App.CreateUserAsync(Role.Rep)).GetAsync($"/api/v1/quotes/compare?a={v1.Id()}&b={v2.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Gate_QuoteSent_NeedsASentVersionWithAValueProposition_AndSaysWhatIsMissing()
    {
        var (manager, rep, _, opportunityId, p1, _) = await SetupAsync();
        using var client = App.Client(rep);
        await (await App.Client(manager).AdvanceAsync(opportunityId, new { toStage = "quote", @override = new { reason = "Straight to the quote" } }))
            .ExpectAsync(HttpStatusCode.OK);

        async Task<JsonNode> CriterionAsync() =>
            (await client.GateAsync(opportunityId))["criteria"]!.AsArray().Single(c => c!.Str("key") == "quoteSent")!;

        Assert.Equal("No quote yet.", (await CriterionAsync()).Str("why"));
        var plain = await client.NewQuoteAsync(opportunityId, [Line(p1, 1)]);
        Assert.Equal("No version has gone to the customer yet.", (await CriterionAsync()).Str("why"));
        await (await client.ActAsync(plain.Id(), "send")).ExpectAsync(HttpStatusCode.OK);
        var noValue = await CriterionAsync();
        Assert.False(noValue["met"]!.GetValue<bool>());
        Assert.StartsWith("The quote sent has no value proposition", noValue.Str("why"), StringComparison.Ordinal);

        var withValue = await client.CreateAsync("/api/v1/quotes", new { opportunityId, copyFrom = plain.Id(), valuePropositions = new[] { Value("marketInsight", null) } });
        await (await client.ActAsync(withValue.Id(), "send")).ExpectAsync(HttpStatusCode.OK);
        var met = await CriterionAsync();
        Assert.True(met["met"]!.GetValue<bool>());
        Assert.Equal("Version 2 went to the customer with a value proposition.", met.Str("why"));

        using var korean = App.Client(rep, "ko");
        var ko = (await korean.GateAsync(opportunityId))["criteria"]!.AsArray().Single(c => c!.Str("key") == "quoteSent")!;
        Assert.Equal("가치 제안을 담은 견적 발송", ko.Str("name"));
    }

    [Fact]
    public async Task SameIdempotencyKey_MakesOneVersion()
    {
        var (_, rep, _, opportunityId, p1, _) = await SetupAsync();
        using var client = App.Client(rep);
        var body = new { opportunityId, lines = new[] { Line(p1, 1) } };
        var key = Guid.NewGuid().ToString("N");
        var first = await (await client.PostJsonAsync("/api/v1/quotes", body, key)).JsonAsync();
        var second = await (await client.PostJsonAsync("/api/v1/quotes", body, key)).JsonAsync();
        Assert.Equal(first.Id(), second.Id());
        Assert.Single((await client.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}"))["items"]!.AsArray());
    }
}
