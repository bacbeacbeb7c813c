using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Pursuits;

public sealed class OverrideTests_Sqlite() : OverrideTests(Provider.Sqlite);

public sealed class OverrideTests_Postgres() : OverrideTests(Provider.Postgres);

/// <summary>Moving a pursuit past unmet criteria: a manager's decision, with a reason, on the record.</summary>
public abstract class OverrideTests(Provider provider) : AppTests(provider)
{
    private sealed record Team(TestUser Manager, TestUser Rep, long AccountId, JsonNode Opportunity);

    /// <summary>A rep's fresh pursuit in prospecting, neither criterion of its gate met, and the rep's manager.</summary>
    private async Task<Team> BlockedPursuitAsync()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        return new Team(manager, rep, account.Id(), await client.NewOpportunityAsync(account.Id()));
    }

    [Fact]
    public async Task Rep_SendingAnOverride_IsForbidden_AndNothingChanges()
    {
        var t = await BlockedPursuitAsync();
        using var client = App.Client(t.Rep);

        var refused = await client.AdvanceAsync(t.Opportunity.Id(), new { @override = new { reason = "I know this customer." } });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var current = await client.GetJsonAsync(PathOf(t.Opportunity));
        Assert.Equal("prospecting", current.Str("stage"));
        Assert.Equal(1, current["version"]!.GetValue<long>());
        Assert.Single(await client.StageHistoryAsync(t.Opportunity.Id()));
        Assert.Single((await client.GetJsonAsync(PathOf(t.Opportunity) + "/history"))["items"]!.AsArray());
    }

    [Fact]
    public async Task TeamManager_OverridesWithAReason_AndTheStageHistoryKeepsTheReasonAndTheUnmetCriteria()
    {
        var t = await BlockedPursuitAsync();
        using var client = App.Client(t.Manager);

        var response = await client.AdvanceAsync(t.Opportunity.Id(), new { @override = new { reason = "Board-level sponsor; profile follows." } });

        await response.ExpectAsync(HttpStatusCode.OK);
        var moved = await response.JsonAsync();
        Assert.Equal("contact", moved.Str("stage"));
        Assert.Equal("open", moved.Str("status"));
        var step = (await client.StageHistoryAsync(t.Opportunity.Id()))[^1]!;
        Assert.Equal("overridden", step.Str("move"));
        Assert.Equal(("prospecting", "contact"), (step.Str("fromStage"), step.Str("toStage")));
        Assert.Equal("Board-level sponsor; profile follows.", step.Str("reason"));
        Assert.Equal(["accountProfiled", "categoryKnown", "entryAngle", "walletMapped"], step["unmetCriteria"]!.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(t.Manager.Id, step["changedById"]!.GetValue<long>());

        // The rep sees the same step; the audit trail has the stage change, by the manager.
        Assert.Equal("overridden", (await App.Client(t.Rep).StageHistoryAsync(t.Opportunity.Id()))[^1].Str("move"));
        var audit = (await App.Client(t.Rep).GetJsonAsync(PathOf(t.Opportunity) + "/history"))["items"]!.AsArray();
        var latest = audit[0]!;
        Assert.Equal(t.Manager.Id, latest["userId"]!.GetValue<long>());
        Assert.Equal("updated", latest.Str("action"));
        var change = Assert.Single(latest["changes"]!.AsArray(), c => c!.Str("field") == "stage")!;
        Assert.Equal(("prospecting", "contact"), (change.Str("old"), change.Str("new")));
    }

    [Fact]
    public async Task Override_OnAGateThatIsMet_IsAnOrdinaryAdvance()
    {
        var t = await BlockedPursuitAsync();
        using var rep = App.Client(t.Rep);
        await App.MeetProspectingGateAsync(rep, t.AccountId, t.Opportunity.Id());

        await (await App.Client(t.Manager).AdvanceAsync(t.Opportunity.Id(), new { @override = new { reason = "Just in case" } })).ExpectAsync(HttpStatusCode.OK);

        var step = (await rep.StageHistoryAsync(t.Opportunity.Id()))[^1]!;
        Assert.Equal("advanced", step.Str("move"));
        Assert.Empty(step["unmetCriteria"]!.AsArray());
    }

    [Theory]
    [InlineData("{\"override\": {}}")]
    [InlineData("{\"override\": {\"reason\": \"  \"}}")]
    [InlineData("{\"override\": {\"reason\": null}, \"reason\": \"A reason in the wrong place\"}")]
    public async Task Manager_OverridingWithoutAReason_Is422NamingOverrideReason(string body)
    {
        var t = await BlockedPursuitAsync();
        using var client = App.Client(t.Manager);

        var refused = await client.PostRawAsync(PathOf(t.Opportunity) + "/advance", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["override.reason"], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal("prospecting", (await client.GetJsonAsync(PathOf(t.Opportunity))).Str("stage"));
        Assert.Single(await client.StageHistoryAsync(t.Opportunity.Id()));
    }

    [Fact]
    public async Task ManagerOfAnotherTeam_GetsNotFound_AndCannotOverride()
    {
        var t = await BlockedPursuitAsync();
        var stranger = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        using var client = App.Client(stranger);

        Assert.Equal(HttpStatusCode.NotFound, (await client.AdvanceAsync(t.Opportunity.Id(), new { @override = new { reason = "Mine now" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(PathOf(t.Opportunity) + "/gate")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(PathOf(t.Opportunity) + "/stage-history")).StatusCode);
        Assert.Equal("prospecting", (await App.Client(t.Rep).GetJsonAsync(PathOf(t.Opportunity))).Str("stage"));
    }

    [Fact]
    public async Task Admin_MayOverride()
    {
        var t = await BlockedPursuitAsync();
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));

        await (await client.AdvanceAsync(t.Opportunity.Id(), new { toStage = "needs", @override = new { reason = "Strategic account" } })).ExpectAsync(HttpStatusCode.OK);

        var step = (await client.StageHistoryAsync(t.Opportunity.Id()))[^1]!;
        Assert.Equal(("overridden", "needs"), (step.Str("move"), step.Str("toStage")));
        // Two gates were passed over: prospecting's and contact's.
        Assert.Equal(["accountProfiled", "categoryKnown", "contactKnown", "entryAngle", "purchasingMapped", "recentActivity", "routeDecided", "technicalMapped", "walletMapped"],
            step["unmetCriteria"]!.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal));
    }
}
