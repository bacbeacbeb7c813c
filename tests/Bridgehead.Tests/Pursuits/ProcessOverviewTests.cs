using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Orders.OrderSetup;

namespace Bridgehead.Tests.Pursuits;

public sealed class ProcessOverviewTests_Sqlite() : ProcessOverviewTests(Provider.Sqlite);

public sealed class ProcessOverviewTests_Postgres() : ProcessOverviewTests(Provider.Postgres);

public abstract class ProcessOverviewTests(Provider provider) : AppTests(provider)
{
    private static JsonNode Stage(JsonNode overview, string key) =>
        overview["stages"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == key)!;

    /// <summary>A profiled account with its share of wallet for rebar, and one pursuit per value, each ready to leave prospecting.</summary>
    private async Task<long[]> PursuitsAsync(HttpClient client, params (decimal Amount, string Currency)[] values)
    {
        var account = await client.CreateAsync("/api/v1/accounts", new
        {
            name = "Process " + Guid.NewGuid().ToString("N")[..8],
            industry = "41",
            applicationIds = new[] { await client.BoilersAsync() },
        });
        await App.RecordShareAsync(account.Id(), "rebar");
        var ids = new List<long>();
        foreach (var (amount, currency) in values)
        {
            var o = await client.CreateAsync("/api/v1/opportunities", new
            {
                accountId = account.Id(),
                title = "Rebar " + Guid.NewGuid().ToString("N")[..8],
                productCategory = "rebar",
                entryAngle = "The mill down the road closes in March.",
                applicationId = await client.BoilersAsync(),
                estimatedAnnualValue = new { amount, currency },
            });
            ids.Add(o.Id());
        }
        return [.. ids];
    }

    [Fact]
    public async Task Overview_CountsOpenPursuitsAndValuePerCurrency_AndConversionToTheNextStage_OnlyOfVisiblePursuits()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var stranger = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var ids = await PursuitsAsync(client, (100m, "KRW"), (50m, "KRW"), (7m, "USD"));
        await PursuitsAsync(App.Client(stranger), (1000m, "KRW"));

        await (await client.PostJsonAsync($"/api/v1/opportunities/{ids[0]}/advance", new { })).ExpectAsync(HttpStatusCode.OK);

        var overview = await App.Client(manager).GetJsonAsync("/api/v1/process");
        var prospecting = Stage(overview, "prospecting");
        Assert.Equal(2, prospecting["open"]!.GetValue<int>());
        Assert.Equal(3, prospecting["entered"]!.GetValue<int>());
        Assert.Equal(1, prospecting["movedOn"]!.GetValue<int>());
        Assert.Equal(33, prospecting["conversionPercent"]!.GetValue<int>());
        var values = prospecting["value"]!.AsArray().ToDictionary(v => v!["currency"]!.GetValue<string>(), v => v!["amount"]!.GetValue<decimal>());
        Assert.Equal(50m, values["KRW"]);
        Assert.Equal(7m, values["USD"]);
        var contact = Stage(overview, "contact");
        Assert.Equal(1, contact["open"]!.GetValue<int>());
        Assert.Equal(1, contact["entered"]!.GetValue<int>());
        Assert.Equal(0, contact["movedOn"]!.GetValue<int>());
        Assert.Null(Stage(overview, "needs")["conversionPercent"]);
        Assert.False(Stage(overview, "orders")["isPursuit"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PassingEveryGate_WinsThePursuit_AndMakesTheProspectALiveCustomer()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.CreateAsync("/api/v1/accounts", new
        {
            name = "Winner " + Guid.NewGuid().ToString("N")[..8],
            industry = "30",
            applicationIds = new[] { await client.BoilersAsync() },
        });
        await client.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Kang Purchasing" });
        var o = await client.CreateAsync("/api/v1/opportunities", new
        {
            accountId = account.Id(),
            title = "Thick plate for hull blocks",
            productCategory = "plate",
            entryAngle = "The yard's current supplier failed two lots.",
            applicationId = await client.BoilersAsync(),
            estimatedAnnualValue = new { amount = 900m, currency = "KRW" },
            expectedCloseDate = "2027-06-30",
        });
        await client.CreateAsync("/api/v1/activities", new { accountId = account.Id(), opportunityId = o.Id(), kind = "visit", subject = "Yard visit", occurredAt = DateTime.UtcNow.AddDays(-1) });
        await client.CreateAsync("/api/v1/tasks", new { title = "Book the audit", dueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7), opportunityId = o.Id() });
        await App.RecordShareAsync(account.Id(), "Plate");
        await App.MapBuyingCenterAsync(account.Id(), o.Id());
        await client.DecideRouteAsync(o.Id());
        await Needs.NeedsSetup.MeetNeedsGateAsync(client, o.Id());
        await ProductRequests.RequestSetup.MeetDevelopmentGateAsync(App, client, account.Id(), o.Id());
        await Bridgehead.Tests.Quotes.QuoteSetup.MeetQuoteGateAsync(App, client, account.Id(), o.Id());
        await Feedback.FeedbackSetup.MeetFeedbackGateAsync(client, o.Id());
        await Negotiation.NegotiationGate.MeetNegotiationGateAsync(client, o.Id());
        await Trials.TrialsSetup.MeetTestingTrialsAsync(App, client, account.Id(), o.Id());
        await Contracts.ContractSetup.MeetContractGateAsync(App, client, account.Id(), o.Id());
        var before = (await client.GetJsonAsync("/api/v1/process"))["liveCustomers"]!.GetValue<int>();

        JsonNode moved = o;
        for (var step = 0; step < 8; step++)
        {
            var response = await client.PostJsonAsync($"/api/v1/opportunities/{o.Id()}/advance", new { });
            await response.ExpectAsync(HttpStatusCode.OK);
            moved = await response.JsonAsync();
        }

        Assert.Equal("won", moved["status"]!.GetValue<string>());
        Assert.Equal("testing", moved["stage"]!.GetValue<string>());
        Assert.NotNull(moved["closedAt"]);
        Assert.Equal("customer", (await client.GetJsonAsync($"/api/v1/accounts/{account.Id()}"))["status"]!.GetValue<string>());
        Assert.Equal(before + 1, (await client.GetJsonAsync("/api/v1/process"))["liveCustomers"]!.GetValue<int>());
        var again = await client.PostJsonAsync($"/api/v1/opportunities/{o.Id()}/advance", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var history = (await client.GetJsonAsync($"/api/v1/opportunities/{o.Id()}/stage-history")).AsArray();
        Assert.Equal(["opened", "advanced", "advanced", "advanced", "advanced", "advanced", "advanced", "advanced", "won"], history.Select(h => h!["move"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AManagersOverridePastTheLastGate_LeavesTheStage_ButEntersNone()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var ids = await PursuitsAsync(App.Client(rep), (10m, "KRW"));
        // In testing since long before the period; its only step in the period is the won override.
        await App.PutInStageAsync(ids[0], "testing", enteredAt: DateTime.UtcNow.AddDays(-200));
        using var client = App.Client(manager);

        var won = await client.PostJsonAsync($"/api/v1/opportunities/{ids[0]}/advance", new { @override = new { reason = "Audit passed on paper" } });
        await won.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("won", (await won.JsonAsync())["status"]!.GetValue<string>());
        var testing = Stage(await client.GetJsonAsync("/api/v1/process"), "testing");
        Assert.Equal(0, testing["entered"]!.GetValue<int>());
        Assert.Equal(0, testing["movedOn"]!.GetValue<int>());
    }

    [Fact]
    public async Task MovingBack_IsNotConversion_AndAPeriodBeforeTheMovesCountsNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var ids = await PursuitsAsync(client, (10m, "EUR"));
        await (await client.PostJsonAsync($"/api/v1/opportunities/{ids[0]}/advance", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"/api/v1/opportunities/{ids[0]}/advance", new { toStage = "prospecting", reason = "Wrong contact" })).ExpectAsync(HttpStatusCode.OK);

        var overview = await client.GetJsonAsync("/api/v1/process");
        Assert.Equal(1, Stage(overview, "prospecting")["entered"]!.GetValue<int>());
        Assert.Equal(1, Stage(overview, "prospecting")["movedOn"]!.GetValue<int>());
        Assert.Equal(0, Stage(overview, "contact")["movedOn"]!.GetValue<int>());

        var past = await client.GetJsonAsync("/api/v1/process?from=2020-01-01&to=2020-12-31");
        Assert.All(past["stages"]!.AsArray(), s => Assert.Equal(0, s!["entered"]!.GetValue<int>()));
        Assert.Equal(1, Stage(past, "prospecting")["open"]!.GetValue<int>());
    }

    [Fact]
    public async Task BackwardsPeriod_Is422NamingFrom_AndRolesWithoutSalesAreRefused()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var backwards = await App.Client(rep).GetAsync("/api/v1/process?from=2026-05-01&to=2026-04-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.True((await backwards.ErrorsAsync()).ContainsKey("from"));

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            var user = await App.CreateUserAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await App.Client(user).GetAsync("/api/v1/process")).StatusCode);
        }
        var viewer = await App.CreateUserAsync(Role.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await App.Client(viewer).GetAsync("/api/v1/process")).StatusCode);
    }

    [Fact]
    public async Task Page_ShowsTheTenStages_InKorean_WithTheExplanationForOrdersAndCare()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = await App.SignInAsync(rep);
        var english = (await browser.GetAsync("/process")).Html;
        Assert.Contains("Process overview", english, StringComparison.Ordinal);
        Assert.Contains("live customers", english, StringComparison.Ordinal);
        Assert.Contains("Open orders: ", english, StringComparison.Ordinal);
        Assert.Contains("href=\"/orders?late=true\"", english, StringComparison.Ordinal);

        var bad = (await browser.GetAsync("/process?from=2026-05-01&to=2026-04-01")).Html;
        Assert.Contains("The period starts after it ends.", bad, StringComparison.Ordinal);

        using var koreanBrowser = await App.SignInAsync(rep, language: "ko");
        var korean = (await koreanBrowser.GetAsync("/process")).Html;
        Assert.Contains("프로세스 한눈에 보기", korean, StringComparison.Ordinal);
        Assert.Contains("거래 중인 고객", korean, StringComparison.Ordinal);
        Assert.Contains("진행 중인 주문", korean, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stage9_CountsTheOpenOrders_AndTheirLinesLateOrAtRisk_OfTheAccountsTheCallerSees()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var stranger = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.CreateAsync("/api/v1/accounts", new { name = "Orders " + Guid.NewGuid().ToString("N")[..8] });
        var product = await App.NewOrderProductAsync(1, null);
        var calendar = await App.CalendarAsync();
        // Late: promised yesterday, nothing delivered. At risk: due tomorrow (working day), nothing delivered. Fine: far ahead.
        var late = await client.NewSpotAsync(account.Id(), Line(product, 5, Today.AddDays(40)));
        await App.SetLineAsync((await client.ConfirmedAsync(late.Id()))["lines"]![0]!.Id(), Today.AddDays(-1));
        var soon = await client.NewSpotAsync(account.Id(), Line(product, 5, calendar.AddWorkingDays(Today, 1)), Line(product, 5, Today.AddDays(90)));
        await client.ConfirmedAsync(soon.Id());
        await client.NewSpotAsync(account.Id(), Line(product, 5, Today.AddDays(90)));
        await App.InsertOrderAsync(account.Id(), rep.Id, Bridgehead.Orders.OrderStatus.Delivered, (product, 1, Today.AddDays(-3), 1, Today.AddDays(-3), null));
        var strangers = await App.Client(stranger).CreateAsync("/api/v1/accounts", new { name = "Elsewhere " + Guid.NewGuid().ToString("N")[..8] });
        var hidden = await App.Client(stranger).NewSpotAsync(strangers.Id(), Line(product, 5, Today.AddDays(40)));
        await App.Client(stranger).ConfirmedAsync(hidden.Id());

        foreach (var user in new[] { rep, manager })
        {
            var orders = (await App.Client(user).GetJsonAsync("/api/v1/process"))["orders"]!;
            Assert.Equal(2, orders["open"]!.GetValue<int>());
            Assert.Equal(1, orders["lateLines"]!.GetValue<int>());
            Assert.Equal(1, orders["atRiskLines"]!.GetValue<int>());
        }
        var theirs = (await App.Client(stranger).GetJsonAsync("/api/v1/process"))["orders"]!;
        Assert.Equal((1, 0, 0), (theirs["open"]!.GetValue<int>(), theirs["lateLines"]!.GetValue<int>(), theirs["atRiskLines"]!.GetValue<int>()));

        using var browser = await App.SignInAsync(rep);
        var page = System.Net.WebUtility.HtmlDecode((await browser.GetAsync("/process")).Html);
        Assert.Contains("Open orders: 2", page, StringComparison.Ordinal);
        Assert.Contains("Late lines: 1", page, StringComparison.Ordinal);
        Assert.Contains("Lines at risk: 1", page, StringComparison.Ordinal);
    }
    [Fact]
    public async Task Stage10_CountsTheCustomersUnderCareByTier_OverdueCare_AndHealthByBand_InAConstantNumberOfQueries()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var stranger = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        async Task<long> CustomerAsync(int? visitedDaysAgo)
        {
            var account = await client.CreateAsync("/api/v1/accounts", new { name = "Care " + Guid.NewGuid().ToString("N")[..8], status = "customer" });
            if (visitedDaysAgo is { } days)
            {
                await client.CreateAsync("/api/v1/activities", new { accountId = account.Id(), kind = "visit", subject = "Visit", occurredAt = DateTime.UtcNow.AddDays(-days) });
            }
            return account.Id();
        }
        var late = await CustomerAsync(130);
        var fine = await CustomerAsync(3);
        var flagged = await CustomerAsync(null);
        await (await App.Client(manager).PatchJsonAsync($"/api/v1/accounts/{flagged}", new { isStrategic = true })).ExpectAsync(HttpStatusCode.OK);
        await client.CreateAsync("/api/v1/accounts", new { name = "Prospect " + Guid.NewGuid().ToString("N")[..8] });
        await App.Client(stranger).CreateAsync("/api/v1/accounts", new { name = "Theirs " + Guid.NewGuid().ToString("N")[..8], status = "customer" });
        await using (var db = App.OpenDb())
        {
            db.AccountHealth.Add(new Bridgehead.Health.AccountHealth { AccountId = late, Score = 35, Band = Bridgehead.Health.HealthBand.AtRisk, Signals = "[]", ScoredAt = DateTime.UtcNow });
            db.AccountHealth.Add(new Bridgehead.Health.AccountHealth { AccountId = fine, Score = 85, Band = Bridgehead.Health.HealthBand.Healthy, Signals = "[]", ScoredAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        using var sql = SqlCommands.For(App, rep);
        var care = (await client.GetJsonAsync("/api/v1/process"))["care"]!;
        var withThree = sql.Commands.Count;
        Assert.Equal(3, care["accounts"]!.GetValue<int>());
        var tiers = care["tiers"]!.AsArray().ToDictionary(t => t!["tier"]!.GetValue<string>(), t => t!["accounts"]!.GetValue<int>());
        Assert.Equal(1, tiers["strategic"]);
        Assert.Equal(0, tiers["key"]);
        Assert.Equal(2, tiers["standard"]);
        // Late: its visit is ten days past. Flagged: strategic without an executive sponsor.
        Assert.Equal(2, care["overdue"]!.GetValue<int>());
        Assert.Equal((1, 0, 1, 1), (care["healthy"]!.GetValue<int>(), care["watch"]!.GetValue<int>(), care["atRisk"]!.GetValue<int>(), care["notScored"]!.GetValue<int>()));
        Assert.Equal(3, (await App.Client(manager).GetJsonAsync("/api/v1/process"))["care"]!["accounts"]!.GetValue<int>());

        for (var i = 0; i < 4; i++)
        {
            await CustomerAsync(i * 40);
        }
        sql.Clear();
        Assert.Equal(7, (await client.GetJsonAsync("/api/v1/process"))["care"]!["accounts"]!.GetValue<int>());
        Assert.Equal(withThree, sql.Commands.Count);

        using var browser = await App.SignInAsync(rep);
        var page = System.Net.WebUtility.HtmlDecode((await browser.GetAsync("/process")).Html);
        Assert.Contains("7 accounts under care", page, StringComparison.Ordinal);
        Assert.Contains("Strategic: 1", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/care?due=overdue\"", page, StringComparison.Ordinal);
        Assert.Contains("1 healthy, 0 watch, 1 at risk, 5 not scored yet", page, StringComparison.Ordinal);
    }
}
