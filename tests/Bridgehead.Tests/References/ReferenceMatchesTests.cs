using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.References;

public sealed class ReferenceMatchesTests_Sqlite() : ReferenceMatchesTests(Provider.Sqlite);

public sealed class ReferenceMatchesTests_Postgres() : ReferenceMatchesTests(Provider.Postgres);

/// <summary>GET /opportunities/{id}/reference-matches: ranking, reasons, the own customer left out, who may ask.</summary>
public abstract class ReferenceMatchesTests(Provider provider) : AppTests(provider)
{
    private static string MatchesOf(long opportunityId) => $"/api/v1/opportunities/{opportunityId}/reference-matches";

    [Fact]
    public async Task Matches_RankBySimilarity_WithReasons_LeavingOutTheOwnCustomer()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(owner);
        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep));
        var category = "nets " + Guid.NewGuid().ToString("N")[..6];
        var app = await App.ApplicationIdAsync("ref fish farms " + category, "03");
        var net = await App.NewProductAsync("Cage net", category.ToUpperInvariant());
        var rope = await App.NewProductAsync("Mooring rope", "ropes");

        var prospect = await client.NewCustomerAsync("03");
        var opportunity = await client.NewOpportunityAsync(prospect.Id());
        await (await client.PatchJsonAsync(PathOf(opportunity), new { productCategory = " " + category + " ", applicationId = app })).ExpectAsync(HttpStatusCode.OK);

        // Cases at another rep's customers: the library is shared.
        var elsewhere = await otherRep.NewCustomerAsync("03");
        var all = await otherRep.NewReferenceAsync(elsewhere.Id(), Unique("All three"), applicationId: app, productIds: [net, rope]);
        var industryOnly = await otherRep.NewReferenceAsync(elsewhere.Id(), Unique("Same division"), productIds: [rope], mayBeNamed: true);
        var section = await otherRep.NewReferenceAsync(elsewhere.Id(), Unique("Same section"), industry: "01");
        var unrelated = await otherRep.NewReferenceAsync(elsewhere.Id(), Unique("Unrelated"), industry: "28", productIds: [rope]);
        var own = await client.NewReferenceAsync(prospect.Id(), Unique("Own customer"), applicationId: app, productIds: [net]);

        var items = (await client.GetJsonAsync(MatchesOf(opportunity.Id())))["items"]!.AsArray();
        var mine = items.Where(m => new[] { all.Id(), industryOnly.Id(), section.Id(), unrelated.Id(), own.Id() }.Contains(m!["reference"]!.Id())).ToList();

        Assert.Equal([all.Id(), industryOnly.Id(), section.Id()], mine.Select(m => m!["reference"]!.Id()));
        Assert.Equal([9, 3, 1], mine.Select(m => m!["score"]!.GetValue<int>()));
        var reasons = Reasons(mine[0]!);
        Assert.Equal(3, reasons.Count);
        Assert.Contains(reasons, r => r.StartsWith("Same industry: 03", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("Same application:", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("Cage net", StringComparison.Ordinal) && r.Contains(category, StringComparison.Ordinal));
        Assert.True(mine[1]!["reference"]!["mayBeNamed"]!.GetValue<bool>());
        Assert.StartsWith("Related industry (same section A", Reasons(mine[2]!).Single(), StringComparison.Ordinal);
        Assert.True(items.Count <= 20);
        Assert.All(items, m => Assert.NotEqual(prospect.Id(), m!["reference"]!["accountId"]!.GetValue<long>()));

        using var korean = App.Client(owner, "ko");
        var ko = (await korean.GetJsonAsync(MatchesOf(opportunity.Id())))["items"]!.AsArray()
            .Single(m => m!["reference"]!.Id() == section.Id());
        Assert.StartsWith("관련 산업", Reasons(ko!).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matches_NeedTheOpportunityVisible()
    {
        using var owner = App.Client(await App.CreateUserAsync(Role.Rep));
        var customer = await owner.NewCustomerAsync();
        var opportunity = await owner.NewOpportunityAsync(customer.Id());
        var path = MatchesOf(opportunity.Id());

        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(MatchesOf(long.MaxValue))).StatusCode);
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        await (await viewer.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await (await admin.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var other = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(path)).StatusCode);
        }
    }

    private static List<string> Reasons(JsonNode match) => [.. match["reasons"]!.AsArray().Select(r => r!.GetValue<string>())];
}
