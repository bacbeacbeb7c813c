using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Care;

public sealed class CarePlansTests_Sqlite() : CarePlansTests(Provider.Sqlite);

public sealed class CarePlansTests_Postgres() : CarePlansTests(Provider.Postgres);

/// <summary>
/// The care plans API and page, and placement when a plan is saved or the job runs. On a server of
/// their own: saving a plan re-places every customer in the database.
/// </summary>
public abstract class CarePlansTests(Provider provider) : IAsyncLifetime
{
    private TestApp App { get; set; } = null!;

    public async ValueTask InitializeAsync() => App = await CareSetup.OwnAppAsync(provider);

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static JsonNode Plan(JsonNode list, string tier) => list.AsArray().Single(p => p!["tier"]!.GetValue<string>() == tier)!;

    private static object KeyPlan(decimal? revenue, decimal? potential) => new
    {
        includesStrategic = false,
        minAnnualRevenue = revenue is { } r ? new { amount = r, currency = "KRW" } : null,
        minPotential = potential is { } p ? new { amount = p } : null,
        visitEveryDays = 60,
        reviewEveryDays = 180,
        executiveSponsorRequired = false,
    };

    [Fact]
    public async Task List_GivesTheThreePlansTopDown_ToSalesReaders_AndQualityAndProductAreRefused()
    {
        foreach (var role in new[] { Role.Rep, Role.Manager, Role.Viewer, Role.Admin })
        {
            var list = (await App.Client(await App.CreateUserAsync(role)).GetJsonAsync("/api/v1/care-plans")).AsArray();
            Assert.Equal(["strategic", "key", "standard"], list.Select(p => p!["tier"]!.GetValue<string>()));
            Assert.All(list, p => Assert.InRange(p!["visitEveryDays"]!.GetValue<int>(), 1, 730));
        }
        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            var user = await App.CreateUserAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await App.Client(user).GetAsync("/api/v1/care-plans")).StatusCode);
        }
    }

    [Fact]
    public async Task Put_IsForAdminsOnly()
    {
        foreach (var role in new[] { Role.Rep, Role.Manager, Role.Viewer, Role.Quality, Role.Product })
        {
            var user = await App.CreateUserAsync(role);
            var response = await App.Client(user).PutJsonAsync("/api/v1/care-plans/standard", new { visitEveryDays = 100 });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutJsonAsync("/api/v1/care-plans/gold", new { visitEveryDays = 100 })).StatusCode);
    }

    [Fact]
    public async Task Put_WithInvalidValues_Is422NamingEachField_AndSavesNothing()
    {
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var before = Plan(await admin.GetJsonAsync("/api/v1/care-plans"), "strategic");
        var response = await admin.PutJsonAsync("/api/v1/care-plans/strategic", new
        {
            includesStrategic = true,
            minAnnualRevenue = new { amount = -1m, currency = "KRW" },
            minPotential = new { amount = 1_000_000_000_000_000m, currency = "KRW" },
            visitEveryDays = 0,
            reviewEveryDays = 731,
            notes = new string('n', 2001),
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = await response.ErrorsAsync();
        foreach (var field in new[] { "minAnnualRevenue", "minPotential", "visitEveryDays", "reviewEveryDays", "notes" })
        {
            Assert.True(errors.ContainsKey(field), field);
        }
        var otherCurrency = await admin.PutJsonAsync("/api/v1/care-plans/strategic", new { visitEveryDays = 30, minAnnualRevenue = new { amount = 5m, currency = "USD" } });
        Assert.True((await otherCurrency.ErrorsAsync()).ContainsKey("minAnnualRevenue"));
        var missing = await admin.PutJsonAsync("/api/v1/care-plans/strategic", new { reviewEveryDays = 30 });
        Assert.True((await missing.ErrorsAsync()).ContainsKey("visitEveryDays"));
        Assert.Equal(before.ToJsonString(), Plan(await admin.GetJsonAsync("/api/v1/care-plans"), "strategic").ToJsonString());
    }

    [Fact]
    public async Task Put_HonoursIfMatch_AndAStaleVersionIs412()
    {
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var first = await admin.PutJsonAsync("/api/v1/care-plans/standard", new { visitEveryDays = 120, notes = "Twice a year at least." });
        await first.ExpectOkAsync();
        var etag = first.Headers.ETag!.Tag;
        var saved = (await first.JsonAsync())["plan"]!;
        Assert.True(saved["isSaved"]!.GetValue<bool>());
        Assert.Equal("Twice a year at least.", saved["notes"]!.GetValue<string>());

        var second = await admin.PutJsonAsync("/api/v1/care-plans/standard", new { visitEveryDays = 110 }, etag);
        await second.ExpectOkAsync();
        var stale = await admin.PutJsonAsync("/api/v1/care-plans/standard", new { visitEveryDays = 90 }, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(110, Plan(await admin.GetJsonAsync("/api/v1/care-plans"), "standard")["visitEveryDays"]!.GetValue<int>());
        // Put back the default rhythm for the other tests.
        await (await admin.PutJsonAsync("/api/v1/care-plans/standard", new { visitEveryDays = 120 }, second.Headers.ETag!.Tag)).ExpectOkAsync();
    }

    [Fact]
    public async Task SavingAPlan_RePlacesEveryCustomer_ByRevenuePotentialAndFlag_AndTheMovesAreAudited()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var adminClient = App.Client(admin);
        var rep = await App.CreateUserAsync(Role.Rep);
        var client = App.Client(rep);
        await App.RateAsync("USD", 1000m);

        // Revenue: 2 x 600,000 KRW confirmed this year, plus a line without a price and a cancelled one that count nothing.
        var earner = await client.CustomerAsync("Earner");
        await App.OrderAsync(earner.Id(), rep.Id, OrderStatus.Confirmed, "KRW", 30,
            (2m, 600_000m, OrderLineStatus.Open), (5m, null, OrderLineStatus.Open), (9m, 1_000_000m, OrderLineStatus.Cancelled));
        // Revenue in USD converts: 1 x 1,500 USD = 1,500,000 KRW.
        var dollar = await client.CustomerAsync("Dollar");
        await App.OrderAsync(dollar.Id(), rep.Id, OrderStatus.Delivered, "USD", 100, (1m, 1_500m, OrderLineStatus.Delivered));
        // Orders that do not count: a draft, a cancelled order, one older than a year.
        var nothing = await client.CustomerAsync("Nothing");
        await App.OrderAsync(nothing.Id(), rep.Id, OrderStatus.Draft, "KRW", 10, (100m, 1_000_000m, OrderLineStatus.Open));
        await App.OrderAsync(nothing.Id(), rep.Id, OrderStatus.Cancelled, "KRW", 10, (100m, 1_000_000m, OrderLineStatus.Cancelled));
        await App.OrderAsync(nothing.Id(), rep.Id, OrderStatus.Delivered, "KRW", 400, (100m, 1_000_000m, OrderLineStatus.Delivered));
        // Potential: the wallet's latest picture; 40% known at 2,400 USD a year -> 6,000 USD -> 6,000,000 KRW (an older, larger entry is replaced).
        var wallet = await client.CustomerAsync("Wallet");
        await App.ShareAsync(wallet.Id(), "valves", 40m, 1_000_000m, "USD", daysAgo: 300);
        await App.ShareAsync(wallet.Id(), "valves", 40m, 2_400m, "USD");
        // Flagged strategic by a manager-level user (the admin).
        var flagged = await client.CustomerAsync("Flagged");
        await (await adminClient.PatchJsonAsync($"/api/v1/accounts/{flagged.Id()}", new { isStrategic = true })).ExpectOkAsync();
        Assert.Equal("strategic", await client.TierAsync(flagged.Id()));
        // A prospect keeps the tier set by hand.
        var prospect = await client.CreateAsync("/api/v1/accounts", new { name = CareSetup.Unique("Prospect"), tier = "key" });

        var saved = await adminClient.PutJsonAsync("/api/v1/care-plans/key", KeyPlan(1_000_000m, 5_000_000m));
        await saved.ExpectOkAsync();
        // New customers start in standard; earner, dollar and wallet move up to key.
        Assert.True((await saved.JsonAsync())["accountsChangedTier"]!.GetValue<int>() >= 3);

        Assert.Equal("key", await client.TierAsync(earner.Id()));
        Assert.Equal("key", await client.TierAsync(dollar.Id()));
        Assert.Equal("standard", await client.TierAsync(nothing.Id()));
        Assert.Equal("key", await client.TierAsync(wallet.Id()));
        Assert.Equal("strategic", await client.TierAsync(flagged.Id()));
        Assert.Equal("key", await client.TierAsync(prospect.Id()));

        var care = await client.GetJsonAsync($"/api/v1/accounts/{earner.Id()}/care");
        Assert.Equal(1_200_000m, care["annualRevenue"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("revenue", care["placedBy"]!.GetValue<string>());
        var walletCare = await client.GetJsonAsync($"/api/v1/accounts/{wallet.Id()}/care");
        Assert.Equal(6_000_000m, walletCare["potential"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("potential", walletCare["placedBy"]!.GetValue<string>());
        Assert.Equal(0m, (await client.GetJsonAsync($"/api/v1/accounts/{nothing.Id()}/care"))["annualRevenue"]!["amount"]!.GetValue<decimal>());

        await using (var db = App.OpenDb())
        {
            // The move is an account change like any other (created, then re-placed), and the plan's save is audited too.
            Assert.True(await db.AuditEntries.CountAsync(e => e.EntityType == "account" && e.EntityId == earner.Id()) >= 2);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "carePlan"));
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/accounts/{earner.Id()}/history")).StatusCode);

        // Raising the bar moves them back; saving the same plan again moves nobody.
        var raised = await adminClient.PutJsonAsync("/api/v1/care-plans/key", KeyPlan(100_000_000_000m, null));
        Assert.Equal("standard", await client.TierAsync(earner.Id()));
        var again = await adminClient.PutJsonAsync("/api/v1/care-plans/key", KeyPlan(100_000_000_000m, null), raised.Headers.ETag!.Tag);
        Assert.Equal(0, (await again.JsonAsync())["accountsChangedTier"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheCareTierJob_RePlacesCustomersWhoseRevenueMoved_AndASecondRunChangesNothing()
    {
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var rep = await App.CreateUserAsync(Role.Rep);
        var client = App.Client(rep);
        await (await admin.PutJsonAsync("/api/v1/care-plans/key", KeyPlan(3_000_000m, null))).ExpectOkAsync();
        var grower = await client.CustomerAsync("Grower");
        // A new customer is placed at once (no revenue yet: standard); the job moves it as revenue comes.
        Assert.Equal("standard", await client.TierAsync(grower.Id()));
        await App.OrderAsync(grower.Id(), rep.Id, OrderStatus.Confirmed, "KRW", 5, (3m, 1_000_000m, OrderLineStatus.Open));

        var worker = App.Web.Services.GetRequiredService<BackgroundWorker>();
        Assert.True(await worker.RunOnceAsync());
        Assert.Equal("key", await client.TierAsync(grower.Id()));
        var version = (await client.GetJsonAsync($"/api/v1/accounts/{grower.Id()}"))["version"]!.GetValue<long>();

        Assert.True(await worker.RunOnceAsync());
        Assert.Equal(version, (await client.GetJsonAsync($"/api/v1/accounts/{grower.Id()}"))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Page_AdminsEditEachTier_WithTheCountOfMovedAccounts_OthersReadOnly_WithoutInlineStyles()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var browser = await App.SignInAsync(admin);
        var page = await browser.GetFormAsync("/care-plans");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(page.Html, "name=\"Plan.Tier\""));
        Assert.DoesNotContain("style=", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"/care-plans\"", page.Html, StringComparison.Ordinal);

        var fields = new Dictionary<string, string>
        {
            ["Plan.Tier"] = "Key",
            ["Plan.MinAnnualRevenue"] = "2000000000",
            ["Plan.VisitEveryDays"] = "45",
            ["Plan.ReviewEveryDays"] = "120",
        };
        var posted = await browser.PostFormAsync("/care-plans", page.Token, fields);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = (await browser.GetAsync("/care-plans")).Html;
        Assert.Matches("Plan saved\\. \\d+ accounts changed tier\\.", after);
        Assert.Contains("value=\"45\"", after, StringComparison.Ordinal);

        var refused = await browser.PostFormAsync("/care-plans", page.Token, new Dictionary<string, string>(fields) { ["Plan.VisitEveryDays"] = "0" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("field-error", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var noToken = await browser.Http.PostAsync("/care-plans", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var rep = await App.CreateUserAsync(Role.Rep);
        using var repBrowser = await App.SignInAsync(rep);
        var read = (await repBrowser.GetAsync("/care-plans")).Html;
        Assert.DoesNotContain("name=\"Plan.Tier\"", read, StringComparison.Ordinal);
        Assert.Contains("Only admins change the plans.", read, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/care-plans\" aria-current", read, StringComparison.Ordinal);
        var repPage = await repBrowser.GetFormAsync("/care-plans");
        var repPost = await repBrowser.PostFormAsync("/care-plans", repPage.Token, fields);
        Assert.Equal(HttpStatusCode.Forbidden, repPost.StatusCode);

        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/care-plans")).Status);

        using var korean = await App.SignInAsync(admin, language: "ko");
        Assert.Contains("관리 계획", (await korean.GetAsync("/care-plans")).Html, StringComparison.Ordinal);
    }
}
