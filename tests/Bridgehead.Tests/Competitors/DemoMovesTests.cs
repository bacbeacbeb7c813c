using Bridgehead.Competitors;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Competitors;

public sealed class DemoMovesTests_Sqlite() : DemoMovesTests(Provider.Sqlite);

public sealed class DemoMovesTests_Postgres() : DemoMovesTests(Provider.Postgres);

/// <summary>The demo's market watch: about ten moves over six months, a poaching attempt tied to an open pursuit, Korean text at Korean accounts.</summary>
public abstract class DemoMovesTests(Provider provider)
{
    [Fact]
    public async Task Load_AddsMovesOverTheLastSixMonths_InTheMarketAndAtCustomers()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var moves = await db.CompetitorMoves.AsNoTracking().ToListAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.InRange(moves.Count, 8, 12);
        Assert.All(moves, m => Assert.InRange(m.OccurredOn, today.AddDays(-190), today));
        foreach (var kind in new[] { CompetitorMoveKind.PriceCut, CompetitorMoveKind.NewProduct, CompetitorMoveKind.PoachingAttempt,
                     CompetitorMoveKind.CapacityExpansion, CompetitorMoveKind.QualityTrouble })
        {
            Assert.Contains(moves, m => m.Kind == kind);
        }
        Assert.Contains(moves, m => m.AccountId is null && m.Industry is not null);
        Assert.Contains(moves, m => m.Kind == CompetitorMoveKind.QualityTrouble && m.AccountId is not null);
        var poaching = moves.Where(m => m.Kind == CompetitorMoveKind.PoachingAttempt && m.OpportunityId is not null).ToList();
        Assert.NotEmpty(poaching);
        foreach (var m in poaching)
        {
            var deal = await db.Opportunities.AsNoTracking().SingleAsync(o => o.Id == m.OpportunityId);
            Assert.Equal((OpportunityStatus.Open, m.AccountId), (deal.Status, (long?)deal.AccountId));
        }
        var accounts = await db.Accounts.AsNoTracking().Where(a => moves.Select(m => m.AccountId).Contains(a.Id)).ToDictionaryAsync(a => a.Id);
        Assert.All(moves.Where(m => m.AccountId is { } id && accounts[id].Country == "KR"), m => Assert.Matches("[가-힣]", m.Title));
    }
}
