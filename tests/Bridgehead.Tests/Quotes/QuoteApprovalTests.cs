using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Quotes.QuoteSetup;

namespace Bridgehead.Tests.Quotes;

public sealed class QuoteApprovalTests_Sqlite() : QuoteApprovalTests(Provider.Sqlite);

public sealed class QuoteApprovalTests_Postgres() : QuoteApprovalTests(Provider.Postgres);

/// <summary>
/// The quote policy, manager approval and exchange rates. The policy and the rates are global, so
/// each test runs on a server of its own: the shared server's quotes never need approval.
/// </summary>
public abstract class QuoteApprovalTests(Provider provider) : IAsyncLifetime
{
    private TestApp? _app;
    private string? _skip;

    protected TestApp App
    {
        get
        {
            if (_skip is not null)
            {
                Assert.Skip(_skip);
            }
            return _app!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            _skip = reason;
            return;
        }
        _app = await TestApp.StartAsync(provider);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static async Task<JsonNode> SetPolicyAsync(HttpClient admin, decimal? minMargin, decimal? maxDiscount)
    {
        var current = await admin.GetAsync("/api/v1/quote-policy");
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/quote-policy")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { minMarginPercent = minMargin, maxDiscountPercent = maxDiscount }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        var response = await admin.SendAsync(request);
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Policy_SalesRolesRead_OnlyAdminsSet_WithIfMatch()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var empty = await rep.GetAsync("/api/v1/quote-policy");
        await empty.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"0\"", ETag(empty));
        var none = await empty.JsonAsync();
        Assert.Null(none["minMarginPercent"]);
        Assert.Null(none["maxDiscountPercent"]);

        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PutAsync("/api/v1/quote-policy", System.Net.Http.Json.JsonContent.Create(new { minMarginPercent = 5m }))).StatusCode);
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/api/v1/quote-policy")).StatusCode);

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var bad = await admin.PutAsync("/api/v1/quote-policy", System.Net.Http.Json.JsonContent.Create(new { minMarginPercent = 101m, maxDiscountPercent = -1m }));
        Assert.Equal(["maxDiscountPercent", "minMarginPercent"], (await bad.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));
        var set = await SetPolicyAsync(admin, 20m, 10m);
        Assert.Equal(20m, set["minMarginPercent"]!.GetValue<decimal>());
        Assert.Equal(1, set["version"]!.GetValue<long>());

        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/quote-policy") { Content = System.Net.Http.Json.JsonContent.Create(new { minMarginPercent = 1m }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale)).StatusCode);
        Assert.Equal(10m, (await rep.GetJsonAsync("/api/v1/quote-policy"))["maxDiscountPercent"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task ARejectedQuote_ResubmittedAfterTheLimitsMoved_NeedsNoApproval_AndCarriesNoOldDecision()
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await SetPolicyAsync(admin, 20m, null);
        var team = TestApp.NewTeam();
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, team));
        var (_, opportunityId) = await rep.NewPursuitAsync();
        var product = await App.NewQuoteProductAsync(800m, 1000m);
        var thin = await rep.NewQuoteAsync(opportunityId, [Line(product, 5, 900m)]);
        await (await rep.ActAsync(thin.Id(), "submit")).ExpectAsync(HttpStatusCode.OK);
        await (await manager.ActAsync(thin.Id(), "reject", new { comment = "Too thin." })).ExpectAsync(HttpStatusCode.OK);

        await SetPolicyAsync(admin, 10m, null);
        var resubmitted = await (await rep.ActAsync(thin.Id(), "submit")).JsonAsync();

        Assert.Equal("notNeeded", resubmitted["approval"]!.Str("state"));
        Assert.Null(resubmitted["approval"]!["comment"]);
        Assert.Null(resubmitted["approval"]!["decidedBy"]);
        await (await rep.ActAsync(thin.Id(), "send")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Approval_IsNeededBelowTheMarginFloorOrAboveTheDiscountLimit_NotAtThem_AndBlocksSending()
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await SetPolicyAsync(admin, 20m, 10m);
        var team = TestApp.NewTeam();
        var managerUser = await App.CreateUserAsync(Role.Manager, team);
        using var manager = App.Client(managerUser);
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, team));
        var (_, opportunityId) = await rep.NewPursuitAsync();
        var product = await App.NewQuoteProductAsync(800m, 1000m);

        // At the limits: a margin of exactly 20%, a discount of exactly 10% (on a line with margin to spare).
        var atFloor = await rep.NewQuoteAsync(opportunityId, [Line(product, 10)]);
        Assert.False(atFloor["approval"]!["required"]!.GetValue<bool>());
        Assert.Equal(20m, (await manager.GetJsonAsync(QuotePath(atFloor.Id())))["marginPercent"]!.GetValue<decimal>());
        await (await rep.ActAsync(atFloor.Id(), "send")).ExpectAsync(HttpStatusCode.OK);
        var atCeiling = await rep.NewQuoteAsync(opportunityId, [Line(product, 1, 2000m, 10m)]);
        Assert.False(atCeiling["approval"]!["required"]!.GetValue<bool>());
        var withinLimits = await (await rep.ActAsync(atCeiling.Id(), "submit")).JsonAsync();
        Assert.Equal("notNeeded", withinLimits["approval"]!.Str("state"));

        // Discount above the limit: the rep reads the numbers (discounts are no secret).
        var discounted = await rep.NewQuoteAsync(opportunityId, [Line(product, 1, 2000m, 12m)]);
        Assert.True(discounted["approval"]!["required"]!.GetValue<bool>());
        Assert.Equal("A line discount of 12% is above the limit of 10%.", discounted["approval"]!.Str("reason"));
        var unsubmitted = await rep.ActAsync(discounted.Id(), "send");
        Assert.Equal(HttpStatusCode.Conflict, unsubmitted.StatusCode);
        Assert.Contains("submit it first", await unsubmitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Margin below the floor: 900 against a cost of 800 is 11.11%.
        var thin = await rep.NewQuoteAsync(opportunityId, [Line(product, 5, 900m)]);
        Assert.True(thin["approval"]!["required"]!.GetValue<bool>());
        Assert.Equal("The margin is below the company's margin floor.", thin["approval"]!.Str("reason"));
        Assert.DoesNotContain("11.11", thin.ToJsonString(), StringComparison.Ordinal);
        var managersView = await manager.GetJsonAsync(QuotePath(thin.Id()));
        Assert.Equal("Margin 11.11% is below the floor of 20%.", managersView["approval"]!.Str("reason"));

        var submitted = await (await rep.ActAsync(thin.Id(), "submit")).JsonAsync();
        Assert.Equal("pending", submitted["approval"]!.Str("state"));
        var pending = await rep.ActAsync(thin.Id(), "send");
        Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        Assert.Contains("waiting for a manager's approval", await pending.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.ActAsync(thin.Id(), "approve", new { comment = "Self-service" })).StatusCode);
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.ActAsync(thin.Id(), "approve", new { })).StatusCode);
        var waiting = (await manager.GetJsonAsync("/api/v1/quotes?approval=pending"))["items"]!.AsArray();
        Assert.Equal([thin.Id()], waiting.Select(q => q!.Id()));
        Assert.Empty((await otherManager.GetJsonAsync("/api/v1/quotes?approval=pending"))["items"]!.AsArray());

        var noComment = await manager.ActAsync(thin.Id(), "reject", new { comment = " " });
        Assert.Equal(["comment"], (await noComment.ErrorsAsync()).Select(e => e.Key));
        var rejected = await (await manager.ActAsync(thin.Id(), "reject", new { comment = "Too thin for a first order." })).JsonAsync();
        Assert.Equal("rejected", rejected["approval"]!.Str("state"));
        Assert.Equal("Too thin for a first order.", rejected["approval"]!.Str("comment"));
        Assert.Equal(managerUser.Id, rejected["approval"]!["decidedBy"]!["id"]!.GetValue<long>());
        var refused = await rep.ActAsync(thin.Id(), "send");
        Assert.Contains("rejected the quote", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Resubmitted and approved, it goes out; approving twice is a conflict.
        await (await rep.ActAsync(thin.Id(), "submit")).ExpectAsync(HttpStatusCode.OK);
        var approved = await (await manager.ActAsync(thin.Id(), "approve", new { comment = "For the reference." })).JsonAsync();
        Assert.Equal("approved", approved["approval"]!.Str("state"));
        Assert.Equal(HttpStatusCode.Conflict, (await manager.ActAsync(thin.Id(), "approve", new { })).StatusCode);

        // A price change after approval takes it back; the changed quote must be submitted again.
        var changed = await (await rep.PatchJsonAsync(QuotePath(thin.Id()), new { lines = new[] { Line(product, 5, 850m) } })).JsonAsync();
        Assert.Equal("notNeeded", changed["approval"]!.Str("state"));
        Assert.True(changed["approval"]!["required"]!.GetValue<bool>());
        Assert.Null(changed["approval"]!["comment"]);
        Assert.Equal(HttpStatusCode.Conflict, (await rep.ActAsync(thin.Id(), "send")).StatusCode);
        // A note is no price change: the approval given again stays.
        await (await rep.ActAsync(thin.Id(), "submit")).ExpectAsync(HttpStatusCode.OK);
        await (await admin.ActAsync(thin.Id(), "approve", new { })).ExpectAsync(HttpStatusCode.OK);
        var noted = await (await rep.PatchJsonAsync(QuotePath(thin.Id()), new { internalNote = "Agreed with the manager." })).JsonAsync();
        Assert.Equal("approved", noted["approval"]!.Str("state"));
        await (await rep.ActAsync(thin.Id(), "send")).ExpectAsync(HttpStatusCode.OK);

        // The rep's history of the quote shows the approval and its comments, not the margin.
        var history = await rep.GetAsync(QuotePath(thin.Id()) + "/history");
        var text = await history.Content.ReadAsStringAsync();
        Assert.Contains("Too thin for a first order.", text, StringComparison.Ordinal);
        Assert.Contains("marginBelowFloor", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"marginPercent\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("11.11", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prices_AndCosts_AreConvertedWithTheRates_AMissingRateNamesTheLine_AndAMissingCostLeavesTheMarginIncomplete()
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await (await admin.PutAsync("/api/v1/exchange-rates/USD", System.Net.Http.Json.JsonContent.Create(new { rate = 1400m }))).ExpectAsync(HttpStatusCode.Created);
        var team = TestApp.NewTeam();
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, team));
        var (_, opportunityId) = await rep.NewPursuitAsync();
        var dollars = await App.NewQuoteProductAsync(10.5m, 15.25m, "USD");
        var noCost = await App.NewQuoteProductAsync(null, 1000m);

        var quote = await rep.NewQuoteAsync(opportunityId, [Line(dollars, 3)]);
        Assert.Equal(21350m, Amount(quote["lines"]![0]!["unitPrice"]));
        Assert.Equal(64050m, Amount(quote["total"]));
        var managers = await manager.GetJsonAsync(QuotePath(quote.Id()));
        Assert.Equal(14700m, Amount(managers["lines"]![0]!["unitCost"]));
        Assert.Equal(44100m, Amount(managers["costTotal"]));

        var inEuro = await rep.PostJsonAsync("/api/v1/quotes", new { opportunityId, currency = "EUR", lines = new[] { Line(noCost, 1, 5m), Line(dollars, 1) } });
        Assert.Equal(["lines[1].productId"], (await inEuro.ErrorsAsync()).Select(e => e.Key));
        Assert.Contains("EUR", (await inEuro.JsonAsync()).ToJsonString(), StringComparison.Ordinal);

        var mixed = await rep.NewQuoteAsync(opportunityId, [Line(dollars, 1), Line(noCost, 1)]);
        var mixedForManager = await manager.GetJsonAsync(QuotePath(mixed.Id()));
        Assert.False(mixedForManager["marginComplete"]!.GetValue<bool>());
        Assert.Equal(21350m - 14700m, Amount(mixedForManager["margin"]));
        Assert.False(mixed["approval"]!["required"]!.GetValue<bool>());

        await SetPolicyAsync(admin, 10m, null);
        var unknown = await rep.NewQuoteAsync(opportunityId, [Line(noCost, 1)]);
        Assert.True(unknown["approval"]!["required"]!.GetValue<bool>());
        Assert.Contains("cannot be checked", unknown["approval"]!.Str("reason"), StringComparison.Ordinal);
        Assert.False((await manager.GetJsonAsync(QuotePath(unknown.Id()))).AsObject().ContainsKey("margin"));
    }

    [Fact]
    public async Task Pages_AdminSetsTheLimits_TheRepAsks_TheManagerSeesItOnHome_AndApprovesWithAComment()
    {
        var adminUser = await App.CreateUserAsync(Role.Admin);
        using var adminBrowser = await App.SignInAsync(adminUser);
        var form = await adminBrowser.GetFormAsync("/admin/quote-policy");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("href=\"/admin/quote-policy\"", form.Html);
        var saved = await adminBrowser.PostFormAsync("/admin/quote-policy", form.Token, new Dictionary<string, string>
        {
            ["Form.MinMarginPercent"] = "20", ["Form.MaxDiscountPercent"] = "", ["Form.Version"] = "0",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var team = TestApp.NewTeam();
        var managerUser = await App.CreateUserAsync(Role.Manager, team);
        var repUser = await App.CreateUserAsync(Role.Rep, team);
        using var rep = App.Client(repUser);
        var policy = await rep.GetJsonAsync("/api/v1/quote-policy");
        Assert.Equal(20m, policy["minMarginPercent"]!.GetValue<decimal>());
        Assert.Null(policy["maxDiscountPercent"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.SignInAsync(repUser)).GetAsync("/admin/quote-policy")).Status);

        var (_, opportunityId) = await rep.NewPursuitAsync();
        var product = await App.NewQuoteProductAsync(800m, 1000m);
        var quote = await rep.NewQuoteAsync(opportunityId, [Line(product, 5, 900m)], [Value()]);
        using var repBrowser = await App.SignInAsync(repUser);
        var page = await repBrowser.GetFormAsync($"/quotes/{quote.Id()}");
        var text = WebUtility.HtmlDecode(page.Html);
        Assert.Contains("Needs approval", text);
        Assert.Contains("The margin is below the company's margin floor.", text);
        Assert.DoesNotContain("11.11", text);
        Assert.DoesNotContain("id=\"send-quote\"", text);
        var asked = await repBrowser.PostFormAsync($"/quotes/{quote.Id()}?handler=submit", page.Token, new Dictionary<string, string> { ["revision"] = quote["revision"]!.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        using var boss = await App.SignInAsync(managerUser);
        var (_, home) = await boss.GetAsync("/");
        Assert.Contains("Quotes waiting for your approval", home);
        Assert.Contains($"href=\"/quotes/{quote.Id()}\"", home);
        Assert.Contains("11.11%", home);
        var (_, koreanHome) = await (await App.SignInAsync(managerUser, "ko")).GetAsync("/");
        Assert.Contains("승인을 기다리는 견적", WebUtility.HtmlDecode(koreanHome));
        var (_, repHome) = await repBrowser.GetAsync("/");
        Assert.DoesNotContain("Quotes waiting for your approval", repHome);
        var (_, waitingPage) = await repBrowser.GetAsync($"/quotes/{quote.Id()}");
        Assert.DoesNotContain("id=\"send-quote\"", waitingPage);

        var pending = await rep.GetJsonAsync(QuotePath(quote.Id()));
        var decide = await boss.GetFormAsync($"/quotes/{quote.Id()}");
        Assert.Contains("?handler=approve", decide.Html);
        var refused = await boss.PostFormAsync($"/quotes/{quote.Id()}?handler=reject", decide.Token, new Dictionary<string, string> { ["revision"] = pending["revision"]!.ToString(), ["comment"] = "" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"reject-comment-error\">", await refused.Content.ReadAsStringAsync());
        var approved = await boss.PostFormAsync($"/quotes/{quote.Id()}?handler=approve", decide.Token, new Dictionary<string, string> { ["revision"] = pending["revision"]!.ToString(), ["comment"] = "For the reference account." });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var after = await rep.GetJsonAsync(QuotePath(quote.Id()));
        Assert.Equal(("approved", "For the reference account."), (after["approval"]!.Str("state"), after["approval"]!.Str("comment")));
        var (_, repPage) = await repBrowser.GetAsync($"/quotes/{quote.Id()}");
        Assert.Contains("For the reference account.", repPage);
        Assert.DoesNotContain("?handler=approve", repPage);
        Assert.Contains("id=\"send-quote\"", repPage);
    }
}
