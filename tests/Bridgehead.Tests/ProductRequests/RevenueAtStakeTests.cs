using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Forecasting;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.ProductRequests.RequestSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.ProductRequests;

[Collection(RatesCollection.Sqlite)]
public sealed class RevenueAtStakeTests_Sqlite() : RevenueAtStakeTests(Provider.Sqlite);

[Collection(RatesCollection.Postgres)]
public sealed class RevenueAtStakeTests_Postgres() : RevenueAtStakeTests(Provider.Postgres);

/// <summary>
/// Revenue at stake: the open pursuits waiting on a request, converted to the base currency with
/// the admins' rates, summed over every link whoever may read it. Exchange rates are company-wide,
/// so these tests run in the rates collection.
/// </summary>
public abstract class RevenueAtStakeTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task RevenueAtStake_SumsOpenPursuitsInTheBaseCurrency_OverEveryLink_AndRanksTheList()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var adminClient = App.Client(admin);
        var rates = new ForecastData(App);
        await rates.SetRateAsync(admin, "USD", 1400m);
        await rates.RemoveRateAsync(admin, "ZZD");
        var repA = await App.CreateUserAsync(Role.Rep);
        using var a = App.Client(repA);
        using var b = App.Client(await App.CreateUserAsync(Role.Rep));
        var accountA = await a.NewAccountAsync();
        var accountB = await b.NewAccountAsync();

        async Task<long> DealAsync(HttpClient client, long accountId, decimal? amount, string? currency)
        {
            var deal = await client.NewOpportunityAsync(accountId);
            if (amount is { } value)
            {
                await (await client.PatchJsonAsync(PathOf(deal.Id()), new { estimatedAnnualValue = new { amount = value, currency } })).ExpectAsync(HttpStatusCode.OK);
            }
            return deal.Id();
        }

        var krw = await DealAsync(a, accountA.Id(), 50_000_000m, "KRW");
        var usd = await DealAsync(b, accountB.Id(), 10_000.25m, "USD");
        var closed = await DealAsync(a, accountA.Id(), 7_000_000m, "KRW");
        await (await a.CloseAsync(closed, new { outcome = "lost", reason = "price" })).ExpectAsync(HttpStatusCode.OK);
        var noRate = await DealAsync(b, accountB.Id(), 500m, "ZZD");
        var noValue = await DealAsync(a, accountA.Id(), null, null);
        var tag = Tag();
        var big = await adminClient.RaiseAsync(Title(tag, "Big"), opportunityIds: [krw, usd, closed, noRate, noValue]);
        var small = await adminClient.RaiseAsync(Title(tag, "Small"), opportunityIds: [usd]);
        var none = await adminClient.RaiseAsync(Title(tag, "None"), accountIds: [accountA.Id()]);

        // 50,000,000 KRW + 10,000.25 USD x 1,400 = 64,000,350 KRW; the lost pursuit is not waiting; ZZD has no rate.
        var byA = await a.GetJsonAsync(ReqPath(big.Id()));
        Assert.Equal((64_000_350m, "KRW"), (byA["revenueAtStake"]!["amount"]!.GetValue<decimal>(), byA["revenueAtStake"].Str("currency")));
        Assert.Equal((500m, "ZZD"), (byA["unconvertedRevenue"]![0]!["amount"]!.GetValue<decimal>(), byA["unconvertedRevenue"]![0].Str("currency")));
        Assert.Equal(4, byA["waitingOpportunities"]!.GetValue<int>());
        Assert.Equal(new[] { krw, closed, noValue }.Order(), Ids(byA, "opportunityIds").Order());

        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var byProduct = await product.GetJsonAsync(ReqPath(big.Id()));
        Assert.Equal(64_000_350m, byProduct["revenueAtStake"]!["amount"]!.GetValue<decimal>());
        Assert.Empty(byProduct["opportunities"]!.AsArray());
        Assert.Equal(14_000_350m, (await product.GetJsonAsync(ReqPath(small.Id())))["revenueAtStake"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(0m, (await product.GetJsonAsync(ReqPath(none.Id())))["revenueAtStake"]!["amount"]!.GetValue<decimal>());

        Assert.Equal([big.Id(), small.Id(), none.Id()], await product.ListIdsAsync($"q={tag}&sort=revenue"));
        Assert.Equal([none.Id(), small.Id(), big.Id()], await product.ListIdsAsync($"q={tag}&sort=newest"));
        var first = await product.GetJsonAsync($"{Root}?q={tag}&sort=revenue&limit=2");
        Assert.Equal([big.Id(), small.Id()], first["items"]!.AsArray().Select(x => x!.Id()));
        var rest = await product.GetJsonAsync($"{Root}?q={tag}&sort=revenue&limit=2&cursor={first["nextCursor"]!.GetValue<string>()}");
        Assert.Equal([none.Id()], rest["items"]!.AsArray().Select(x => x!.Id()));
        Assert.Null(rest["nextCursor"]);

        // A new rate shows at once; winning the pursuit takes it out of the sum.
        await rates.SetRateAsync(admin, "USD", 1300m);
        Assert.Equal(13_000_325m, (await product.GetJsonAsync(ReqPath(small.Id())))["revenueAtStake"]!["amount"]!.GetValue<decimal>());
        await using (var db = App.OpenDb())
        {
            await db.Opportunities.Where(o => o.Id == usd).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, Bridgehead.Pursuits.OpportunityStatus.Won));
        }
        Assert.Equal(0m, (await product.GetJsonAsync(ReqPath(small.Id())))["revenueAtStake"]!["amount"]!.GetValue<decimal>());
        await rates.SetRateAsync(admin, "USD", 1400m);
    }
}
