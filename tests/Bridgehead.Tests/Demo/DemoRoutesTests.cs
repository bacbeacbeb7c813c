using Bridgehead.Accounts;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Demo;

public sealed class DemoRoutesTests_Sqlite() : DemoRoutesTests(Provider.Sqlite);

public sealed class DemoRoutesTests_Postgres() : DemoRoutesTests(Provider.Postgres);

/// <summary>Stages 1-2 of the demo data: rivals' profiles, partner accounts, routes and entry angles.</summary>
public abstract class DemoRoutesTests(Provider provider)
{
    [Fact]
    public async Task Load_ProfilesTheRivals_AddsPartnerAccounts_AndDecidesRoutesConsistently()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var competitors = await db.Competitors.AsNoTracking().ToListAsync();
        Assert.All(competitors, c => Assert.True(c.Strengths is not null && c.Weaknesses is not null && c.PricePosition is not null, c.Name));
        var partners = await db.Accounts.AsNoTracking().Where(a => a.Type == AccountType.Partner).ToListAsync();
        Assert.Equal(["DE", "KR", "VN"], partners.Select(p => p.Country!).Order(StringComparer.Ordinal));
        var deals = await db.Opportunities.AsNoTracking().Include(o => o.Partners).ToListAsync();
        Assert.DoesNotContain(deals, o => partners.Any(p => p.Id == o.AccountId));
        // Decided routes have a rationale and the partners their route needs; prospecting has none decided yet.
        Assert.All(deals.Where(o => o.Route is not null), o =>
        {
            Assert.NotNull(o.RouteRationale);
            Assert.NotNull(o.RouteDecidedAt);
            Assert.Equal(o.Route == Route.Direct, o.Partners.Count == 0);
            Assert.All(o.Partners, p => Assert.Contains(partners, a => a.Id == p.PartnerAccountId));
        });
        Assert.DoesNotContain(deals, o => o.Stage == "prospecting" && o.Route is not null);
        Assert.Contains(deals, o => o.Route is Route.Agent or Route.Distributor or Route.Consortium);
        Assert.Contains(deals, o => o.Stage is "prospecting" or "contact" && o.EntryAngle is not null);
        Assert.All(deals.Where(o => Stages.Find(o.Stage)!.Number > 2), o => Assert.NotNull(o.EntryAngle));
    }
}
