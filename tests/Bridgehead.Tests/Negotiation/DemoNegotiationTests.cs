using Bridgehead.Identity;
using Bridgehead.Negotiation;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Negotiation;

public sealed class DemoNegotiationTests_Sqlite() : DemoNegotiationTests(Provider.Sqlite);

public sealed class DemoNegotiationTests_Postgres() : DemoNegotiationTests(Provider.Postgres);

/// <summary>The demo's negotiation: a pursuit at stage 7 with three terms, two rounds, a concession for nothing and an exception waiting for the demo manager.</summary>
public abstract class DemoNegotiationTests(Provider provider)
{
    [Fact]
    public async Task TheDemo_HasANegotiationWithAnExceptionWaitingForTheDemoManager()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var check = app.OpenDb();
        var terms = await check.NegotiationTerms.AsNoTracking().ToListAsync();
        var opportunityId = Assert.Single(terms.Select(t => t.OpportunityId).Distinct());
        var deal = await check.Opportunities.AsNoTracking().SingleAsync(o => o.Id == opportunityId);
        Assert.Equal("negotiation", deal.Stage);

        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        var negotiation = await admin.GetJsonAsync($"/api/v1/opportunities/{opportunityId}/negotiation");
        Assert.Equal(3, negotiation["terms"]!.AsArray().Count);
        Assert.Equal(2, negotiation["rounds"]!.AsArray().Count);
        var codes = negotiation["warnings"]!.AsArray().Select(w => w.Str("code")).ToList();
        Assert.Contains("concessionNothingReceived", codes);
        Assert.Contains("exceptionAwaitingApproval", codes);
        Assert.False(negotiation["agreedSummary"]!["complete"]!.GetValue<bool>());

        // The demo manager sees the exception among the approvals waiting for them.
        var manager = await check.Users.AsNoTracking().SingleAsync(u => u.IsDemo && u.Role == Role.Manager);
        await using var asManager = app.OpenDb(new Viewer(manager.Id, Role.Manager, manager.TeamId, manager.UserName));
        var waiting = await new ListNegotiationApprovals(asManager).HandleAsync(CancellationToken.None);
        Assert.Contains(waiting, w => w.Kind == "exception" && w.OpportunityId == opportunityId);
    }
}
