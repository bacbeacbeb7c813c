using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Contracts.ContractSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Quotes.QuoteSetup;

namespace Bridgehead.Tests.Contracts;

public sealed class ContractsApiTests_Sqlite() : ContractsApiTests(Provider.Sqlite);

public sealed class ContractsApiTests_Postgres() : ContractsApiTests(Provider.Postgres);

/// <summary>/contracts: record, read, change and delete; winning with a contract in one transaction; the draft; call-offs; the gate; who may do what.</summary>
public abstract class ContractsApiTests(Provider provider) : AppTests(provider)
{
    private static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    private static object Body(long? opportunityId = null, long? accountId = null, object[]? lines = null, string? signedOn = null, bool? win = null,
        string startsOn = "2027-01-01", string endsOn = "2027-12-31", string currency = "KRW") => new
        {
            accountId,
            opportunityId,
            number = "K-2027-01",
            startsOn,
            endsOn,
            signedOn,
            currency,
            terms = "Price 1,150 KRW/pcs; 60 days net.",
            notes = "Signed at the customer's plant.",
            lines = lines ?? [],
            win,
        };

    private async Task<int> ContractRowsAsync(long opportunityId)
    {
        await using var db = App.OpenDb();
        return await db.Contracts.IgnoreQueryFilters().CountAsync(c => c.OpportunityId == opportunityId);
    }

    private async Task<long> ProductAsync(string? name = null) => await App.NewQuoteProductAsync(800m, 1500m, name: name);

    /// <summary>Every member name anywhere in the JSON.</summary>
    private static IEnumerable<string> Members(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Members(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Members),
        _ => [],
    };

    private static object QuoteLine(long productId, decimal quantity, decimal unitPrice, decimal discountPercent = 0m) =>
        Bridgehead.Tests.Quotes.QuoteSetup.Line(productId, quantity, unitPrice, discountPercent);

    private static readonly string[] CostMembers = ["unitCost", "costTotal", "margin", "marginPercent", "marginComplete"];

    [Fact]
    public async Task Create_ForAPursuit_TakesItsAccount_ComputesLineTotalsAndTotal_AndReadsBack()
    {
        var (_, api, accountId, opportunityId) = await App.NewPursuitAsync();
        var valve = await ProductAsync("Gate valve DN50");
        var pump = await ProductAsync("Feed pump");

        var response = await api.PostJsonAsync(ContractsUrl, Body(opportunityId, lines: [Line(valve, 1200m, 1234.5m), Line(pump, 30m, 99999.99m, "krw")]));

        await response.ExpectAsync(HttpStatusCode.Created);
        var c = await response.JsonAsync();
        Assert.Equal($"/api/v1/contracts/{c.Id()}", response.Headers.Location?.ToString());
        Assert.Equal(IfMatch(c), ETagOf(response));
        Assert.Equal(accountId, c["accountId"]!.GetValue<long>());
        Assert.Equal(opportunityId, c["opportunityId"]!.GetValue<long>());
        Assert.StartsWith("Account", c.Str("accountName"));
        Assert.StartsWith("Deal", c.Str("opportunityTitle"));
        Assert.Equal(("K-2027-01", "2027-01-01", "2027-12-31", "KRW"), (c.Str("number"), c.Str("startsOn"), c.Str("endsOn"), c.Str("currency")));
        Assert.Null(c["signedOn"]);
        Assert.Equal("draft", c.Str("status"));
        var lines = c["lines"]!.AsArray();
        Assert.Equal([valve, pump], lines.Select(l => l!["productId"]!.GetValue<long>()));
        Assert.Equal("Gate valve DN50", lines[0]!.Str("name"));
        Assert.StartsWith("Q-", lines[0]!.Str("sku"));
        Assert.Equal("pcs", lines[0]!.Str("unit"));
        Assert.Equal([1, 2], lines.Select(l => l!["position"]!.GetValue<int>()));
        // 1,200 x 1,234.5 = 1,481,400; 30 x 99,999.99 = 2,999,999.7, rounded to the won: 3,000,000.
        Assert.Equal(1_481_400m, Amount(lines[0]!["lineTotal"]));
        Assert.Equal(3_000_000m, Amount(lines[1]!["lineTotal"]));
        Assert.Equal("KRW", lines[1]!["unitPrice"]!.Str("currency"));
        Assert.Equal(4_481_400m, Amount(c["total"]));
        Assert.Equal(("KRW", 0m, 1200m), (c["total"]!.Str("currency"), Dec(lines[0]!["calledOff"]), Dec(lines[0]!["remaining"])));
        Assert.Empty(Members(c).Intersect(CostMembers));

        var read = await api.GetAsync(ContractPath(c.Id()));
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(IfMatch(c), ETagOf(read));
        Assert.Equal(4_481_400m, Amount((await read.JsonAsync())["total"]));

        // An account's contract without a pursuit.
        var alone = await api.CreateAsync(ContractsUrl, Body(accountId: accountId, lines: [Line(valve, 10m, 1000m)]));
        Assert.Null(alone["opportunityId"]);
        Assert.Null(alone["opportunityTitle"]);
        var listed = (await api.GetJsonAsync($"{ContractsUrl}?accountId={accountId}"))["items"]!.AsArray();
        Assert.Equal(new[] { alone.Id(), c.Id() }.Order(), listed.Select(x => x!.Id()).Order());
        Assert.Equal([c.Id()], (await api.GetJsonAsync($"{ContractsUrl}?opportunityId={opportunityId}"))["items"]!.AsArray().Select(x => x!.Id()));
    }

    [Fact]
    public async Task Status_IsComputedFromTheSignatureAndToday_AndTheActiveFilterFollowsIt()
    {
        var (_, api, accountId, _) = await App.NewPursuitAsync();
        var draft = await api.CreateAsync(ContractsUrl, Body(accountId: accountId, startsOn: Day(-10), endsOn: Day(300)));
        var active = await api.CreateAsync(ContractsUrl, Body(accountId: accountId, startsOn: Day(-10), endsOn: Day(0), signedOn: Day(-12)));
        var upcoming = await api.CreateAsync(ContractsUrl, Body(accountId: accountId, startsOn: Day(1), endsOn: Day(365), signedOn: Day(0)));
        var ended = await api.CreateAsync(ContractsUrl, Body(accountId: accountId, startsOn: Day(-400), endsOn: Day(-1), signedOn: Day(-400)));

        Assert.Equal(["draft", "active", "upcoming", "ended"], new[] { draft, active, upcoming, ended }.Select(x => x.Str("status")));
        Assert.Equal([active.Id()], (await api.GetJsonAsync($"{ContractsUrl}?accountId={accountId}&active=true"))["items"]!.AsArray().Select(x => x!.Id()));
        // Latest start first (the same start: the later record first).
        Assert.Equal([upcoming.Id(), draft.Id(), ended.Id()],
            (await api.GetJsonAsync($"{ContractsUrl}?accountId={accountId}&active=false"))["items"]!.AsArray().Select(x => x!.Id()));

        var first = await api.GetJsonAsync($"{ContractsUrl}?accountId={accountId}&limit=3");
        Assert.Equal(3, first["items"]!.AsArray().Count);
        var second = await api.GetJsonAsync($"{ContractsUrl}?accountId={accountId}&limit=3&cursor={first.Str("nextCursor")}");
        Assert.Equal([ended.Id()], second["items"]!.AsArray().Select(x => x!.Id()));
        Assert.Null(second["nextCursor"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"{ContractsUrl}?active=maybe")).StatusCode);
    }

    [Theory]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2026-12-31\",\"currency\":\"KRW\"}", "endsOn")]
    [InlineData("{\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\"}", "startsOn")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"WONS\"}", "currency")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\"}", "currency")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"lines\":[{\"productId\":$P,\"quantity\":0,\"unitPrice\":{\"amount\":1}}]}", "lines[0].quantity")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"lines\":[{\"productId\":$P,\"quantity\":1.00001,\"unitPrice\":{\"amount\":1}}]}", "lines[0].quantity")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"lines\":[{\"productId\":$P,\"quantity\":5,\"unitPrice\":{\"amount\":-1}}]}", "lines[0].unitPrice.amount")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"lines\":[{\"productId\":$P,\"quantity\":5,\"unitPrice\":{\"amount\":1000000000000000}}]}", "lines[0].unitPrice.amount")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"lines\":[{\"productId\":$P,\"quantity\":1000,\"unitPrice\":{\"amount\":999999999999999}}]}", "lines[0]")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"lines\":[{\"productId\":$P,\"quantity\":5,\"unitPrice\":{\"amount\":10,\"currency\":\"USD\"}}]}", "lines[0].unitPrice.currency")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"lines\":[{\"productId\":$P,\"quantity\":5}]}", "lines[0].unitPrice")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"lines\":[{\"productId\":999999999,\"quantity\":5,\"unitPrice\":{\"amount\":1}}]}", "lines[0].productId")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"lines\":[{\"productId\":$P,\"quantity\":5,\"unitPrice\":{\"amount\":1}},{\"productId\":$P,\"quantity\":6,\"unitPrice\":{\"amount\":1}}]}", "lines[1].productId")]
    [InlineData("{\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\",\"currency\":\"KRW\",\"number\":\"$LONG\"}", "number")]
    public async Task InvalidValues_Are422NamingTheField_AndNothingIsSaved(string body, string field)
    {
        var (_, api, accountId, opportunityId) = await App.NewPursuitAsync();
        var product = await ProductAsync();
        // The pursuit goes first; the placeholders name a real product and a too-long number.
        var json = $"{{\"opportunityId\":{opportunityId}," + body.Replace("$P", product.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("$LONG", new string('x', 51), StringComparison.Ordinal)[1..];

        var refused = await api.PostRawAsync(ContractsUrl, json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(field, (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(0, await ContractRowsAsync(opportunityId));
        Assert.Empty((await api.GetJsonAsync($"{ContractsUrl}?accountId={accountId}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task ThePursuitAndTheAccount_MustBeVisibleAndAgree_AndWinNeedsAPursuit()
    {
        var (_, api, accountId, opportunityId) = await App.NewPursuitAsync();
        var other = await api.NewAccountAsync();
        var (_, _, strangerAccount, strangerPursuit) = await App.NewPursuitAsync();

        async Task<string[]> FieldsAsync(object body)
        {
            var r = await api.PostJsonAsync(ContractsUrl, body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            return [.. (await r.ErrorsAsync()).Select(e => e.Key)];
        }

        Assert.Equal(["opportunityId"], await FieldsAsync(Body(opportunityId, accountId: other.Id())));
        Assert.Equal(["opportunityId"], await FieldsAsync(Body(strangerPursuit)));
        Assert.Equal(["accountId"], await FieldsAsync(Body(accountId: strangerAccount)));
        Assert.Equal(["accountId"], await FieldsAsync(Body()));
        Assert.Equal(["win"], await FieldsAsync(Body(accountId: accountId, win: true)));

        // The pursuit's account, named as well, is fine.
        var ok = await api.CreateAsync(ContractsUrl, Body(opportunityId, accountId: accountId));
        Assert.Equal(accountId, ok["accountId"]!.GetValue<long>());
    }

    [Fact]
    public async Task OnePerPursuit_AndNoneForALostOrDroppedPursuit_Are409()
    {
        var (_, api, accountId, opportunityId) = await App.NewPursuitAsync();
        await api.CreateAsync(ContractsUrl, Body(opportunityId));

        var second = await api.PostJsonAsync(ContractsUrl, Body(opportunityId));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already has a contract", (await second.JsonAsync())["rules"]![0]!.GetValue<string>());
        Assert.Equal(1, await ContractRowsAsync(opportunityId));

        foreach (var outcome in new[] { "lost", "dropped" })
        {
            var closed = await api.NewOpportunityAsync(accountId);
            await (await api.CloseAsync(closed.Id(), new { outcome, reason = "price" })).ExpectAsync(HttpStatusCode.OK);
            var refused = await api.PostJsonAsync(ContractsUrl, Body(closed.Id()));
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("gets no contract", (await refused.JsonAsync())["rules"]![0]!.GetValue<string>());
            Assert.Equal(0, await ContractRowsAsync(closed.Id()));
            Assert.Equal(HttpStatusCode.Conflict, (await api.GetAsync(DraftPath(closed.Id()))).StatusCode);
        }

        // A won pursuit may still get its contract recorded (without winning again).
        var won = await api.NewOpportunityAsync(accountId);
        await App.PutInStageAsync(won.Id(), "testing", OpportunityStatus.Won);
        await api.CreateAsync(ContractsUrl, Body(won.Id(), signedOn: "2026-12-20"));
        var again = await api.NewOpportunityAsync(accountId);
        await App.PutInStageAsync(again.Id(), "testing", OpportunityStatus.Won);
        var winTwice = await api.PostJsonAsync(ContractsUrl, Body(again.Id(), signedOn: "2026-12-20", win: true));
        Assert.Equal(HttpStatusCode.Conflict, winTwice.StatusCode);
        Assert.Equal(0, await ContractRowsAsync(again.Id()));
    }

    [Fact]
    public async Task Win_OnlyFromTheLastStage_SayingWhichStageThePursuitIsIn()
    {
        var (_, api, _, opportunityId) = await App.NewPursuitAsync();
        await App.PutInStageAsync(opportunityId, "negotiation");

        var refused = await api.PostJsonAsync(ContractsUrl, Body(opportunityId, signedOn: Day(), win: true));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var rule = (await refused.JsonAsync())["rules"]![0]!.GetValue<string>();
        Assert.Contains("stage Negotiation", rule);
        Assert.Contains("last stage (Product testing)", rule);
        Assert.Equal(0, await ContractRowsAsync(opportunityId));

        using var korean = App.Client(await App.CreateUserAsync(Role.Admin), "ko");
        var ko = await korean.PostJsonAsync(ContractsUrl, Body(opportunityId, signedOn: Day(), win: true));
        Assert.Contains("협상 단계", (await ko.JsonAsync())["rules"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task WinTrue_SavesTheContractAndWinsThePursuit_MakingTheProspectACustomer()
    {
        var (rep, api, accountId, opportunityId) = await App.PursuitAtLastStageAsync();
        Assert.Equal("prospect", (await api.GetJsonAsync($"/api/v1/accounts/{accountId}")).Str("status"));
        var product = await ProductAsync();

        var response = await api.PostJsonAsync(ContractsUrl, Body(opportunityId, lines: [Line(product, 500m, 1100m)], signedOn: Day(), win: true,
            startsOn: Day(), endsOn: Day(364)));

        await response.ExpectAsync(HttpStatusCode.Created);
        var c = await response.JsonAsync();
        Assert.Equal(("active", 550_000m), (c.Str("status"), Amount(c["total"])));
        var pursuit = await api.GetJsonAsync(PathOf(opportunityId));
        Assert.Equal(("won", "testing"), (pursuit.Str("status"), pursuit.Str("stage")));
        Assert.Equal("customer", (await api.GetJsonAsync($"/api/v1/accounts/{accountId}")).Str("status"));
        var step = (await api.StageHistoryAsync(opportunityId))[^1]!;
        Assert.Equal(("won", rep.Id), (step.Str("move"), step["changedById"]!.GetValue<long>()));
        Assert.Equal(1, await ContractRowsAsync(opportunityId));
    }

    [Fact]
    public async Task WinTrue_RefusedByTheGate_Is409WithTheUnmetCriteria_AndLeavesNothing()
    {
        // The default pipeline: testing asks for more than the contract (recent activity, a next step...).
        var (_, api, accountId, opportunityId) = await App.NewPursuitAsync();
        await App.PutInStageAsync(opportunityId, "testing");
        var product = await ProductAsync();

        var refused = await api.PostJsonAsync(ContractsUrl, Body(opportunityId, lines: [Line(product, 5m, 10m)], signedOn: Day(), win: true));

        var unmet = await UnmetKeysAsync(refused);
        Assert.Contains("recentActivity", unmet);
        Assert.Contains("nextStepPlanned", unmet);
        // The contract was judged within the transaction: it is not what is missing.
        Assert.DoesNotContain("contractSigned", unmet);
        Assert.Equal(0, await ContractRowsAsync(opportunityId));
        Assert.Equal("open", (await api.GetJsonAsync(PathOf(opportunityId))).Str("status"));
        Assert.Equal("prospect", (await api.GetJsonAsync($"/api/v1/accounts/{accountId}")).Str("status"));
        Assert.Single(await api.StageHistoryAsync(opportunityId));
        await using (var db = App.OpenDb())
        {
            Assert.False(await db.AuditEntries.AnyAsync(e => e.EntityType == "contract" && e.AccountId == accountId));
        }

        // An unsigned contract does not win either: contractSigned is then the unmet criterion.
        var (_, api2, _, lastStage) = await App.PursuitAtLastStageAsync();
        var unsigned = await api2.PostJsonAsync(ContractsUrl, Body(lastStage, win: true));
        Assert.Equal(["contractSigned"], await UnmetKeysAsync(unsigned));
        Assert.Equal(0, await ContractRowsAsync(lastStage));

        // Recorded without win, the same contract is kept and the pursuit stays open.
        await api2.CreateAsync(ContractsUrl, Body(lastStage, win: false));
        Assert.Equal("open", (await api2.GetJsonAsync(PathOf(lastStage))).Str("status"));
    }

    [Fact]
    public async Task WinTrue_WithAnIdempotencyKey_IsAllOrNothing_AndReplaysTheFirstAnswer()
    {
        var (_, api, _, opportunityId) = await App.PursuitAtLastStageAsync();

        // Refused inside the request's own transaction: the savepoint takes the contract back.
        var refused = await api.PostJsonAsync(ContractsUrl, Body(opportunityId, win: true), idempotencyKey: "win-" + Guid.NewGuid());
        Assert.Equal(["contractSigned"], await UnmetKeysAsync(refused));
        Assert.Equal(0, await ContractRowsAsync(opportunityId));

        var key = "win-" + Guid.NewGuid();
        var body = Body(opportunityId, signedOn: Day(), win: true);
        var first = await api.PostJsonAsync(ContractsUrl, body, idempotencyKey: key);
        await first.ExpectAsync(HttpStatusCode.Created);
        var again = await api.PostJsonAsync(ContractsUrl, body, idempotencyKey: key);
        await again.ExpectAsync(HttpStatusCode.Created);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((await first.JsonAsync()).Id(), (await again.JsonAsync()).Id());
        Assert.Equal(1, await ContractRowsAsync(opportunityId));
        Assert.Equal("won", (await api.GetJsonAsync(PathOf(opportunityId))).Str("status"));
    }

    [Fact]
    public async Task Patch_ChangesFieldsAndReplacesLines_WithIfMatch_AndKeepsAccountAndPursuit()
    {
        var (_, api, accountId, opportunityId) = await App.NewPursuitAsync();
        var valve = await ProductAsync();
        var pump = await ProductAsync();
        var c = await api.CreateAsync(ContractsUrl, Body(opportunityId, lines: [Line(valve, 100m, 10m), Line(pump, 5m, 1000m)]));
        var keptLine = c["lines"]![0]!.Id();

        var changed = await api.PatchJsonAsync(ContractPath(c.Id()), new { notes = "Renewal clause added.", signedOn = Day(), lines = new[] { Line(valve, 100m, 10m), Line(pump, 8m, 900m) } }, IfMatch(c));

        await changed.ExpectAsync(HttpStatusCode.OK);
        var after = await changed.JsonAsync();
        Assert.Equal(ETagOf(changed), IfMatch(after));
        Assert.Equal("Renewal clause added.", after.Str("notes"));
        Assert.Equal("Price 1,150 KRW/pcs; 60 days net.", after.Str("terms"));
        Assert.Equal(Day(), after.Str("signedOn"));
        // The unchanged line is the same line; the changed one was replaced.
        Assert.Equal(keptLine, after["lines"]![0]!.Id());
        Assert.Equal((8m, 900m), (Dec(after["lines"]![1]!["quantity"]), Amount(after["lines"]![1]!["unitPrice"])));
        Assert.Equal(1000m + 7200m, Amount(after["total"]));

        // The same version again is stale; no If-Match saves over whatever is there.
        var stale = await api.PatchJsonAsync(ContractPath(c.Id()), new { notes = "Late edit" }, IfMatch(c));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("Renewal clause added.", (await api.GetJsonAsync(ContractPath(c.Id()))).Str("notes"));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PatchJsonAsync(ContractPath(c.Id()), new { notes = "x" }, "\"abc\"")).StatusCode);

        var other = await api.NewAccountAsync();
        var moved = await api.PatchJsonAsync(ContractPath(c.Id()), new { accountId = other.Id(), opportunityId = (long?)null, win = true }, IfMatch(after));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
        Assert.Equal(["accountId", "opportunityId", "win"], (await moved.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));
        var badLine = await api.PatchJsonAsync(ContractPath(c.Id()), new { lines = new[] { Line(valve, -1m, 10m) } }, IfMatch(after));
        Assert.Equal(["lines[0].quantity"], (await badLine.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(2, (await api.GetJsonAsync(ContractPath(c.Id())))["lines"]!.AsArray().Count);
        Assert.Equal(accountId, (await api.GetJsonAsync(ContractPath(c.Id())))["accountId"]!.GetValue<long>());
    }

    [Fact]
    public async Task RetiredProducts_StayOnTheContract_ButCannotBeAdded()
    {
        var (_, api, _, opportunityId) = await App.NewPursuitAsync();
        var old = await ProductAsync();
        var fresh = await ProductAsync();
        var c = await api.CreateAsync(ContractsUrl, Body(opportunityId, lines: [Line(old, 10m, 10m)]));
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await (await admin.PatchJsonAsync($"/api/v1/products/{old}", new { isActive = false })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PatchJsonAsync($"/api/v1/products/{fresh}", new { isActive = false })).ExpectAsync(HttpStatusCode.OK);

        // The retired product already on the contract may stay, even with a new quantity.
        var kept = await api.PatchJsonAsync(ContractPath(c.Id()), new { lines = new[] { Line(old, 12m, 10m) } }, IfMatch(c));
        await kept.ExpectAsync(HttpStatusCode.OK);
        var added = await api.PatchJsonAsync(ContractPath(c.Id()), new { lines = new[] { Line(old, 12m, 10m), Line(fresh, 1m, 1m) } }, ETagOf(kept));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, added.StatusCode);
        Assert.Equal(["lines[1].productId"], (await added.ErrorsAsync()).Select(e => e.Key));
        var (_, api2, _, other) = await App.NewPursuitAsync();
        var refused = await api2.PostJsonAsync(ContractsUrl, Body(other, lines: [Line(old, 1m, 1m)]));
        Assert.Equal(["lines[0].productId"], (await refused.ErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task CalledOff_SumsTheContractsScheduledOrderLinesThatAreNotCancelled()
    {
        var (rep, api, accountId, opportunityId) = await App.NewPursuitAsync();
        var valve = await ProductAsync();
        var pump = await ProductAsync();
        var c = await api.CreateAsync(ContractsUrl, Body(opportunityId, signedOn: Day(), lines: [Line(valve, 1000m, 10m), Line(pump, 50m, 100m)]));
        var other = await api.CreateAsync(ContractsUrl, Body(accountId: accountId, lines: [Line(valve, 10m, 10m)]));

        await using (var db = App.OpenDb())
        {
            Order Make(OrderKind kind, OrderStatus status, long? contractId, params (long Product, decimal Quantity, OrderLineStatus Status)[] lines)
            {
                var order = new Order
                {
                    AccountId = accountId, Kind = kind, Status = status, ContractId = contractId, Currency = "KRW",
                    OrderedOn = DateOnly.FromDateTime(DateTime.UtcNow), CreatedById = rep.Id,
                };
                var position = 1;
                foreach (var (product, quantity, lineStatus) in lines)
                {
                    order.Lines.Add(new OrderLine
                    {
                        AccountId = accountId, Position = position, ProductId = product, Quantity = quantity, UnitPrice = 10m, Status = lineStatus,
                        RequestedDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7 * position++),
                    });
                }
                return order;
            }
            db.Orders.AddRange(
                Make(OrderKind.Scheduled, OrderStatus.Confirmed, c.Id(), (valve, 100m, OrderLineStatus.Open), (valve, 150.5m, OrderLineStatus.Delivered), (valve, 70m, OrderLineStatus.Cancelled), (pump, 60m, OrderLineStatus.PartlyDelivered)),
                Make(OrderKind.Scheduled, OrderStatus.Draft, c.Id(), (valve, 20m, OrderLineStatus.Open)),
                Make(OrderKind.Scheduled, OrderStatus.Cancelled, c.Id(), (valve, 999m, OrderLineStatus.Open)),
                Make(OrderKind.Spot, OrderStatus.Confirmed, c.Id(), (valve, 5m, OrderLineStatus.Open)),
                Make(OrderKind.Scheduled, OrderStatus.Confirmed, other.Id(), (valve, 3m, OrderLineStatus.Open)),
                Make(OrderKind.Scheduled, OrderStatus.Confirmed, null, (valve, 4m, OrderLineStatus.Open)));
            await db.SaveChangesAsync();
        }

        var read = await api.GetJsonAsync(ContractPath(c.Id()));
        var lines = read["lines"]!.AsArray();
        Assert.Equal((270.5m, 729.5m), (Dec(lines[0]!["calledOff"]), Dec(lines[0]!["remaining"])));
        // More called off than agreed: the remainder goes below zero.
        Assert.Equal((60m, -10m), (Dec(lines[1]!["calledOff"]), Dec(lines[1]!["remaining"])));
        Assert.Equal(3m, Dec((await api.GetJsonAsync(ContractPath(other.Id())))["lines"]![0]!["calledOff"]));
        var listed = (await api.GetJsonAsync($"{ContractsUrl}?accountId={accountId}"))["items"]!.AsArray().Single(x => x!.Id() == c.Id())!;
        Assert.Equal(270.5m, Dec(listed["lines"]![0]!["calledOff"]));

        // Orders calling it off keep it.
        var blocked = await api.DeleteAsync(ContractPath(c.Id()), IfMatch(read));
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Contains("4 order(s)", (await blocked.JsonAsync())["rules"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_WithIfMatch_AndNotWhileItWonItsPursuit()
    {
        var (_, api, accountId, _) = await App.NewPursuitAsync();
        var c = await api.CreateAsync(ContractsUrl, Body(accountId: accountId));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.DeleteAsync(ContractPath(c.Id()), "\"99\"")).StatusCode);
        await (await api.DeleteAsync(ContractPath(c.Id()), IfMatch(c))).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(ContractPath(c.Id()))).StatusCode);

        var (_, winner, _, opportunityId) = await App.PursuitAtLastStageAsync();
        var won = await winner.CreateAsync(ContractsUrl, Body(opportunityId, signedOn: Day(), win: true));

        var refused = await winner.DeleteAsync(ContractPath(won.Id()), IfMatch(won));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("reopen the pursuit first", (await refused.JsonAsync())["rules"]![0]!.GetValue<string>());
        // Its signature is part of the win too.
        var unsign = await winner.PatchJsonAsync(ContractPath(won.Id()), new { signedOn = (string?)null }, IfMatch(won));
        Assert.Equal(HttpStatusCode.Conflict, unsign.StatusCode);
        // A pursuit with a contract is not deleted from under it.
        var pursuitDelete = await winner.DeleteAsync(PathOf(opportunityId), null);
        Assert.Equal(HttpStatusCode.Conflict, pursuitDelete.StatusCode);
        Assert.Contains("delete the contract first", await pursuitDelete.Content.ReadAsStringAsync());

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await (await admin.ReopenAsync(opportunityId, new { reason = "Contract withdrawn by the customer." })).ExpectAsync(HttpStatusCode.OK);
        await (await winner.DeleteAsync(ContractPath(won.Id()), IfMatch(won))).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(0, await ContractRowsAsync(opportunityId));
        await (await winner.DeleteAsync(PathOf(opportunityId), null)).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task WhoMay_ReadAndWrite_RepsTheirOwn_ManagersTheirTeam_ViewerReads_QualityAndProductSeeNothing()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var (_, api, accountId, opportunityId) = await App.NewPursuitAsync(team);
        var product = await ProductAsync();
        var c = await api.CreateAsync(ContractsUrl, Body(opportunityId, lines: [Line(product, 10m, 1500m)]));
        var path = ContractPath(c.Id());

        using var own = App.Client(manager);
        var managed = await own.PatchJsonAsync(path, new { notes = "Checked by the manager." }, IfMatch(c));
        await managed.ExpectAsync(HttpStatusCode.OK);
        var version = ETagOf(managed);

        using var stranger = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        foreach (var outsider in new[] { stranger, otherManager })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(path + "/history")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PatchJsonAsync(path, new { notes = "x" }, version)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync(path, version)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(DraftPath(opportunityId))).StatusCode);
            Assert.DoesNotContain((await outsider.GetJsonAsync(ContractsUrl + "?limit=500"))["items"]!.AsArray(), x => x!.Id() == c.Id());
            Assert.Empty((await outsider.GetJsonAsync($"{ContractsUrl}?accountId={accountId}"))["items"]!.AsArray());
        }

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        var seen = await viewer.GetJsonAsync(path);
        Assert.Equal(15000m, Amount(seen["total"]));
        Assert.Equal(1500m, Amount(seen["lines"]![0]!["unitPrice"]));
        Assert.Contains((await viewer.GetJsonAsync($"{ContractsUrl}?accountId={accountId}"))["items"]!.AsArray(), x => x!.Id() == c.Id());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(ContractsUrl, Body(opportunityId))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(path, new { notes = "x" }, version)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(path, version)).StatusCode);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var outside = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync(path + "/history")).StatusCode);
            var list = await outside.GetAsync($"{ContractsUrl}?accountId={accountId}");
            await list.ExpectAsync(HttpStatusCode.OK);
            Assert.Empty((await list.JsonAsync())["items"]!.AsArray());
            Assert.Empty((await outside.GetJsonAsync(ContractsUrl + "?limit=500"))["items"]!.AsArray());
            Assert.Equal(HttpStatusCode.Forbidden, (await outside.PostJsonAsync(ContractsUrl, Body(accountId: accountId))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outside.PatchJsonAsync(path, new { notes = "x" }, version)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outside.DeleteAsync(path, version)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outside.GetAsync(DraftPath(opportunityId))).StatusCode);
        }

        // Cost and margin appear for nobody, not even managers and admins.
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        foreach (var client in new[] { api, own, viewer, admin })
        {
            Assert.Empty(Members(await client.GetJsonAsync(path)).Intersect(CostMembers));
            Assert.Empty(Members(await client.GetJsonAsync($"{ContractsUrl}?accountId={accountId}")).Intersect(CostMembers));
            Assert.Empty(Members(await client.GetJsonAsync(path + "/history")).Intersect(CostMembers));
        }
    }

    [Fact]
    public async Task History_ListsTheCreationAndEachChange_WithTheLines()
    {
        var (_, api, _, opportunityId) = await App.NewPursuitAsync();
        var product = await ProductAsync();
        var c = await api.CreateAsync(ContractsUrl, Body(opportunityId, lines: [Line(product, 10m, 1500m)]));
        await (await api.PatchJsonAsync(ContractPath(c.Id()), new { signedOn = "2026-12-28", lines = new[] { Line(product, 12m, 1500m) } }, IfMatch(c)))
            .ExpectAsync(HttpStatusCode.OK);

        var history = (await api.GetJsonAsync(ContractPath(c.Id()) + "/history"))["items"]!.AsArray();

        Assert.Equal(["updated", "created"], history.Select(h => h.Str("action")));
        var changes = history[0]!["changes"]!.AsArray();
        Assert.Contains(changes, x => x.Str("field") == "signedOn" && x.Str("new") == "2026-12-28");
        Assert.Contains(changes, x => x.Str("field") == "lines" && x!["new"] is not null && x.Str("new").Contains("x 12", StringComparison.Ordinal));
        Assert.Contains(changes, x => x.Str("field") == "lines" && x!["old"] is not null && x.Str("old").Contains("x 10", StringComparison.Ordinal));
        var created = history[1]!["changes"]!.AsArray().Select(x => x.Str("field")).ToList();
        Assert.Contains("startsOn", created);
        Assert.Contains("terms", created);
        Assert.Contains("lines", created);
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal(2, (await viewer.GetJsonAsync(ContractPath(c.Id()) + "/history"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Draft_TakesTermsFromTheAgreedSummary_AndLinesFromTheLatestSentQuote()
    {
        var (_, api, accountId, opportunityId) = await App.NewPursuitAsync();
        await Negotiation.NegotiationGate.MeetNegotiationGateAsync(api, opportunityId);
        var valve = await ProductAsync();
        var pump = await ProductAsync();
        var sent = await api.NewQuoteAsync(opportunityId, [QuoteLine(valve, 400m, 2000m, 10m), QuoteLine(pump, 3m, 50000m)], [Value()]);
        var answer = await api.ActAsync(sent.Id(), "send");
        if (answer.StatusCode == HttpStatusCode.Conflict)
        {
            await (await api.ActAsync(sent.Id(), "submit")).ExpectAsync(HttpStatusCode.OK);
            using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
            await (await admin.ActAsync(sent.Id(), "approve", new { comment = "Fine for a test." })).ExpectAsync(HttpStatusCode.OK);
            answer = await api.ActAsync(sent.Id(), "send");
        }
        await answer.ExpectAsync(HttpStatusCode.OK);
        // A later draft that never went out is not what was offered.
        await api.NewQuoteAsync(opportunityId, [QuoteLine(valve, 1m, 1m)]);

        var draft = await api.GetJsonAsync(DraftPath(opportunityId));

        var summary = (await api.GetJsonAsync($"/api/v1/opportunities/{opportunityId}/negotiation"))["agreedSummary"]!.Str("text");
        Assert.Equal(summary, draft.Str("terms"));
        Assert.Contains("1,150", draft.Str("terms"));
        Assert.Equal((accountId, opportunityId, "KRW"), (draft["accountId"]!.GetValue<long>(), draft["opportunityId"]!.GetValue<long>(), draft.Str("currency")));
        Assert.Equal((Day(), DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            (draft.Str("startsOn"), draft.Str("endsOn")));
        var lines = draft["lines"]!.AsArray();
        Assert.Equal([valve, pump], lines.Select(l => l!["productId"]!.GetValue<long>()));
        Assert.Equal((400m, 1800m), (Dec(lines[0]!["quantity"]), Amount(lines[0]!["unitPrice"])));
        Assert.Equal((3m, 50000m), (Dec(lines[1]!["quantity"]), Amount(lines[1]!["unitPrice"])));
        Assert.False(draft["win"]!.GetValue<bool>());
        Assert.Null(draft["signedOn"]);

        // In the last stage the draft proposes to win; posted as it is (signed), it wins.
        await App.PutInStageAsync(opportunityId, "testing");
        var atLast = await api.GetJsonAsync(DraftPath(opportunityId));
        Assert.True(atLast["win"]!.GetValue<bool>());
        atLast["signedOn"] = Day();
        atLast["win"] = false;
        var created = await api.PostJsonAsync(ContractsUrl, atLast);
        await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(400m * 1800m + 150000m, Amount((await created.JsonAsync())["total"]));
        Assert.Equal(HttpStatusCode.Conflict, (await api.GetAsync(DraftPath(opportunityId))).StatusCode);

        // Without a negotiation or a quote the draft still opens: no terms, no lines, the pursuit's currency.
        var bare = await api.NewOpportunityAsync(accountId);
        var empty = await api.GetJsonAsync(DraftPath(bare.Id()));
        Assert.Null(empty["terms"]);
        Assert.Empty(empty["lines"]!.AsArray());
        Assert.Equal(3, empty.Str("currency").Length);
    }

    [Fact]
    public async Task Gate_AtTesting_SaysWhetherTheContractIsRecordedAndSigned_InBothLanguages()
    {
        var (rep, api, _, opportunityId) = await App.NewPursuitAsync();
        await App.PutInStageAsync(opportunityId, "testing");

        static JsonNode Criterion(JsonNode gate) => gate["criteria"]!.AsArray().Single(c => c.Str("key") == "contractSigned")!;

        var none = Criterion(await api.GateAsync(opportunityId));
        Assert.False(none["met"]!.GetValue<bool>());
        Assert.Equal("Purchase contract signed", none.Str("name"));
        Assert.Equal("No contract is recorded for this pursuit yet.", none.Str("why"));

        var c = await api.CreateAsync(ContractsUrl, Body(opportunityId));
        var unsigned = Criterion(await api.GateAsync(opportunityId));
        Assert.False(unsigned["met"]!.GetValue<bool>());
        Assert.Contains("not signed yet", unsigned.Str("why"));

        await (await api.PatchJsonAsync(ContractPath(c.Id()), new { signedOn = "2026-12-28" }, IfMatch(c))).ExpectAsync(HttpStatusCode.OK);
        var signed = Criterion(await api.GateAsync(opportunityId));
        Assert.True(signed["met"]!.GetValue<bool>());
        Assert.Contains("K-2027-01", signed.Str("why"));

        using var korean = App.Client(rep, "ko");
        var ko = Criterion(await korean.GateAsync(opportunityId));
        Assert.Equal("구매 계약 체결", ko.Str("name"));
        Assert.Contains("체결했습니다", ko.Str("why"));
    }
}
