using Bridgehead.ProductRequests;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.ProductRequests;

public sealed class DemoProductRequestsTests_Sqlite() : DemoProductRequestsTests(Provider.Sqlite);

public sealed class DemoProductRequestsTests_Postgres() : DemoProductRequestsTests(Provider.Postgres);

/// <summary>The demo's product requests: every status, several accounts on one, a merged duplicate, links that keep their account.</summary>
public abstract class DemoProductRequestsTests(Provider provider)
{
    [Fact]
    public async Task Load_AddsRequestsInEveryStatus_WithAMergedDuplicate()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var requests = await db.ProductRequests.AsNoTracking().Include(r => r.Accounts).Include(r => r.Opportunities).ToListAsync();
        Assert.Equal(7, requests.Count);
        Assert.Equal(Enum.GetValues<ProductRequestStatus>().Order(), requests.Select(r => r.Status).Distinct().Order());
        var duplicate = Assert.Single(requests, r => r.MergedIntoId is not null);
        Assert.Empty(duplicate.Accounts);
        var survivor = requests.Single(r => r.Id == duplicate.MergedIntoId);
        Assert.Equal(3, survivor.Opportunities.Count);
        Assert.True(survivor.Accounts.Count >= 2);
        Assert.Equal(await db.Products.AnyAsync(), requests.Single(r => r.Status == ProductRequestStatus.Released).ProductId is not null);
        var opportunities = await db.Opportunities.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.AccountId);
        Assert.All(requests.SelectMany(r => r.Opportunities), l => Assert.Equal(opportunities[l.OpportunityId], l.AccountId));
        Assert.All(requests.SelectMany(r => r.Opportunities.Select(o => (r, o))), x => Assert.Contains(x.r.Accounts, a => a.AccountId == x.o.AccountId));
        var korean = await db.Accounts.AsNoTracking().Where(a => a.Country == "KR").Select(a => a.Id).ToListAsync();
        // A request all of whose accounts are Korean is written in Korean.
        Assert.All(requests.Where(r => r.Accounts.Count > 0 && r.Accounts.All(a => korean.Contains(a.AccountId))), r => Assert.Matches("[가-힣]", r.Title));
    }
}
