using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Pursuits;

public sealed class GateApiTests_Sqlite() : GateApiTests(Provider.Sqlite);

public sealed class GateApiTests_Postgres() : GateApiTests(Provider.Postgres);

/// <summary>Gates and advance: a pursuit moves forward only when the criteria of every stage it leaves are met.</summary>
public abstract class GateApiTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Gate_ListsEachCriterionMetOrNot_WithWhy_AndChangesWhenDataIsAdded()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());

        var gate = await client.GateAsync(opportunity.Id());
        Assert.Equal(opportunity.Id(), gate["opportunityId"]!.GetValue<long>());
        Assert.Equal("prospecting", gate.Str("stage"));
        Assert.Equal("Prospecting", gate.Str("stageName"));
        Assert.Equal("contact", gate.Str("nextStage"));
        Assert.False(gate["isOpen"]!.GetValue<bool>());
        Assert.Equal(0, gate["met"]!.GetValue<int>());
        Assert.Equal(4, gate["total"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, bool> { ["accountProfiled"] = false, ["categoryKnown"] = false, ["entryAngle"] = false, ["walletMapped"] = false }, Verdicts(gate));
        var criteria = gate["criteria"]!.AsArray();
        Assert.All(criteria, c => Assert.False(string.IsNullOrWhiteSpace(c!.Str("name"))));
        Assert.Equal("The account has no industry yet.", criteria.Single(c => c!.Str("key") == "accountProfiled")!.Str("why"));
        Assert.Equal("No product category on the pursuit.", criteria.Single(c => c!.Str("key") == "categoryKnown")!.Str("why"));

        await client.ProfileAccountAsync(account.Id());
        gate = await client.GateAsync(opportunity.Id());
        Assert.Equal(new Dictionary<string, bool> { ["accountProfiled"] = true, ["categoryKnown"] = false, ["entryAngle"] = false, ["walletMapped"] = false }, Verdicts(gate));
        var profiled = gate["criteria"]!.AsArray().Single(c => c!.Str("key") == "accountProfiled")!;
        Assert.Contains("Manufacture of machinery", profiled.Str("why"), StringComparison.Ordinal);
        Assert.Contains("boilers", profiled.Str("why"), StringComparison.Ordinal);
        Assert.Equal(1, gate["met"]!.GetValue<int>());

        await client.NameCategoryAsync(opportunity.Id());
        gate = await client.GateAsync(opportunity.Id());
        Assert.False(gate["isOpen"]!.GetValue<bool>());
        Assert.Equal("No share-of-wallet entry for valves at the account.", gate["criteria"]!.AsArray().Single(c => c!.Str("key") == "walletMapped")!.Str("why"));
        Assert.Equal("No entry angle: say why now and how we get in.", gate["criteria"]!.AsArray().Single(c => c!.Str("key") == "entryAngle")!.Str("why"));

        await App.RecordShareAsync(account.Id(), "Valves", asOf: new DateOnly(2026, 3, 31));
        await App.RecordShareAsync(account.Id(), "  VALVES ", asOf: new DateOnly(2026, 9, 30));
        await App.RecordShareAsync(account.Id(), "pumps", asOf: new DateOnly(2026, 10, 31));
        await client.StateEntryAngleAsync(opportunity.Id());
        gate = await client.GateAsync(opportunity.Id());
        Assert.True(gate["isOpen"]!.GetValue<bool>());
        Assert.Equal(4, gate["met"]!.GetValue<int>());
        Assert.Equal("Shares for valves recorded; latest entry 2026-09-30.", gate["criteria"]!.AsArray().Single(c => c!.Str("key") == "walletMapped")!.Str("why"));
        Assert.Equal("Entry angle: The incumbent missed two deliveries this quarter.", gate["criteria"]!.AsArray().Single(c => c!.Str("key") == "entryAngle")!.Str("why"));

        // In Korean, the names and reasons are Korean.
        using var korean = App.Client(rep, language: "ko");
        var ko = await korean.GateAsync(opportunity.Id());
        Assert.Equal("시장 탐색", ko.Str("stageName"));
        var english = gate["criteria"]!.AsArray().ToDictionary(c => c!.Str("key"), c => (Name: c!.Str("name"), Why: c.Str("why")));
        foreach (var c in ko["criteria"]!.AsArray().Select(c => c!))
        {
            Assert.NotEqual(english[c.Str("key")].Name, c.Str("name"));
            Assert.NotEqual(english[c.Str("key")].Why, c.Str("why"));
        }
    }

    [Fact]
    public async Task Advance_WithUnmetCriteria_Is409ListingThem_AndTheStageStays()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await client.ProfileAccountAsync(account.Id());
        await client.NameCategoryAsync(opportunity.Id());
        await App.RecordShareAsync(account.Id());
        opportunity = await client.GetJsonAsync(PathOf(opportunity));

        var blocked = await client.AdvanceAsync(opportunity.Id());

        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
        var problem = await blocked.JsonAsync();
        var rule = Assert.Single(problem["rules"]!.AsArray());
        Assert.Contains("No entry angle: say why now and how we get in.", rule!.GetValue<string>(), StringComparison.Ordinal);
        var unmet = Assert.Single(problem["unmet"]!.AsArray())!;
        Assert.Equal("entryAngle", unmet.Str("key"));
        Assert.False(unmet["met"]!.GetValue<bool>());
        Assert.Equal("Entry angle stated", unmet.Str("name"));
        Assert.Equal("No entry angle: say why now and how we get in.", unmet.Str("why"));

        var current = await client.GetJsonAsync(PathOf(opportunity));
        Assert.Equal("prospecting", current.Str("stage"));
        Assert.Equal(opportunity["stageEnteredAt"]!.GetValue<DateTime>(), current["stageEnteredAt"]!.GetValue<DateTime>());
        Assert.Equal(opportunity["version"]!.GetValue<long>(), current["version"]!.GetValue<long>());
        var step = Assert.Single(await client.StageHistoryAsync(opportunity.Id()))!;
        Assert.Equal("opened", step.Str("move"));
    }

    [Fact]
    public async Task Advance_WithEveryCriterionMet_MovesToTheNextStage_AndTheStageHistoryNamesWhoMovedIt()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await App.MeetProspectingGateAsync(client, account.Id(), opportunity.Id());
        opportunity = await client.GetJsonAsync(PathOf(opportunity));

        var response = await client.AdvanceAsync(opportunity.Id());

        await response.ExpectAsync(HttpStatusCode.OK);
        var moved = await response.JsonAsync();
        Assert.Equal("contact", moved.Str("stage"));
        Assert.Equal("open", moved.Str("status"));
        Assert.True(moved["stageEnteredAt"]!.GetValue<DateTime>() > opportunity["stageEnteredAt"]!.GetValue<DateTime>());
        Assert.Equal($"\"{moved["version"]!.GetValue<long>()}\"", response.Headers.ETag?.Tag);
        Assert.Equal(10, moved["stageProbability"]!.GetValue<int>());
        Assert.Equal(10, moved["probability"]!.GetValue<int>());

        var history = await client.StageHistoryAsync(opportunity.Id());
        Assert.Equal(["opened", "advanced"], history.Select(s => s!.Str("move")));
        Assert.Null(history[0]!["fromStage"]);
        Assert.Equal("prospecting", history[0]!.Str("toStage"));
        var step = history[1]!;
        Assert.Equal("prospecting", step.Str("fromStage"));
        Assert.Equal("Prospecting", step.Str("fromStageName"));
        Assert.Equal("contact", step.Str("toStage"));
        Assert.Equal("Contact", step.Str("toStageName"));
        Assert.Equal("open", step.Str("status"));
        Assert.Equal(rep.Id, step["changedById"]!.GetValue<long>());
        Assert.StartsWith("Test Rep ", step.Str("changedByName"), StringComparison.Ordinal);
        Assert.Empty(step["unmetCriteria"]!.AsArray());
        Assert.Null(step["reason"]);
        Assert.Equal(moved["stageEnteredAt"]!.GetValue<DateTime>(), step["at"]!.GetValue<DateTime>());

        // The next gate is the contact stage's.
        var gate = await client.GateAsync(opportunity.Id());
        Assert.Equal("contact", gate.Str("stage"));
        Assert.Equal(["contactKnown", "purchasingMapped", "recentActivity", "routeDecided", "technicalMapped"], Verdicts(gate).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DisabledCriterion_IsNoLongerRequired_InThatPipelineOnly()
    {
        var pipeline = await App.NewPipelineAsync(stages: new[] { new { key = "prospecting", disabledCriteria = new[] { "accountProfiled", "walletMapped" } } });
        Assert.Equal(
            [("accountProfiled", false), ("categoryKnown", true), ("entryAngle", true), ("walletMapped", false)],
            StageOf(pipeline, "prospecting")["criteria"]!.AsArray().Select(c => (c!.Str("key"), c!["enabled"]!.GetValue<bool>())));
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var relaxed = await client.NewOpportunityAsync(account.Id(), pipeline.Id());
        var standard = await client.NewOpportunityAsync(account.Id());
        await client.NameCategoryAsync(relaxed.Id());
        await client.NameCategoryAsync(standard.Id());
        await client.StateEntryAngleAsync(relaxed.Id());
        await client.StateEntryAngleAsync(standard.Id());

        var gate = await client.GateAsync(relaxed.Id());
        Assert.Equal(new Dictionary<string, bool> { ["categoryKnown"] = true, ["entryAngle"] = true }, Verdicts(gate));
        Assert.True(gate["isOpen"]!.GetValue<bool>());
        await (await client.AdvanceAsync(relaxed.Id())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("contact", (await client.GetJsonAsync(PathOf(relaxed))).Str("stage"));

        // The standard pipeline still asks for the account's profile and its share of wallet.
        Assert.Equal(["accountProfiled", "walletMapped"], await UnmetKeysAsync(await client.AdvanceAsync(standard.Id())));
    }

    [Fact]
    public async Task SkippedStage_IsSteppedOverByAdvance_AndRefusedAsTarget()
    {
        var pipeline = await App.NewPipelineAsync(stages: new[] { new { key = "development", skipped = true } });
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id(), pipeline.Id());
        await App.PutInStageAsync(opportunity.Id(), "needs");
        await App.MeetEveryGateAsync(client, account.Id(), opportunity.Id());
        Assert.Equal("quote", (await client.GateAsync(opportunity.Id())).Str("nextStage"));

        var refused = await client.AdvanceAsync(opportunity.Id(), new { toStage = "development" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["toStage"], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal("needs", (await client.GetJsonAsync(PathOf(opportunity))).Str("stage"));

        var moved = await client.AdvanceAsync(opportunity.Id());
        await moved.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("quote", (await moved.JsonAsync()).Str("stage"));
        var step = (await client.StageHistoryAsync(opportunity.Id()))[^1]!;
        Assert.Equal(("advanced", "needs", "quote"), (step.Str("move"), step.Str("fromStage"), step.Str("toStage")));
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("nowhere")]
    [InlineData("prospecting")]
    public async Task Advance_ToAStageThatIsNoStepForward_OrBack_Is422NamingToStage(string toStage)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());

        var refused = await client.AdvanceAsync(opportunity.Id(), new { toStage, reason = "Because" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["toStage"], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Single(await client.StageHistoryAsync(opportunity.Id()));
    }

    [Fact]
    public async Task AdvanceTwoStagesAhead_NeedsTheGatesOfBothStagesLeft()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await App.MeetProspectingGateAsync(client, account.Id(), opportunity.Id());

        // Prospecting's gate is met, but not contact's, which the pursuit would also leave.
        Assert.Equal(["contactKnown", "purchasingMapped", "recentActivity", "routeDecided", "technicalMapped"],
            await UnmetKeysAsync(await client.AdvanceAsync(opportunity.Id(), new { toStage = "needs" })));
        Assert.Equal("prospecting", (await client.GetJsonAsync(PathOf(opportunity))).Str("stage"));

        await client.AddContactAsync(account.Id());
        await App.MapBuyingCenterAsync(account.Id(), opportunity.Id());
        await client.DecideRouteAsync(opportunity.Id());
        Assert.Equal(["recentActivity"], await UnmetKeysAsync(await client.AdvanceAsync(opportunity.Id(), new { toStage = "needs" })));
        await client.LogActivityAsync(account.Id(), opportunity.Id());
        var moved = await client.AdvanceAsync(opportunity.Id(), new { toStage = "needs" });

        await moved.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("needs", (await moved.JsonAsync()).Str("stage"));
        var history = await client.StageHistoryAsync(opportunity.Id());
        Assert.Equal(2, history.Count);
        Assert.Equal(("advanced", "prospecting", "needs"), (history[1]!.Str("move"), history[1]!.Str("fromStage"), history[1]!.Str("toStage")));
    }

    [Fact]
    public async Task MovingBack_NeedsAReason_AndTheHistoryKeepsIt()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        var enteredQuote = DateTime.UtcNow.AddDays(-3);
        await App.PutInStageAsync(opportunity.Id(), "quote", enteredAt: enteredQuote);

        foreach (var body in new object[] { new { toStage = "needs" }, new { toStage = "needs", reason = "   " } })
        {
            var refused = await client.AdvanceAsync(opportunity.Id(), body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal(["reason"], (await refused.ErrorsAsync()).Select(e => e.Key));
        }
        var unchanged = await client.GetJsonAsync(PathOf(opportunity));
        Assert.Equal("quote", unchanged.Str("stage"));
        Assert.Equal(3, unchanged["daysInStage"]!.GetValue<int>());

        // Back needs no gate: the quote stage's criteria (value, recent activity) are all unmet here.
        var moved = await client.AdvanceAsync(opportunity.Id(), new { toStage = "needs", reason = "The buyer changed the specification." });

        await moved.ExpectAsync(HttpStatusCode.OK);
        var back = await moved.JsonAsync();
        Assert.Equal("needs", back.Str("stage"));
        Assert.True(back["stageEnteredAt"]!.GetValue<DateTime>() > DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(0, back["daysInStage"]!.GetValue<int>());
        var step = (await client.StageHistoryAsync(opportunity.Id()))[^1]!;
        Assert.Equal("movedBack", step.Str("move"));
        Assert.Equal(("quote", "needs"), (step.Str("fromStage"), step.Str("toStage")));
        Assert.Equal("The buyer changed the specification.", step.Str("reason"));
        Assert.Equal(rep.Id, step["changedById"]!.GetValue<long>());
    }

    [Fact]
    public async Task AdvancingFromTesting_WithTheGateMet_WinsThePursuit()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await App.PutInStageAsync(opportunity.Id(), "testing");
        var gate = await client.GateAsync(opportunity.Id());
        Assert.Null(gate["nextStage"]);
        Assert.Equal(["contractSigned", "nextStepPlanned", "recentActivity", "trialsPassed"], await UnmetKeysAsync(await client.AdvanceAsync(opportunity.Id())));
        await client.LogActivityAsync(account.Id(), opportunity.Id());
        await client.PlanNextStepAsync(account.Id(), opportunity.Id());
        await Trials.TrialsSetup.MeetTestingTrialsAsync(App, client, account.Id(), opportunity.Id());
        await Contracts.ContractSetup.MeetContractGateAsync(App, client, account.Id(), opportunity.Id());

        var response = await client.AdvanceAsync(opportunity.Id());

        await response.ExpectAsync(HttpStatusCode.OK);
        var won = await response.JsonAsync();
        Assert.Equal("won", won.Str("status"));
        Assert.Equal("testing", won.Str("stage"));
        Assert.NotNull(won["closedAt"]);
        Assert.False(won["stalled"]!.GetValue<bool>());
        var step = (await client.StageHistoryAsync(opportunity.Id()))[^1]!;
        Assert.Equal("won", step.Str("move"));
        Assert.Equal("won", step.Str("status"));
        Assert.Equal(("testing", "testing"), (step.Str("fromStage"), step.Str("toStage")));
        Assert.Equal(rep.Id, step["changedById"]!.GetValue<long>());

        // Won is closed: it moves no further.
        var again = await client.AdvanceAsync(opportunity.Id());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Single((await again.JsonAsync())["rules"]!.AsArray());
        Assert.Equal("won", (await client.GetJsonAsync(PathOf(opportunity))).Str("status"));
        var wonList = await client.GetJsonAsync($"/api/v1/opportunities?accountId={account.Id()}&status=won");
        Assert.Equal([opportunity.Id()], wonList["items"]!.AsArray().Select(i => i!.Id()));
    }

    [Fact]
    public async Task Advance_WithAStaleIfMatch_Is412_AndDoesNotMove()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await client.ProfileAccountAsync(account.Id());
        await client.NameCategoryAsync(opportunity.Id());

        var request = new HttpRequestMessage(HttpMethod.Post, PathOf(opportunity) + "/advance") { Content = System.Net.Http.Json.JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var stale = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("prospecting", (await client.GetJsonAsync(PathOf(opportunity))).Str("stage"));
    }
}
