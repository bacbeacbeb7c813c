using Bridgehead.Identity;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Trials;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Trials;

public sealed class DemoTrialsTests_Sqlite() : DemoTrialsTests(Provider.Sqlite);

public sealed class DemoTrialsTests_Postgres() : DemoTrialsTests(Provider.Postgres);

/// <summary>The demo's trials: a pursuit in testing that passed everything, one held up by an open major finding, results recorded by the demo quality user.</summary>
public abstract class DemoTrialsTests(Provider provider)
{
    [Fact]
    public async Task TheDemo_HasAFullyPassedPlan_AndAConditionalAuditWithAnOpenMajorFinding()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var check = app.OpenDb();
        var quality = await check.Users.AsNoTracking().SingleAsync(u => u.IsDemo && u.Role == Role.Quality);
        var pursuits = await check.TrialPhases.AsNoTracking().Select(p => p.OpportunityId).Distinct().ToListAsync();
        Assert.True(pursuits.Count >= 2);
        Assert.All(await check.Opportunities.AsNoTracking().Where(o => pursuits.Contains(o.Id)).ToListAsync(), o => Assert.Equal("testing", o.Stage));
        Assert.All(await check.TrialPhases.AsNoTracking().Where(p => p.Result != TrialResult.Pending).ToListAsync(), p => Assert.Equal(quality.Id, p.ResultRecordedById));

        // Read as the demo quality user, who reads trials but no opportunity.
        using var api = app.Client(await app.CreateUserAsync(Role.Quality));
        var plans = new List<System.Text.Json.Nodes.JsonNode>();
        foreach (var id in pursuits)
        {
            plans.Add(await api.GetJsonAsync($"/api/v1/opportunities/{id}/trials"));
        }
        var passed = Assert.Single(plans, p => p["summary"]!["passed"]!.GetValue<bool>());
        Assert.Equal(["pilot", "pilot", "pilot", "massProduction", "audit"], passed["phases"]!.AsArray().Select(p => p.Str("kind")));
        var held = Assert.Single(plans, p => p["summary"]!["missing"]!.AsArray().Any(m => m!.GetValue<string>() == "audit conditional: 1 finding open"));
        var audit = held["phases"]!.AsArray().Single(p => p.Str("kind") == "audit")!;
        Assert.Contains(audit["findings"]!.AsArray(), f => f.Str("severity") == "major" && f.Str("status") == "open");
        // Something for the quality home: a round ending within the week without a result.
        var soon = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).ToString("yyyy-MM-dd");
        Assert.NotEmpty((await api.GetJsonAsync($"/api/v1/trials?result=pending&plannedEndBefore={soon}"))["items"]!.AsArray());
    }
}
