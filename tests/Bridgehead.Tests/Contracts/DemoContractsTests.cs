using Bridgehead.Pursuits;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Contracts;

public sealed class DemoContractsTests_Sqlite() : DemoContractsTests(Provider.Sqlite);

public sealed class DemoContractsTests_Postgres() : DemoContractsTests(Provider.Postgres);

/// <summary>The demo data's contracts: one signed, active contract with lines for each won pursuit, in Korean for Korean accounts.</summary>
public abstract class DemoContractsTests(Provider provider)
{
    [Fact]
    public async Task Load_SignsAContractForEveryWonPursuit_WithLines_AndKoreanTermsForKoreanAccounts()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var won = await db.Opportunities.AsNoTracking().Where(o => o.Status == OpportunityStatus.Won)
            .Select(o => new { o.Id, o.AccountId, o.Account!.Country }).ToListAsync();
        var contracts = await db.Contracts.AsNoTracking().Include(c => c.Lines).ToListAsync();
        Assert.NotEmpty(won);
        Assert.Equal(won.Select(o => o.Id).Order(), contracts.Select(c => c.OpportunityId!.Value).Order());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.All(contracts, c =>
        {
            var pursuit = won.Single(o => o.Id == c.OpportunityId);
            Assert.Equal(pursuit.AccountId, c.AccountId);
            Assert.NotNull(c.SignedOn);
            Assert.InRange(today, c.StartsOn, c.EndsOn);
            Assert.NotEmpty(c.Lines);
            Assert.All(c.Lines, l => Assert.True(l.Quantity > 0 && l.UnitPrice > 0 && l.AccountId == c.AccountId));
            Assert.Equal(c.Lines.Count, c.Lines.Select(l => l.ProductId).Distinct().Count());
            if (pursuit.Country == "KR")
            {
                Assert.Matches("[가-힣]", c.Terms!);
            }
            else
            {
                Assert.DoesNotMatch("[가-힣]", c.Terms!);
            }
        });
        Assert.Contains(won, o => o.Country == "KR");
        Assert.Equal(contracts.Count, await db.AuditEntries.CountAsync(e => e.EntityType == "contract"));
    }
}
