using Bridgehead.Common;
using Bridgehead.Demo;
using Bridgehead.Identity;
using Bridgehead.Quotes;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Quotes;

public sealed class DemoQuotesTests_Sqlite() : DemoQuotesTests(Provider.Sqlite);

public sealed class DemoQuotesTests_Postgres() : DemoQuotesTests(Provider.Postgres);

/// <summary>The demo data's quotes: versions at later-stage pursuits, one superseded, sent ones with value, one waiting for a demo manager.</summary>
public abstract class DemoQuotesTests(Provider provider)
{
    [Fact]
    public async Task Load_AddsVersions_ASupersededAndASentOneWithValue_AndOnePendingForItsTeamManager()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var quotes = await db.Quotes.AsNoTracking().Include(q => q.Lines).Include(q => q.ValuePropositions).Include(q => q.Opportunity).ThenInclude(o => o!.Owner).ToListAsync();
        Assert.InRange(quotes.Count, 3, DemoQuotes.MaxPursuits + 1);
        Assert.Contains(quotes, q => q.Status == QuoteStatus.Superseded);
        Assert.Contains(quotes, q => q.Status == QuoteStatus.Sent && q.ValuePropositions.Count > 0);
        Assert.All(quotes, q => Assert.NotEmpty(q.Lines));
        Assert.All(quotes, q => Assert.True(Bridgehead.Pursuits.Stages.Find(q.Opportunity!.Stage)!.Number >= 5));
        Assert.All(quotes.Where(q => q.Language == "ko"), q => Assert.Matches("[가-힣]", q.CustomerNote!));
        Assert.All(quotes.Where(q => q.Status is QuoteStatus.Sent or QuoteStatus.Accepted), q => Assert.NotEqual(ApprovalState.Pending, q.Approval));

        var pending = Assert.Single(quotes, q => q.Approval == ApprovalState.Pending);
        Assert.Equal(QuoteStatus.Draft, pending.Status);
        var manager = await db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.Manager && u.TeamId == pending.Opportunity!.Owner!.TeamId);
        await using var asManager = app.OpenDb(new Viewer(manager.Id, Role.Manager, manager.TeamId, manager.DisplayName));
        Assert.True(await asManager.Quotes.AnyAsync(q => q.Id == pending.Id));
    }
}
