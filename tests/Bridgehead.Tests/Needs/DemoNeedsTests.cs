using Bridgehead.Feedback;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Needs;

public sealed class DemoNeedsTests_Sqlite() : DemoNeedsTests(Provider.Sqlite);

public sealed class DemoNeedsTests_Postgres() : DemoNeedsTests(Provider.Postgres);

/// <summary>The demo's needs and customer feedback: from stage 3 and 6 on, Korean text for Korean accounts, one overdue item for a rep.</summary>
public abstract class DemoNeedsTests(Provider provider)
{
    [Fact]
    public async Task Load_RecordsNeedsAndFeedback_WithOneOverdueItemForARep()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var deals = await db.Opportunities.AsNoTracking().Select(o => new { o.Id, o.Stage, Korean = o.Account!.Country == "KR" }).ToListAsync();
        var needs = await db.OpportunityNeeds.AsNoTracking().Include(n => n.ServiceRequirements).Include(n => n.References).ToListAsync();
        var stageOf = deals.ToDictionary(d => d.Id, d => Stages.Find(d.Stage)!.Number);
        Assert.NotEmpty(needs);
        Assert.All(needs, n => Assert.True(stageOf[n.OpportunityId] >= 3));
        Assert.Equal(deals.Count(d => Stages.Find(d.Stage) is { IsPursuit: true, Number: >= 3 }), needs.Count);
        Assert.All(needs, n => Assert.NotEmpty(n.ServiceRequirements));
        Assert.All(needs, n => Assert.True(n.References.Count > 0 || n.NoReferenceReason is not null));
        Assert.Contains(needs, n => n.TargetPrice < n.FloorPrice);
        var korean = deals.Where(d => d.Korean).Select(d => d.Id).ToHashSet();
        Assert.All(needs.Where(n => korean.Contains(n.OpportunityId)), n => Assert.Matches("[가-힣]", n.Notes!));

        var feedback = await db.Feedback.AsNoTracking().Include(f => f.Owner).Include(f => f.Opportunity).ToListAsync();
        Assert.NotEmpty(feedback);
        Assert.Contains(feedback, f => f.Status == FeedbackStatus.Answered && f.Response is not null);
        Assert.All(feedback.Where(f => f.Status != FeedbackStatus.Open), f => Assert.NotNull(f.Response));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var overdue = Assert.Single(feedback, f => f.Status == FeedbackStatus.Open && f.DueOn < today && f.Opportunity!.Status == OpportunityStatus.Open);
        Assert.Equal(Role.Rep, overdue.Owner!.Role);
        Assert.All(feedback.Where(f => korean.Contains(f.OpportunityId)), f => Assert.Matches("[가-힣]", f.Text));
    }
}
