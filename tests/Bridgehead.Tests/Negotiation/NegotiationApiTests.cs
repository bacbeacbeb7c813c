using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Negotiation;

public sealed class NegotiationApiTests_Sqlite() : NegotiationApiTests(Provider.Sqlite);

public sealed class NegotiationApiTests_Postgres() : NegotiationApiTests(Provider.Postgres);

/// <summary>/opportunities/{id}/negotiation: terms and walk-away, offers and approvals, the concession ledger, the summary, the gate and who may do what.</summary>
public abstract class NegotiationApiTests(Provider provider) : AppTests(provider)
{
    private static string ETag(HttpResponseMessage r) => r.Headers.ETag!.Tag;

    private static List<string> Codes(JsonNode negotiation) =>
        [.. negotiation["warnings"]!.AsArray().Select(w => w.Str("code"))];

    private static string State(JsonNode? approval) => approval!.Str("state");

    private static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    [Fact]
    public async Task Terms_TakeTheirDirectionFromTheKind_UnlessTold()
    {
        var d = await Deal.NewAsync(App);
        var price = await d.PriceTermAsync();
        var payment = await d.PaymentTermAsync();
        var lead = await d.Api.CreateAsync(d.Path + "/terms", new { kind = "leadTime", unit = "weeks", opening = 12m, target = 10m, walkAway = 8m });
        var warranty = await d.Api.CreateAsync(d.Path + "/terms", new { kind = "warranty", unit = "months", opening = 12m, target = 18m, walkAway = 24m });
        var volume = await d.Api.CreateAsync(d.Path + "/terms", new { kind = "volume", walkAway = 10000m });
        var other = await d.Api.CreateAsync(d.Path + "/terms", new { kind = "other", label = "  Penalty per late day ", higherIsBetter = false, walkAway = 2m });

        Assert.True(price["higherIsBetter"]!.GetValue<bool>());
        Assert.False(payment["higherIsBetter"]!.GetValue<bool>());
        Assert.True(lead["higherIsBetter"]!.GetValue<bool>());
        Assert.False(warranty["higherIsBetter"]!.GetValue<bool>());
        Assert.True(volume["higherIsBetter"]!.GetValue<bool>());
        Assert.False(other["higherIsBetter"]!.GetValue<bool>());
        Assert.Equal("Penalty per late day", other.Str("label"));
        Assert.Equal("Penalty per late day", other.Str("name"));
        Assert.Equal("Price", price.Str("name"));
        Assert.Equal("KRW/pcs", price.Str("unit"));
        Assert.Equal("notNeeded", State(price["exception"]));
        Assert.Null(price["agreed"]);
        Assert.Null(price["withinWalkAway"]);

        var all = await d.GetAsync();
        Assert.Equal([price.Id(), payment.Id(), lead.Id(), warranty.Id(), volume.Id(), other.Id()], all["terms"]!.AsArray().Select(t => t!.Id()));
        Assert.Equal([1, 2, 3, 4, 5, 6], all["terms"]!.AsArray().Select(t => t!["position"]!.GetValue<int>()));
        Assert.Equal(0, all["currentRound"]!.GetValue<int>());
        Assert.Empty(all["rounds"]!.AsArray());
        Assert.False(all["agreedSummary"]!["complete"]!.GetValue<bool>());
    }

    [Theory]
    // Higher is better (price): opening >= target >= walk-away.
    [InlineData("{\"kind\":\"price\",\"opening\":1000,\"target\":1100,\"walkAway\":900}", "target")]
    [InlineData("{\"kind\":\"price\",\"opening\":1200,\"target\":1100,\"walkAway\":1150}", "walkAway")]
    [InlineData("{\"kind\":\"price\",\"opening\":1000,\"walkAway\":1050}", "walkAway")]
    // Lower is better (payment days): opening <= target <= walk-away.
    [InlineData("{\"kind\":\"payment\",\"opening\":60,\"target\":45,\"walkAway\":90}", "target")]
    [InlineData("{\"kind\":\"payment\",\"opening\":30,\"target\":45,\"walkAway\":40}", "walkAway")]
    // Told otherwise, price is judged the other way round.
    [InlineData("{\"kind\":\"price\",\"higherIsBetter\":false,\"opening\":1200,\"target\":1100,\"walkAway\":1300}", "target")]
    [InlineData("{\"kind\":\"other\",\"walkAway\":1}", "label")]
    [InlineData("{\"kind\":\"price\",\"opening\":1200}", "walkAway")]
    [InlineData("{\"walkAway\":1}", "kind")]
    [InlineData("{\"kind\":\"price\",\"walkAway\":-1}", "walkAway")]
    [InlineData("{\"kind\":\"price\",\"walkAway\":1.00001}", "walkAway")]
    [InlineData("{\"kind\":\"price\",\"walkAway\":1,\"unit\":\"LONG\"}", "unit")]
    public async Task InvalidTerms_Are422NamingTheField_AndNothingIsSaved(string body, string field)
    {
        var d = await Deal.NewAsync(App);

        var refused = await d.Api.PostRawAsync(d.Path + "/terms", body.Replace("LONG", new string('x', 31), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Empty((await d.GetAsync())["terms"]!.AsArray());
    }

    [Fact]
    public async Task UnknownKindsAndFields_Are400()
    {
        var d = await Deal.NewAsync(App);
        Assert.Equal(HttpStatusCode.BadRequest, (await d.Api.PostRawAsync(d.Path + "/terms", "{\"kind\":\"bribe\",\"walkAway\":1}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await d.Api.PostRawAsync(d.Path + "/terms", "{\"kind\":\"price\",\"walkAway\":1,\"exception\":\"approved\"}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await d.Api.PostRawAsync(d.Path + "/offers", "{\"termId\":1,\"side\":\"both\",\"value\":1}")).StatusCode);
    }

    [Fact]
    public async Task AgreedBeyondWalkAway_WaitsForAnException_InBothDirections_AndBackWithinNeedsNone()
    {
        var d = await Deal.NewAsync(App);
        var price = await d.PriceTermAsync();
        var payment = await d.PaymentTermAsync();

        // Price: below 1000 is beyond; exactly 1000 is still within.
        var low = await (await d.Api.PatchJsonAsync(d.TermPath(price.Id()), new { agreed = 950m })).JsonAsync();
        Assert.Equal("pending", State(low["exception"]));
        Assert.False(low["withinWalkAway"]!.GetValue<bool>());
        Assert.NotNull(low["agreedAt"]);
        var edge = await (await d.Api.PatchJsonAsync(d.TermPath(price.Id()), new { agreed = 1000m })).JsonAsync();
        Assert.Equal("notNeeded", State(edge["exception"]));
        Assert.True(edge["withinWalkAway"]!.GetValue<bool>());

        // Payment days: above 60 is beyond.
        var late = await (await d.Api.PatchJsonAsync(d.TermPath(payment.Id()), new { agreed = 75m })).JsonAsync();
        Assert.Equal("pending", State(late["exception"]));
        var back = await (await d.Api.PatchJsonAsync(d.TermPath(payment.Id()), new { agreed = 45m })).JsonAsync();
        Assert.Equal("notNeeded", State(back["exception"]));
        var higherPrice = await (await d.Api.PatchJsonAsync(d.TermPath(price.Id()), new { agreed = 1300m })).JsonAsync();
        Assert.Equal("notNeeded", State(higherPrice["exception"]));

        // Created beyond walk-away, the exception waits from the start.
        var created = await d.PriceTermAsync(new { kind = "price", walkAway = 1000m, agreed = 900m });
        Assert.Equal("pending", State(created["exception"]));
        Assert.Contains("exceptionAwaitingApproval", Codes(await d.GetAsync()));

        // Moving the walk-away point judges the agreed value again.
        var moved = await (await d.Api.PatchJsonAsync(d.TermPath(created.Id()), new { walkAway = 900m })).JsonAsync();
        Assert.Equal("notNeeded", State(moved["exception"]));
    }

    [Fact]
    public async Task AnException_IsDecidedByTheTeamsManagerOrAnAdmin_WithAComment()
    {
        var team = TestApp.NewTeam();
        var d = await Deal.NewAsync(App, await App.CreateUserAsync(Role.Rep, team));
        var term = await d.PriceTermAsync(new { kind = "price", unit = "KRW/pcs", opening = 1200m, target = 1100m, walkAway = 1000m, agreed = 950m });
        var approve = d.TermPath(term.Id()) + "/exception/approve";
        var reject = d.TermPath(term.Id()) + "/exception/reject";

        // The rep who owns the deal may not approve it; the viewer changes nothing; another team's manager does not see it.
        Assert.Equal(HttpStatusCode.Forbidden, (await d.Api.PostJsonAsync(approve, new { comment = "Fine by me" })).StatusCode);
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(approve, new { })).StatusCode);
        using var stranger = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync(approve, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync(reject, new { comment = "No" })).StatusCode);

        var managerUser = await App.CreateUserAsync(Role.Manager, team);
        using var manager = App.Client(managerUser);
        var noReason = await manager.PostJsonAsync(reject, new { comment = "  " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(["comment"], (await noReason.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PostIfMatchAsync(manager, approve, "\"0\"")).StatusCode);
        Assert.Equal("pending", State((await d.Api.GetJsonAsync(d.TermPath(term.Id())))["exception"]));

        var approved = await manager.PostJsonAsync(approve, new { comment = "Strategic account: accept for the first year." });
        await approved.ExpectAsync(HttpStatusCode.OK);
        var after = await approved.JsonAsync();
        Assert.Equal("approved", State(after["exception"]));
        Assert.Equal("Strategic account: accept for the first year.", after["exception"]!.Str("comment"));
        Assert.Equal(managerUser.Id, after["exception"]!["decidedById"]!.GetValue<long>());
        Assert.Equal($"Test Manager", after["exception"]!.Str("decidedByName")[..12]);
        Assert.NotNull(after["exception"]!["decidedAt"]);
        Assert.Equal(ETag(approved), $"\"{after["version"]}\"");

        // Decided once: deciding again is a conflict.
        Assert.Equal(HttpStatusCode.Conflict, (await manager.PostJsonAsync(reject, new { comment = "Changed my mind" })).StatusCode);

        // The decision is on the term's history.
        var history = (await d.Api.GetJsonAsync(d.TermPath(term.Id()) + "/history"))["items"]!.AsArray();
        var change = history[0]!["changes"]!.AsArray().Single(c => c.Str("field") == "exception")!;
        Assert.Equal(("pending", "approved"), (change.Str("old"), change.Str("new")));

        // A new agreed value beyond walk-away needs a new decision; an admin may reject it.
        var again = await (await d.Api.PatchJsonAsync(d.TermPath(term.Id()), new { agreed = 940m })).JsonAsync();
        Assert.Equal("pending", State(again["exception"]));
        Assert.Null(again["exception"]!["comment"]);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var rejected = await (await admin.PostJsonAsync(reject, new { comment = "Too low for this volume." })).JsonAsync();
        Assert.Equal("rejected", State(rejected["exception"]));
        var negotiation = await d.GetAsync();
        Assert.Contains("exceptionRejected", Codes(negotiation));
        Assert.False(negotiation["agreedSummary"]!["complete"]!.GetValue<bool>());
    }

    private static Task<HttpResponseMessage> PostIfMatchAsync(HttpClient client, string path, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task OurOfferBeyondWalkAway_WaitsForApproval_AndIsNotMadeUntilApproved()
    {
        var team = TestApp.NewTeam();
        var d = await Deal.NewAsync(App, await App.CreateUserAsync(Role.Rep, team));
        var price = await d.PriceTermAsync();

        var opening = await d.OfferAsync(price.Id(), "ours", 1200m);
        Assert.Equal(1, opening["round"]!.GetValue<int>());
        Assert.Equal("notNeeded", State(opening["approval"]));
        Assert.True(opening["made"]!.GetValue<bool>());
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"), opening.Str("offeredOn"));

        // Their ask below our walk-away needs nobody's approval: it is theirs.
        var theirs = await d.OfferAsync(price.Id(), "theirs", 950m);
        Assert.Equal(1, theirs["round"]!.GetValue<int>());
        Assert.True(theirs["beyondWalkAway"]!.GetValue<bool>());
        Assert.Equal("notNeeded", State(theirs["approval"]));

        // Our second offer goes in round 2; below walk-away it waits and is not made.
        var low = await d.OfferAsync(price.Id(), "ours", 980m);
        Assert.Equal(2, low["round"]!.GetValue<int>());
        Assert.Equal("pending", State(low["approval"]));
        Assert.False(low["made"]!.GetValue<bool>());
        var negotiation = await d.GetAsync();
        Assert.Equal(1200m, Dec(negotiation["terms"]![0]!["lastOurs"]));
        Assert.Equal(950m, Dec(negotiation["terms"]![0]!["lastTheirs"]));
        Assert.Equal(2, negotiation["currentRound"]!.GetValue<int>());
        Assert.Equal([1, 2], negotiation["rounds"]!.AsArray().Select(r => r!["round"]!.GetValue<int>()));
        Assert.Equal(["ours", "theirs"], negotiation["rounds"]![0]!["offers"]!.AsArray().Select(o => o.Str("side")));
        var warning = negotiation["warnings"]!.AsArray().Single(w => w.Str("code") == "offerAwaitingApproval")!;
        Assert.Equal(low.Id(), warning["offerId"]!.GetValue<long>());
        Assert.Contains("980", warning.Str("message"));

        // A round far ahead is refused.
        var ahead = await d.Api.PostJsonAsync(d.Path + "/offers", new { termId = price.Id(), side = "theirs", value = 990m, round = 4 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ahead.StatusCode);
        Assert.Equal(["round"], (await ahead.ErrorsAsync()).Select(e => e.Key));

        // The rep may not approve; another team's manager does not see it; the team's manager approves.
        Assert.Equal(HttpStatusCode.Forbidden, (await d.Api.PostJsonAsync(d.OfferPath(low.Id()) + "/approve", new { })).StatusCode);
        using var stranger = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync(d.OfferPath(low.Id()) + "/approve", new { })).StatusCode);
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        var approved = await (await manager.PostJsonAsync(d.OfferPath(low.Id()) + "/approve", new { comment = "Go, to win the volume." })).JsonAsync();
        Assert.Equal("approved", State(approved["approval"]));
        Assert.True(approved["made"]!.GetValue<bool>());
        Assert.Equal(980m, Dec((await d.GetAsync())["terms"]![0]!["lastOurs"]));
        Assert.Equal(HttpStatusCode.Conflict, (await manager.PostJsonAsync(d.OfferPath(low.Id()) + "/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await manager.PostJsonAsync(d.OfferPath(opening.Id()) + "/approve", new { })).StatusCode);

        // Changing the approved value needs a new decision; a rejected offer is flagged and never made.
        var changed = await (await d.Api.PatchJsonAsync(d.OfferPath(low.Id()), new { value = 970m })).JsonAsync();
        Assert.Equal("pending", State(changed["approval"]));
        Assert.Null(changed["approval"]!["decidedById"]);
        var rejected = await (await manager.PostJsonAsync(d.OfferPath(low.Id()) + "/reject", new { comment = "Hold at 1000." })).JsonAsync();
        Assert.Equal("rejected", State(rejected["approval"]));
        Assert.False(rejected["made"]!.GetValue<bool>());
        var after = await d.GetAsync();
        Assert.Contains("offerRejected", Codes(after));
        Assert.Equal(1200m, Dec(after["terms"]![0]!["lastOurs"]));

        var history = (await d.Api.GetJsonAsync(d.OfferPath(low.Id()) + "/history"))["items"]!.AsArray();
        Assert.Equal(4, history.Count);
    }

    [Fact]
    public async Task APendingOffer_NoLongerWaits_WhenTheWalkAwayMovesPastIt()
    {
        var d = await Deal.NewAsync(App);
        var price = await d.PriceTermAsync();
        var low = await d.OfferAsync(price.Id(), "ours", 950m);
        Assert.Equal("pending", State(low["approval"]));

        await (await d.Api.PatchJsonAsync(d.TermPath(price.Id()), new { walkAway = 900m })).ExpectAsync(HttpStatusCode.OK);

        var offer = await d.Api.GetJsonAsync(d.OfferPath(low.Id()));
        Assert.Equal("notNeeded", State(offer["approval"]));
        Assert.True(offer["made"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Offers_OnlyOnTermsOfThisNegotiation_WithFieldNamedErrors()
    {
        var d = await Deal.NewAsync(App);
        var other = await Deal.NewAsync(App, d.Owner);
        var foreign = await other.PriceTermAsync();
        var price = await d.PriceTermAsync();

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { termId = foreign.Id(), side = "ours", value = 1m }, "termId"),
            (new { side = "ours", value = 1m }, "termId"),
            (new { termId = price.Id(), value = 1m }, "side"),
            (new { termId = price.Id(), side = "ours" }, "value"),
            (new { termId = price.Id(), side = "ours", value = -5m }, "value"),
            (new { termId = price.Id(), side = "ours", value = 1m, round = 0 }, "round"),
        })
        {
            var refused = await d.Api.PostJsonAsync(d.Path + "/offers", body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        }
        Assert.Empty((await d.GetAsync())["rounds"]!.AsArray());

        // An offer of another pursuit is not found under this one.
        var theirs = await other.OfferAsync(foreign.Id(), "theirs", 900m);
        Assert.Equal(HttpStatusCode.NotFound, (await d.Api.GetAsync(d.OfferPath(theirs.Id()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await d.Api.PatchJsonAsync(d.OfferPath(theirs.Id()), new { value = 1m })).StatusCode);
    }

    [Fact]
    public async Task AConcessionWithNothingReceived_IsKept_AndFlagged()
    {
        var d = await Deal.NewAsync(App);
        var payment = await d.PaymentTermAsync();

        var given = await d.Api.CreateAsync(d.Path + "/concessions", new { gave = "Payment at 60 days instead of 45", gaveValue = new { amount = 1500000m, currency = "KRW" }, termId = payment.Id(), round = 1 });
        Assert.Null(given["got"]);
        Assert.Contains("Nothing received", given.Str("warning"));
        Assert.Equal(1500000m, Dec(given["gaveValue"]!["amount"]));
        Assert.Equal("KRW", given["gaveValue"]!.Str("currency"));
        var traded = await d.Api.CreateAsync(d.Path + "/concessions", new { gave = "Free first delivery", got = "A two-year volume commitment" });
        Assert.Null(traded["warning"]);

        var negotiation = await d.GetAsync();
        var warning = negotiation["warnings"]!.AsArray().Single(w => w.Str("code") == "concessionNothingReceived")!;
        Assert.Equal(given.Id(), warning["concessionId"]!.GetValue<long>());
        Assert.Equal(2, negotiation["concessions"]!.AsArray().Count);

        // Recording what we got for it clears the warning.
        var patched = await d.Api.PatchJsonAsync(d.ConcessionPath(given.Id()), new { got = "Order raised to 120,000 pcs" }, ETag(await d.Api.GetAsync(d.ConcessionPath(given.Id()))));
        await patched.ExpectAsync(HttpStatusCode.OK);
        Assert.Null((await patched.JsonAsync())["warning"]);
        Assert.DoesNotContain("concessionNothingReceived", Codes(await d.GetAsync()));

        // In Korean too.
        using var korean = App.Client(d.Owner, "ko");
        var ko = await korean.CreateAsync(d.Path + "/concessions", new { gave = "샘플 무상 제공" });
        Assert.Contains("받은 것이 없습니다", ko.Str("warning"));
    }

    [Theory]
    [InlineData("{\"got\":\"x\"}", "gave")]
    [InlineData("{\"gave\":\"   \"}", "gave")]
    [InlineData("{\"gave\":\"x\",\"gaveValue\":{\"amount\":5,\"currency\":\"won\"}}", "gaveValue.currency")]
    [InlineData("{\"gave\":\"x\",\"round\":0}", "round")]
    [InlineData("{\"gave\":\"x\",\"termId\":987654321}", "termId")]
    public async Task InvalidConcessions_Are422NamingTheField(string body, string field)
    {
        var d = await Deal.NewAsync(App);
        var refused = await d.Api.PostRawAsync(d.Path + "/concessions", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Empty((await d.GetAsync())["concessions"]!.AsArray());
    }

    [Fact]
    public async Task TheSummary_ListsEveryTerm_AndIsCompleteOnlyWhenAllAreSettled()
    {
        var team = TestApp.NewTeam();
        var d = await Deal.NewAsync(App, await App.CreateUserAsync(Role.Rep, team));
        var price = await d.PriceTermAsync();
        var payment = await d.PaymentTermAsync();
        await (await d.Api.PatchJsonAsync(d.TermPath(price.Id()), new { agreed = 1150m })).ExpectAsync(HttpStatusCode.OK);

        var summary = (await d.GetAsync())["agreedSummary"]!;
        Assert.False(summary["complete"]!.GetValue<bool>());
        var rows = summary["terms"]!.AsArray();
        Assert.Equal([price.Id(), payment.Id()], rows.Select(r => r!["termId"]!.GetValue<long>()));
        Assert.Equal(1150m, Dec(rows[0]!["agreed"]));
        Assert.Equal("KRW/pcs", rows[0]!.Str("unit"));
        Assert.True(rows[0]!["withinWalkAway"]!.GetValue<bool>());
        Assert.True(rows[0]!["settled"]!.GetValue<bool>());
        Assert.Null(rows[1]!["agreed"]);
        Assert.False(rows[1]!["settled"]!.GetValue<bool>());
        Assert.Contains("- Price: 1,150 KRW/pcs (within walk-away)", summary.Str("text"));
        Assert.Contains("- Payment terms: not agreed yet", summary.Str("text"));

        await (await d.Api.PatchJsonAsync(d.TermPath(payment.Id()), new { agreed = 70m })).ExpectAsync(HttpStatusCode.OK);
        summary = (await d.GetAsync())["agreedSummary"]!;
        Assert.False(summary["complete"]!.GetValue<bool>());
        Assert.Equal("pending", summary["terms"]![1]!.Str("exception"));

        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        await (await manager.PostJsonAsync(d.TermPath(payment.Id()) + "/exception/approve", new { comment = "OK for a new customer" })).ExpectAsync(HttpStatusCode.OK);
        summary = (await d.GetAsync())["agreedSummary"]!;
        Assert.True(summary["complete"]!.GetValue<bool>());
        Assert.StartsWith("Agreed terms (complete):", summary.Str("text"));
        Assert.Contains("- Payment terms: 70 days (beyond walk-away, exception approved)", summary.Str("text"));

        using var korean = App.Client(d.Owner, "ko");
        var ko = (await d.GetAsync(korean))["agreedSummary"]!.Str("text");
        Assert.Contains("합의 조건 (완료):", ko);
        Assert.Contains("- 가격: 1,150 KRW/pcs (마지노선 이내)", ko);
    }

    [Fact]
    public async Task TheGate_NeedsTermsAgreedWithinWalkAway_OrAnApprovedException()
    {
        var team = TestApp.NewTeam();
        var d = await Deal.NewAsync(App, await App.CreateUserAsync(Role.Rep, team));
        await App.PutInStageAsync(d.OpportunityId, "negotiation");

        JsonNode Criterion(JsonNode gate) => gate["criteria"]!.AsArray().Single(c => c.Str("key") == "termsAgreed")!;

        var gate = await d.Api.GateAsync(d.OpportunityId);
        Assert.Contains("nextStepPlanned", Verdicts(gate).Keys);
        Assert.False(Criterion(gate)["met"]!.GetValue<bool>());
        Assert.Equal("Terms agreed within walk-away", Criterion(gate).Str("name"));
        Assert.Contains("No terms recorded", Criterion(gate).Str("why"));

        var price = await d.PriceTermAsync();
        var payment = await d.PaymentTermAsync();
        await (await d.Api.PatchJsonAsync(d.TermPath(price.Id()), new { agreed = 1100m })).ExpectAsync(HttpStatusCode.OK);
        await (await d.Api.PatchJsonAsync(d.TermPath(payment.Id()), new { agreed = 90m })).ExpectAsync(HttpStatusCode.OK);
        var why = Criterion(await d.Api.GateAsync(d.OpportunityId)).Str("why");
        Assert.Equal("Still open: Payment terms (exception waiting for approval).", why);
        Assert.Contains("termsAgreed", await UnmetKeysAsync(await d.Api.AdvanceAsync(d.OpportunityId)));

        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        await (await manager.PostJsonAsync(d.TermPath(payment.Id()) + "/exception/approve", new { })).ExpectAsync(HttpStatusCode.OK);
        var met = Criterion(await d.Api.GateAsync(d.OpportunityId));
        Assert.True(met["met"]!.GetValue<bool>());
        Assert.Equal("All 2 terms agreed; 1 beyond walk-away with an approved exception.", met.Str("why"));

        using var korean = App.Client(d.Owner, "ko");
        var ko = Criterion(await korean.GateAsync(d.OpportunityId));
        Assert.Equal("마지노선 이내로 조건 합의", ko.Str("name"));
        Assert.Contains("승인된 예외", ko.Str("why"));

        // The helper other tests use meets it too.
        var fresh = await Deal.NewAsync(App);
        await App.PutInStageAsync(fresh.OpportunityId, "negotiation");
        await fresh.Api.MeetNegotiationGateAsync(fresh.OpportunityId);
        Assert.True(Criterion(await fresh.Api.GateAsync(fresh.OpportunityId))["met"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Patch_And_Delete_HonourIfMatch_ForTermsOffersAndConcessions()
    {
        var d = await Deal.NewAsync(App);
        var term = await d.PriceTermAsync();
        var offer = await d.OfferAsync(term.Id(), "ours", 1200m);
        var concession = await d.Api.CreateAsync(d.Path + "/concessions", new { gave = "Tooling paid by us", got = "Exclusive supply" });

        foreach (var (path, patch) in new (string, object)[]
        {
            (d.TermPath(term.Id()), new { notes = "Changed" }),
            (d.OfferPath(offer.Id()), new { note = "Changed" }),
            (d.ConcessionPath(concession.Id()), new { got = "Changed" }),
        })
        {
            var current = await d.Api.GetAsync(path);
            var etag = ETag(current);
            var changed = await d.Api.PatchJsonAsync(path, patch, etag);
            await changed.ExpectAsync(HttpStatusCode.OK);
            Assert.NotEqual(etag, ETag(changed));
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await d.Api.PatchJsonAsync(path, patch, etag)).StatusCode);
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await d.Api.DeleteAsync(path, etag)).StatusCode);
            await (await d.Api.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        }

        // Offers go with their term; a concession on it stays, without the term.
        var onTerm = await d.Api.CreateAsync(d.Path + "/concessions", new { gave = "Price step", got = "Volume", termId = term.Id() });
        await (await d.Api.DeleteAsync(d.OfferPath(offer.Id()), ETag(await d.Api.GetAsync(d.OfferPath(offer.Id()))))).ExpectAsync(HttpStatusCode.NoContent);
        await d.OfferAsync(term.Id(), "theirs", 1000m);
        await (await d.Api.DeleteAsync(d.TermPath(term.Id()), ETag(await d.Api.GetAsync(d.TermPath(term.Id()))))).ExpectAsync(HttpStatusCode.NoContent);
        await (await d.Api.DeleteAsync(d.ConcessionPath(concession.Id()), null)).ExpectAsync(HttpStatusCode.NoContent);
        var left = await d.GetAsync();
        Assert.Empty(left["terms"]!.AsArray());
        Assert.Empty(left["rounds"]!.AsArray());
        Assert.Null(left["concessions"]!.AsArray().Single()!["termId"]);
        Assert.Equal(onTerm.Id(), left["concessions"]![0]!.Id());
    }

    [Fact]
    public async Task PostHonoursIdempotencyKey()
    {
        var d = await Deal.NewAsync(App);
        var body = new { kind = "price", walkAway = 1000m };
        var first = await d.Api.PostJsonAsync(d.Path + "/terms", body, "term-once");
        var second = await d.Api.PostJsonAsync(d.Path + "/terms", body, "term-once");
        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.Single((await d.GetAsync())["terms"]!.AsArray());
    }

    [Fact]
    public async Task AClosedPursuitsNegotiation_IsReadOnly()
    {
        var d = await Deal.NewAsync(App);
        var term = await d.PriceTermAsync(new { kind = "price", walkAway = 1000m, agreed = 900m });
        await App.PutInStageAsync(d.OpportunityId, "negotiation", OpportunityStatus.Lost);

        var negotiation = await d.GetAsync();
        Assert.True(negotiation["readOnly"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Conflict, (await d.Api.PostJsonAsync(d.Path + "/terms", new { kind = "volume", walkAway = 1m })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await d.Api.PatchJsonAsync(d.TermPath(term.Id()), new { agreed = 1000m })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await d.Api.PostJsonAsync(d.Path + "/concessions", new { gave = "x" })).StatusCode);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostJsonAsync(d.TermPath(term.Id()) + "/exception/approve", new { })).StatusCode);
    }

    [Fact]
    public async Task Reps_SeeOnlyTheirAccounts_ManagersTheirTeams_AdminsAll()
    {
        var team = TestApp.NewTeam();
        var d = await Deal.NewAsync(App, await App.CreateUserAsync(Role.Rep, team));
        var term = await d.PriceTermAsync();
        var concession = await d.Api.CreateAsync(d.Path + "/concessions", new { gave = "Samples" });

        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep, team));
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(d.Path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(d.TermPath(term.Id()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(d.TermPath(term.Id()) + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.PostJsonAsync(d.Path + "/terms", new { kind = "volume", walkAway = 1m })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.PatchJsonAsync(d.TermPath(term.Id()), new { agreed = 1m })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.DeleteAsync(d.ConcessionPath(concession.Id()), null)).StatusCode);

        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        Assert.Single((await manager.GetJsonAsync(d.Path))["terms"]!.AsArray());
        await (await manager.PatchJsonAsync(d.TermPath(term.Id()), new { agreed = 1100m })).ExpectAsync(HttpStatusCode.OK);

        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.GetAsync(d.Path)).StatusCode);

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        Assert.Equal(1100m, Dec((await admin.GetJsonAsync(d.Path))["terms"]![0]!["agreed"]));
        await admin.CreateAsync(d.Path + "/offers", new { termId = term.Id(), side = "theirs", value = 1050m });

        Assert.Equal(HttpStatusCode.NotFound, (await d.Api.GetAsync(Deal.NegotiationPath(987654321))).StatusCode);
    }

    [Fact]
    public async Task TheViewer_Reads_ButEveryWriteIs403()
    {
        var d = await Deal.NewAsync(App);
        var term = await d.PriceTermAsync(new { kind = "price", walkAway = 1000m, agreed = 900m });
        var offer = await d.OfferAsync(term.Id(), "ours", 950m);
        var concession = await d.Api.CreateAsync(d.Path + "/concessions", new { gave = "Samples" });
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));

        Assert.Single((await viewer.GetJsonAsync(d.Path))["terms"]!.AsArray());
        Assert.NotEmpty((await viewer.GetJsonAsync(d.TermPath(term.Id()) + "/history"))["items"]!.AsArray());
        Assert.NotEmpty((await viewer.GetJsonAsync(d.OfferPath(offer.Id()) + "/history"))["items"]!.AsArray());
        Assert.NotEmpty((await viewer.GetJsonAsync(d.ConcessionPath(concession.Id()) + "/history"))["items"]!.AsArray());
        foreach (var response in new[]
        {
            await viewer.PostJsonAsync(d.Path + "/terms", new { kind = "volume", walkAway = 1m }),
            await viewer.PatchJsonAsync(d.TermPath(term.Id()), new { agreed = 1000m }),
            await viewer.DeleteAsync(d.TermPath(term.Id()), null),
            await viewer.PostJsonAsync(d.Path + "/offers", new { termId = term.Id(), side = "ours", value = 1m }),
            await viewer.PatchJsonAsync(d.OfferPath(offer.Id()), new { value = 1m }),
            await viewer.DeleteAsync(d.OfferPath(offer.Id()), null),
            await viewer.PostJsonAsync(d.OfferPath(offer.Id()) + "/approve", new { }),
            await viewer.PostJsonAsync(d.TermPath(term.Id()) + "/exception/reject", new { comment = "no" }),
            await viewer.PostJsonAsync(d.Path + "/concessions", new { gave = "x" }),
            await viewer.PatchJsonAsync(d.ConcessionPath(concession.Id()), new { got = "y" }),
            await viewer.DeleteAsync(d.ConcessionPath(concession.Id()), null),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var after = await d.GetAsync();
        Assert.Equal("pending", State(after["terms"]![0]!["exception"]));
        Assert.Single(after["concessions"]!.AsArray());
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_ReadNoNegotiation_NorItsHistory(Role role)
    {
        var d = await Deal.NewAsync(App);
        var term = await d.PriceTermAsync();
        var offer = await d.OfferAsync(term.Id(), "theirs", 1000m);
        var concession = await d.Api.CreateAsync(d.Path + "/concessions", new { gave = "Samples" });
        var user = await App.CreateUserAsync(role);
        using var client = App.Client(user);

        // The role reads no sales records at all: the endpoints refuse it outright (403), like the
        // buying center's; below them the records are not there for it either.
        foreach (var path in new[] { d.Path, d.TermPath(term.Id()), d.TermPath(term.Id()) + "/history", d.OfferPath(offer.Id()) + "/history", d.ConcessionPath(concession.Id()) })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync(d.Path + "/terms", new { kind = "volume", walkAway = 1m })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync(d.OfferPath(offer.Id()) + "/approve", new { })).StatusCode);

        await using var db = new BridgeheadDb(Database.Options(App.ConnectionString)) { Viewer = new Viewer(user.Id, role, null, user.UserName) };
        Assert.False(await db.NegotiationTerms.AnyAsync(t => t.Id == term.Id()));
        Assert.False(await db.NegotiationOffers.AnyAsync(o => o.Id == offer.Id()));
        Assert.False(await db.Concessions.AnyAsync(c => c.Id == concession.Id()));
        Assert.False(await db.AuditEntries.AnyAsync(e => (e.EntityType == "negotiationTerm" && e.EntityId == term.Id()) || (e.EntityType == "concession" && e.EntityId == concession.Id())));
    }

    [Fact]
    public async Task History_ShowsWhoRecordedAndChangedATerm()
    {
        var d = await Deal.NewAsync(App);
        var term = await d.PriceTermAsync();
        await (await d.Api.PatchJsonAsync(d.TermPath(term.Id()), new { target = 1150m })).ExpectAsync(HttpStatusCode.OK);

        var items = (await d.Api.GetJsonAsync(d.TermPath(term.Id()) + "/history"))["items"]!.AsArray();

        Assert.Equal(2, items.Count);
        var change = items[0]!["changes"]!.AsArray().Single(c => c.Str("field") == "target")!;
        // Each database keeps its own scale ("1100.0", "1100.0000"): compare the numbers.
        Assert.Equal((1100m, 1150m), (decimal.Parse(change.Str("old"), System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(change.Str("new"), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(items.SelectMany(i => i!["changes"]!.AsArray()), c => c.Str("field") is "unitCost" or "margin" or "marginPercent" or "costTotal");
    }
}
