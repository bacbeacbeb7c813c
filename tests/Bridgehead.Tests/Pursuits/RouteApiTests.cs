using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Contacts;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Pursuits;

public sealed class RouteApiTests_Sqlite() : RouteApiTests(Provider.Sqlite);

public sealed class RouteApiTests_Postgres() : RouteApiTests(Provider.Postgres);

/// <summary>/opportunities/{id}/route: how we reach the customer, through which partners, and dropping the pursuit.</summary>
public abstract class RouteApiTests(Provider provider) : AppTests(provider)
{
    private static string RouteOf(long opportunityId) => PathOf(opportunityId) + "/route";

    /// <summary>A partner account owned by someone else (a manager of another team): the rep cannot open it.</summary>
    private async Task<JsonNode> PartnerAsync(string name = "Partner")
    {
        using var owner = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        return await owner.CreateAsync("/api/v1/accounts", new { name = Unique(name), type = "partner", country = "KR" });
    }

    private async Task<(TestUser Rep, HttpClient Client, long AccountId, long OpportunityId)> PursuitAsync()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        return (rep, client, account.Id(), opportunity.Id());
    }

    [Fact]
    public async Task Rep_DecidesARouteThroughADistributor_TheyCannotOpen_AndSeesOnlyItsName()
    {
        var (_, client, _, id) = await PursuitAsync();
        var distributor = await PartnerAsync("Hanbit Distribution");
        var agent = await PartnerAsync("Saigon Agency");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/accounts/{distributor.Id()}")).StatusCode);

        var undecided = await client.GetJsonAsync(RouteOf(id));
        Assert.Null(undecided["decision"]);
        Assert.Empty(undecided["partners"]!.AsArray());

        // The picker lists every partner account, by name.
        var choices = (await client.GetJsonAsync("/api/v1/partner-accounts?q=" + Uri.EscapeDataString(distributor.Str("name"))))["items"]!.AsArray();
        Assert.Equal([distributor.Id()], choices.Select(c => c!.Id()));

        var response = await client.PostJsonAsync(RouteOf(id), new
        {
            decision = "distributor",
            rationale = "  The distributor already stocks for the customer's plant.  ",
            partners = new object[]
            {
                new { accountId = distributor.Id(), role = "distributor", sharePercent = 12.5m },
                new { accountId = agent.Id(), role = "agent", sharePercent = 3m },
            },
        });

        await response.ExpectAsync(HttpStatusCode.OK);
        var route = await response.JsonAsync();
        Assert.Equal("distributor", route.Str("decision"));
        Assert.Equal("The distributor already stocks for the customer's plant.", route.Str("rationale"));
        Assert.NotNull(route["decidedAt"]);
        var partners = route["partners"]!.AsArray();
        Assert.Equal([(agent.Id(), agent.Str("name"), "agent", 3m), (distributor.Id(), distributor.Str("name"), "distributor", 12.5m)],
            partners.Select(p => (p!["accountId"]!.GetValue<long>(), p.Str("name"), p.Str("role"), p!["sharePercent"]!.GetValue<decimal>()))
                .OrderBy(p => p.Item3, StringComparer.Ordinal));
        Assert.All(partners, p => Assert.Equal(["accountId", "name", "role", "sharePercent"], p!.AsObject().Select(f => f.Key).Order(StringComparer.Ordinal)));
        Assert.Equal($"\"{route["version"]!.GetValue<long>()}\"", response.Headers.ETag?.Tag);

        var opportunity = await client.GetJsonAsync(PathOf(id));
        Assert.Equal("distributor", opportunity.Str("route"));
        Assert.Equal("The distributor already stocks for the customer's plant.", opportunity.Str("routeRationale"));
        Assert.Equal(route.ToJsonString(), (await client.GetJsonAsync(RouteOf(id))).ToJsonString());

        // The history of the pursuit shows the route and each partner.
        var entry = (await client.GetJsonAsync(PathOf(id) + "/history"))["items"]![0]!;
        var fields = entry["changes"]!.AsArray().Select(c => c.Str("field")).ToList();
        Assert.Contains("route", fields);
        Assert.Contains("routeRationale", fields);
        Assert.Equal(2, fields.Count(f => f == "partners"));
    }

    [Fact]
    public async Task ChangingTheRoute_ReplacesThePartners_AndTheHistoryShowsOldAndNew()
    {
        var (_, client, _, id) = await PursuitAsync();
        var leader = await PartnerAsync("Rhein Konsortium");
        var member = await PartnerAsync("Busan Works");
        await client.DecideRouteAsync(id, new
        {
            decision = "consortium", rationale = "Joint bid for the EPC package.",
            partners = new object[] { new { accountId = leader.Id(), role = "consortiumLeader", sharePercent = 60 }, new { accountId = member.Id(), role = "consortiumMember", sharePercent = 15 } },
        });

        await client.DecideRouteAsync(id, new
        {
            decision = "consortium", rationale = "The member left; the leader takes its part.",
            partners = new object[] { new { accountId = leader.Id(), role = "consortiumLeader", sharePercent = 75 } },
        });

        var route = await client.GetJsonAsync(RouteOf(id));
        var partner = Assert.Single(route["partners"]!.AsArray())!;
        Assert.Equal((leader.Id(), "consortiumLeader", 75m), (partner["accountId"]!.GetValue<long>(), partner.Str("role"), partner["sharePercent"]!.GetValue<decimal>()));
        var changes = (await client.GetJsonAsync(PathOf(id) + "/history"))["items"]![0]!["changes"]!.AsArray()
            .Where(c => c.Str("field") == "partners").Select(c => (c!["old"]?.GetValue<string>(), c!["new"]?.GetValue<string>())).ToList();
        Assert.Equal(3, changes.Count);
        Assert.Contains(changes, c => c.Item1 is not null && c.Item1.StartsWith($"{leader.Id()}:ConsortiumLeader:60", StringComparison.Ordinal) && c.Item2 is null);
        Assert.Contains(changes, c => c.Item1 is not null && c.Item1.StartsWith($"{member.Id()}:ConsortiumMember:15", StringComparison.Ordinal) && c.Item2 is null);
        Assert.Contains(changes, c => c.Item1 is null && c.Item2 is not null && c.Item2.StartsWith($"{leader.Id()}:ConsortiumLeader:75", StringComparison.Ordinal));

        // Direct: no partners left.
        await client.DecideRouteAsync(id, new { decision = "direct", rationale = "We bid alone after all." });
        route = await client.GetJsonAsync(RouteOf(id));
        Assert.Equal("direct", route.Str("decision"));
        Assert.Empty(route["partners"]!.AsArray());
    }

    public static TheoryData<string, string[]> InvalidBodies => new()
    {
        { """{"rationale": "Why"}""", ["decision"] },
        { """{"decision": "fax", "rationale": "Why"}""", ["decision"] },
        { """{"decision": "direct"}""", ["rationale"] },
        { """{"decision": "direct", "rationale": "   "}""", ["rationale"] },
        { """{"decision": "agent", "rationale": "Why"}""", ["partners"] },
        { """{"decision": "distributor", "rationale": "Why", "partners": [{"accountId": PARTNER, "role": "agent"}]}""", ["partners"] },
        { """{"decision": "consortium", "rationale": "Why", "partners": [{"accountId": PARTNER, "role": "distributor"}]}""", ["partners"] },
        { """{"decision": "direct", "rationale": "Why", "partners": [{"accountId": PARTNER, "role": "agent"}]}""", ["partners"] },
        { """{"decision": "drop", "rationale": "Why", "partners": [{"accountId": PARTNER, "role": "agent"}]}""", ["partners"] },
        { """{"decision": "agent", "rationale": "Why", "partners": [{"accountId": CUSTOMER, "role": "agent"}]}""", ["partners[0].accountId"] },
        { """{"decision": "agent", "rationale": "Why", "partners": [{"accountId": OTHERCUSTOMER, "role": "agent"}]}""", ["partners[0].accountId"] },
        { """{"decision": "agent", "rationale": "Why", "partners": [{"accountId": 999999999, "role": "agent"}]}""", ["partners[0].accountId"] },
        { """{"decision": "agent", "rationale": "Why", "partners": [{"role": "agent"}]}""", ["partners[0].accountId"] },
        { """{"decision": "agent", "rationale": "Why", "partners": [{"accountId": PARTNER, "role": "agent"}, {"accountId": PARTNER, "role": "agent"}]}""", ["partners[1].accountId"] },
        { """{"decision": "agent", "rationale": "Why", "partners": [{"accountId": PARTNER}, {"accountId": SECOND, "role": "agent"}]}""", ["partners[0].role"] },
        { """{"decision": "agent", "rationale": "Why", "partners": [{"accountId": PARTNER, "role": "agent", "sharePercent": 101}]}""", ["partners[0].sharePercent"] },
        { """{"decision": "agent", "rationale": "Why", "partners": [{"accountId": PARTNER, "role": "agent", "sharePercent": -1}]}""", ["partners[0].sharePercent"] },
        { """{"decision": "agent", "rationale": "Why", "partners": [{"accountId": PARTNER, "role": "agent", "sharePercent": 70}, {"accountId": SECOND, "role": "agent", "sharePercent": 40}]}""", ["partners"] },
        { """{"decision": "drop", "rationale": "LONG"}""", ["rationale"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task InvalidDecision_Is422NamingTheField_AndNothingChanges(string body, string[] fields)
    {
        var (_, client, accountId, id) = await PursuitAsync();
        var partner = await PartnerAsync();
        var second = await PartnerAsync();
        var otherCustomer = await client.NewAccountAsync();
        var before = await client.GetJsonAsync(PathOf(id));

        var refused = await client.PostRawAsync(RouteOf(id), body
            .Replace("OTHERCUSTOMER", otherCustomer.Id().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("CUSTOMER", accountId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("PARTNER", partner.Id().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("SECOND", second.Id().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("LONG", new string('x', 1001), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(fields, (await refused.ErrorsAsync()).Select(e => e.Key));
        var after = await client.GetJsonAsync(PathOf(id));
        Assert.Equal(before["version"]!.GetValue<long>(), after["version"]!.GetValue<long>());
        Assert.Equal("open", after.Str("status"));
        Assert.Empty((await client.GetJsonAsync(RouteOf(id)))["partners"]!.AsArray());
    }

    [Fact]
    public async Task UnknownPartnerRole_Is400()
    {
        var (_, client, _, id) = await PursuitAsync();
        var partner = await PartnerAsync();

        var refused = await client.PostRawAsync(RouteOf(id), $$"""{"decision": "agent", "rationale": "Why", "partners": [{"accountId": {{partner.Id()}}, "role": "broker"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Drop_ClosesThePursuitAsDropped_WithTheRationale_InTheStageHistory()
    {
        var (_, client, _, id) = await PursuitAsync();

        var response = await client.PostJsonAsync(RouteOf(id), new { decision = "drop", rationale = "The customer only buys from local mills." });

        await response.ExpectAsync(HttpStatusCode.OK);
        var route = await response.JsonAsync();
        Assert.Equal("drop", route.Str("decision"));
        Assert.Equal("The customer only buys from local mills.", route.Str("rationale"));
        var opportunity = await client.GetJsonAsync(PathOf(id));
        Assert.Equal(("dropped", "weWithdrew"), (opportunity.Str("status"), opportunity.Str("closeReason")));
        Assert.Null(opportunity["route"]);
        Assert.NotNull(opportunity["closedAt"]);
        var step = (await client.StageHistoryAsync(id))[^1]!;
        Assert.Equal(("dropped", "dropped", "weWithdrew"), (step.Str("move"), step.Str("status"), step.Str("closeReason")));
        Assert.Equal("The customer only buys from local mills.", step.Str("reason"));

        // Closed: no further route decisions until a manager reopens it.
        var again = await client.PostJsonAsync(RouteOf(id), new { decision = "direct", rationale = "Changed our mind" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task RouteChangedByPatch_LeavesTheRouteUndecided_UntilARationaleIsRecorded()
    {
        var (_, client, _, id) = await PursuitAsync();
        await App.PutInStageAsync(id, "contact");
        var agent = await PartnerAsync("Patch Agency");
        await (await client.PostJsonAsync(RouteOf(id), new
        {
            decision = "agent",
            rationale = "The agent knows the plant manager.",
            partners = new object[] { new { accountId = agent.Id(), role = "agent", sharePercent = 5m } },
        })).ExpectAsync(HttpStatusCode.OK);

        await (await client.PatchJsonAsync(PathOf(id), new { route = "direct" })).ExpectAsync(HttpStatusCode.OK);

        var route = await client.GetJsonAsync(RouteOf(id));
        Assert.Equal("direct", route.Str("decision"));
        Assert.Null(route["rationale"]);
        Assert.Null(route["decidedAt"]);
        Assert.Empty(route["partners"]!.AsArray());
        Assert.False(Verdicts(await client.GateAsync(id))["routeDecided"]);
    }

    [Fact]
    public async Task APartnerOnARoute_CannotBeDeleted_UntilTakenOffTheRoute()
    {
        var (_, client, _, id) = await PursuitAsync();
        var owner = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        using var partnerOwner = App.Client(owner);
        var agent = await partnerOwner.CreateAsync("/api/v1/accounts", new { name = Unique("Busy Agency"), type = "partner" });
        await (await client.PostJsonAsync(RouteOf(id), new
        {
            decision = "agent",
            rationale = "Their agent opens the door.",
            partners = new object[] { new { accountId = agent.Id(), role = "agent" } },
        })).ExpectAsync(HttpStatusCode.OK);

        var refused = await partnerOwner.DeleteAsync($"/api/v1/accounts/{agent.Id()}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(["Pursuits go through this account as a partner: take it off their routes first."],
            (await refused.JsonAsync())["rules"]!.AsArray().Select(r => r!.GetValue<string>()));

        await (await client.PostJsonAsync(RouteOf(id), new { decision = "direct", rationale = "We go ourselves after all." })).ExpectAsync(HttpStatusCode.OK);
        await (await partnerOwner.DeleteAsync($"/api/v1/accounts/{agent.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task StaleIfMatch_Is412_AndTheCurrentIfMatchDecides()
    {
        var (_, client, _, id) = await PursuitAsync();
        var version = (await client.GetJsonAsync(PathOf(id)))["version"]!.GetValue<long>();

        var stale = new HttpRequestMessage(HttpMethod.Post, RouteOf(id)) { Content = System.Net.Http.Json.JsonContent.Create(new { decision = "direct", rationale = "Why" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{version - 1}\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
        Assert.Null((await client.GetJsonAsync(RouteOf(id)))["decision"]);

        var current = new HttpRequestMessage(HttpMethod.Post, RouteOf(id)) { Content = System.Net.Http.Json.JsonContent.Create(new { decision = "direct", rationale = "Why" }) };
        current.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        await (await client.SendAsync(current)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnotherRep_Gets404_ViewerReadsButIs403_QualityAndProductAre403()
    {
        var (_, client, _, id) = await PursuitAsync();
        await client.DecideRouteAsync(id);
        var body = new { decision = "direct", rationale = "Mine now" };

        using var stranger = App.Client(await App.CreateUserAsync(Role.Rep));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(RouteOf(id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync(RouteOf(id), body)).StatusCode);
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.PostJsonAsync(RouteOf(id), body)).StatusCode);

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal("direct", (await viewer.GetJsonAsync(RouteOf(id))).Str("decision"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(RouteOf(id), body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/partner-accounts")).StatusCode);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var other = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(RouteOf(id))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostJsonAsync(RouteOf(id), body)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/v1/partner-accounts")).StatusCode);
        }
        Assert.Equal("We know the buyer and ship from Korea.", (await client.GetJsonAsync(RouteOf(id))).Str("rationale"));
    }

    [Fact]
    public async Task PartnerAccounts_ListsPartnersOnly()
    {
        var partner = await PartnerAsync("Only Partners");
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var customer = await client.NewAccountAsync();

        var items = (await client.GetJsonAsync("/api/v1/partner-accounts"))["items"]!.AsArray();

        Assert.Contains(items, i => i!.Id() == partner.Id());
        Assert.DoesNotContain(items, i => i!.Id() == customer.Id());
        Assert.Equal(["country", "id", "name"], items[0]!.AsObject().Select(f => f.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ContactGate_NeedsPurchasingAndTechnicalMembersWithPains_AndARouteWithARationale()
    {
        var (_, client, accountId, id) = await PursuitAsync();
        await App.PutInStageAsync(id, "contact");
        await client.AddContactAsync(accountId);
        await client.LogActivityAsync(accountId, id);

        var gate = await client.GateAsync(id);
        Assert.Equal(new Dictionary<string, bool>
        {
            ["contactKnown"] = true, ["purchasingMapped"] = false, ["recentActivity"] = true, ["routeDecided"] = false, ["technicalMapped"] = false,
        }, Verdicts(gate));
        Assert.Equal("No one from purchasing in the buying center.", Why(gate, "purchasingMapped"));
        Assert.Equal("No one from engineering or quality in the buying center.", Why(gate, "technicalMapped"));
        Assert.Equal("No route decided yet.", Why(gate, "routeDecided"));

        // Members without pains do not count; production is not technical.
        await App.AddBuyingCenterMemberAsync(accountId, id, Department.Purchasing, pains: null, name: "Park Buyer");
        await App.AddBuyingCenterMemberAsync(accountId, id, Department.Production, name: "Lee Plant");
        await (await client.PatchJsonAsync(PathOf(id), new { route = "direct" })).ExpectAsync(HttpStatusCode.OK);
        gate = await client.GateAsync(id);
        Assert.Equal("Park Buyer in the buying center, but no pains recorded.", Why(gate, "purchasingMapped"));
        Assert.Equal("No one from engineering or quality in the buying center.", Why(gate, "technicalMapped"));
        Assert.Equal("Route Direct is set, but without a rationale.", Why(gate, "routeDecided"));
        Assert.Equal(["purchasingMapped", "routeDecided", "technicalMapped"], await UnmetKeysAsync(await client.AdvanceAsync(id)));

        await App.AddBuyingCenterMemberAsync(accountId, id, Department.Purchasing, pains: "Price per tonne", name: "Choi Buyer");
        await App.AddBuyingCenterMemberAsync(accountId, id, Department.Quality, pains: "PPAP paperwork", name: "Jung QA");
        await client.DecideRouteAsync(id, new { decision = "direct", rationale = "The plant buys direct from mills." });
        gate = await client.GateAsync(id);
        Assert.True(gate["isOpen"]!.GetValue<bool>());
        Assert.Equal("With pains recorded: Choi Buyer (Purchasing).", Why(gate, "purchasingMapped"));
        Assert.Equal("With pains recorded: Jung QA (Quality).", Why(gate, "technicalMapped"));
        Assert.Equal("Direct: The plant buys direct from mills.", Why(gate, "routeDecided"));

        // In Korean, the names and reasons are Korean.
        using var korean = App.Client(await App.CreateUserAsync(Role.Admin), language: "ko");
        var ko = await korean.GateAsync(id);
        Assert.Equal("영업 경로 결정 및 근거 기록", ko["criteria"]!.AsArray().Single(c => c!.Str("key") == "routeDecided")!.Str("name"));
        Assert.StartsWith("직접 영업: ", Why(ko, "routeDecided"), StringComparison.Ordinal);
        Assert.StartsWith("고충 기록됨: ", Why(ko, "purchasingMapped"), StringComparison.Ordinal);

        await (await client.AdvanceAsync(id)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ContactCriteria_CanBeSwitchedOffPerPipeline()
    {
        var pipeline = await App.NewPipelineAsync(stages: new[] { new { key = "contact", disabledCriteria = new[] { "purchasingMapped", "technicalMapped", "routeDecided" } } });
        Assert.Equal(
            [("contactKnown", true), ("purchasingMapped", false), ("recentActivity", true), ("routeDecided", false), ("technicalMapped", false)],
            StageOf(pipeline, "contact")["criteria"]!.AsArray().Select(c => (c!.Str("key"), c!["enabled"]!.GetValue<bool>())));
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var relaxed = await client.NewOpportunityAsync(account.Id(), pipeline.Id());
        var standard = await client.NewOpportunityAsync(account.Id());
        foreach (var o in new[] { relaxed, standard })
        {
            await App.PutInStageAsync(o.Id(), "contact");
            await client.LogActivityAsync(account.Id(), o.Id());
        }
        await client.AddContactAsync(account.Id());

        Assert.Equal(["contactKnown", "recentActivity"], Verdicts(await client.GateAsync(relaxed.Id())).Keys.Order(StringComparer.Ordinal));
        await (await client.AdvanceAsync(relaxed.Id())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["purchasingMapped", "routeDecided", "technicalMapped"], await UnmetKeysAsync(await client.AdvanceAsync(standard.Id())));
    }

    private static string Why(JsonNode gate, string key) => gate["criteria"]!.AsArray().Single(c => c!.Str("key") == key)!.Str("why");
}
