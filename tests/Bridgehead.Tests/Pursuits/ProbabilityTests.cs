using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Pursuits;

public sealed class ProbabilityTests_Sqlite() : ProbabilityTests(Provider.Sqlite);

public sealed class ProbabilityTests_Postgres() : ProbabilityTests(Provider.Postgres);

/// <summary>A pursuit's probability is its stage's, unless its owner says otherwise and why.</summary>
public abstract class ProbabilityTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Owner_OverridesTheStagesProbability_OnlyWithAReason()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        Assert.Equal(5, opportunity["probability"]!.GetValue<int>());
        Assert.Equal(5, opportunity["stageProbability"]!.GetValue<int>());
        Assert.Null(opportunity["probabilityReason"]);

        foreach (var body in new object[] { new { probability = 70 }, new { probability = 70, probabilityReason = "  " } })
        {
            var refused = await client.PatchJsonAsync(PathOf(opportunity), body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal(["probabilityReason"], (await refused.ErrorsAsync()).Select(e => e.Key));
        }
        Assert.Equal(1, (await client.GetJsonAsync(PathOf(opportunity)))["version"]!.GetValue<long>());

        var response = await client.PatchJsonAsync(PathOf(opportunity), new { probability = 70, probabilityReason = " Sole qualified supplier after the audit. " });

        await response.ExpectAsync(HttpStatusCode.OK);
        var set = await response.JsonAsync();
        Assert.Equal(70, set["probability"]!.GetValue<int>());
        Assert.Equal(5, set["stageProbability"]!.GetValue<int>());
        Assert.Equal("Sole qualified supplier after the audit.", set.Str("probabilityReason"));

        // The override stays when the stage moves; the stage's figure follows the stage.
        await App.PutInStageAsync(opportunity.Id(), "quote");
        var inQuote = await client.GetJsonAsync(PathOf(opportunity));
        Assert.Equal((70, 40), (inQuote["probability"]!.GetValue<int>(), inQuote["stageProbability"]!.GetValue<int>()));
    }

    [Fact]
    public async Task AProbabilitySetBeforeReasons_KeepsEveryOtherEditWorking_ButChangingItNeedsTheReason()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await using (var db = App.OpenDb())
        {
            // As the foundation left it: a probability without a reason (the PursuitEngine migration keeps it).
            await db.Opportunities.Where(o => o.Id == opportunity.Id()).ExecuteUpdateAsync(s => s.SetProperty(o => o.Probability, 40));
        }

        await (await client.PatchJsonAsync(PathOf(opportunity), new { title = "Renamed by the owner" })).ExpectAsync(HttpStatusCode.OK);
        await (await App.Client(manager).PatchJsonAsync(PathOf(opportunity), new { notes = "Checked by the manager" })).ExpectAsync(HttpStatusCode.OK);
        var kept = await client.GetJsonAsync(PathOf(opportunity));
        Assert.Equal(40, kept["probability"]!.GetValue<int>());

        var changed = await client.PatchJsonAsync(PathOf(opportunity), new { probability = 45 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Equal(["probabilityReason"], (await changed.ErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task SettingNull_ReturnsToTheStagesProbability_AndDropsTheReason()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await App.PutInStageAsync(opportunity.Id(), "negotiation");
        await (await client.PatchJsonAsync(PathOf(opportunity), new { probability = 90, probabilityReason = "Verbal yes" })).ExpectAsync(HttpStatusCode.OK);

        var response = await client.PatchJsonAsync(PathOf(opportunity), new { probability = (int?)null });

        await response.ExpectAsync(HttpStatusCode.OK);
        var back = await response.JsonAsync();
        Assert.Equal(60, back["probability"]!.GetValue<int>());
        Assert.Equal(60, back["stageProbability"]!.GetValue<int>());
        Assert.Null(back["probabilityReason"]);
    }

    [Fact]
    public async Task SomeoneOtherThanTheOwner_ChangingTheProbability_IsForbidden_ButMayEditTheRest()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var owner = await App.CreateUserAsync(Role.Rep, team);
        var colleague = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(owner);
        var account = await client.NewAccountAsync(colleague.Id);
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await (await client.PatchJsonAsync(PathOf(opportunity), new { probability = 30, probabilityReason = "Owner's view" })).ExpectAsync(HttpStatusCode.OK);

        foreach (var other in new[] { colleague, manager, await App.CreateUserAsync(Role.Admin) })
        {
            using var them = App.Client(other);
            foreach (var body in new object[]
                     {
                         new { probability = 80, probabilityReason = "My view" },
                         new { probabilityReason = "A better reason" },
                         new { probability = (int?)null },
                     })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await them.PatchJsonAsync(PathOf(opportunity), body)).StatusCode);
            }
            await (await them.PatchJsonAsync(PathOf(opportunity), new { notes = $"Seen by {other.Role}" })).ExpectAsync(HttpStatusCode.OK);
        }

        var current = await client.GetJsonAsync(PathOf(opportunity));
        Assert.Equal(30, current["probability"]!.GetValue<int>());
        Assert.Equal("Owner's view", current.Str("probabilityReason"));
        Assert.Equal("Seen by Admin", current.Str("notes"));
    }

    [Fact]
    public async Task NewPursuit_WithTheOwnersProbability_NeedsTheReason_AndTheOwnerToBeTheCaller()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var account = await App.Client(rep).NewAccountAsync();
        using var client = App.Client(manager);

        // A manager opening a pursuit for a rep cannot set the rep's figure.
        var forbidden = await client.PostJsonAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Assigned", ownerId = rep.Id, probability = 50, probabilityReason = "Manager's hunch" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var assigned = await client.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Assigned", ownerId = rep.Id });
        Assert.Equal(rep.Id, assigned["ownerId"]!.GetValue<long>());

        var own = await client.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Own", probability = 50, probabilityReason = "Manager's own pursuit" });
        Assert.Equal(50, own["probability"]!.GetValue<int>());
        Assert.Equal(manager.Id, own["ownerId"]!.GetValue<long>());
    }
}
