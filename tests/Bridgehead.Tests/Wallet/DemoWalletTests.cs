using Bridgehead.Accounts;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Wallet;

public sealed class DemoWalletTests_Sqlite() : DemoWalletTests(Provider.Sqlite);

public sealed class DemoWalletTests_Postgres() : DemoWalletTests(Provider.Postgres);

/// <summary>The demo's share of wallet and slips: believable, and within the rules the product enforces.</summary>
public abstract class DemoWalletTests(Provider provider)
{
    [Fact]
    public async Task Demo_HasSharesThatMove_UsAtCustomersOnly_AndSlipsRecentAndOld()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id);
        var shares = await db.SupplierShares.AsNoTracking().ToListAsync();
        var slips = await db.IncumbentEvents.AsNoTracking().ToListAsync();
        var withDeals = await db.Opportunities.Where(o => o.ProductCategory != null).Select(o => o.AccountId).Distinct().ToListAsync();

        var covered = shares.Select(s => s.AccountId).ToHashSet();
        Assert.True(covered.Count >= withDeals.Count * 0.6, $"{covered.Count} of {withDeals.Count} accounts with deals have shares");
        Assert.All(shares, s => Assert.True(s.AsOf <= today));
        foreach (var category in shares.GroupBy(s => (s.AccountId, s.CategoryKey)))
        {
            var entries = category.Select(s => new ShareEntry(s.Id, s.CompetitorId, s.SharePercent, s.AsOf)).ToList();
            Assert.Null(ShareRules.FirstOverflow(entries, DateOnly.MinValue));
            Assert.InRange(entries.Select(e => e.AsOf).Distinct().Count(), 2, 4);
            var status = accounts[category.Key.AccountId].Status;
            Assert.Equal(status == AccountStatus.Customer, entries.Any(e => e.CompetitorId is null));
        }
        Assert.Contains(shares.Where(s => s.CompetitorId is null).GroupBy(s => (s.AccountId, s.CategoryKey)),
            g => g.Select(s => s.SharePercent).Distinct().Count() > 1);

        Assert.True(slips.Select(s => s.AccountId).Distinct().Count() >= 5);
        Assert.Contains(slips, s => s.OccurredOn >= today.AddDays(-OpeningSignal.HorizonDays));
        Assert.Contains(slips, s => s.OccurredOn < today.AddDays(-OpeningSignal.HorizonDays));
        Assert.All(slips.Where(s => accounts[s.AccountId].Country == "KR"), s => Assert.Matches("[가-힣]", s.Note!));
        Assert.All(slips.Where(s => accounts[s.AccountId].Country != "KR"), s => Assert.DoesNotMatch("[가-힣]", s.Note!));
    }
}
