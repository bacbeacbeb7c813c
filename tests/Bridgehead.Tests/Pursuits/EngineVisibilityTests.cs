using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Pursuits;

public sealed class EngineVisibilityTests_Sqlite() : EngineVisibilityTests(Provider.Sqlite);

public sealed class EngineVisibilityTests_Postgres() : EngineVisibilityTests(Provider.Postgres);

/// <summary>Who may read a pursuit's gate and stage history, and who may move it.</summary>
public abstract class EngineVisibilityTests(Provider provider) : AppTests(provider)
{
    /// <summary>A rep's pursuit in prospecting with its gate met, so a move would succeed if allowed.</summary>
    private async Task<(TestUser Owner, long AccountId, long OpportunityId)> ReadyPursuitAsync()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(owner);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await App.MeetProspectingGateAsync(client, account.Id(), opportunity.Id());
        return (owner, account.Id(), opportunity.Id());
    }

    private async Task AssertUnmovedAsync(TestUser owner, long opportunityId)
    {
        var current = await App.Client(owner).GetJsonAsync(PathOf(opportunityId));
        Assert.Equal(("prospecting", "open"), (current.Str("stage"), current.Str("status")));
        Assert.Single(await App.Client(owner).StageHistoryAsync(opportunityId));
    }

    [Fact]
    public async Task Rep_GetsNotFound_ForAnotherRepsPursuit_OnGateStageHistoryAndEveryMove()
    {
        var (owner, _, id) = await ReadyPursuitAsync();
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(PathOf(id) + "/gate")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(PathOf(id) + "/stage-history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.AdvanceAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.CloseAsync(id, new { outcome = "dropped", reason = "other" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ReopenAsync(id, new { reason = "Mine" })).StatusCode);
        await AssertUnmovedAsync(owner, id);
    }

    [Fact]
    public async Task AccountTeamMember_ReadsAndMovesThePursuit()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var member = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(owner);
        var account = await client.NewAccountAsync(member.Id);
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await App.MeetProspectingGateAsync(client, account.Id(), opportunity.Id());
        using var them = App.Client(member);

        Assert.True((await them.GateAsync(opportunity.Id()))["isOpen"]!.GetValue<bool>());
        await (await them.AdvanceAsync(opportunity.Id())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(member.Id, (await them.StageHistoryAsync(opportunity.Id()))[^1]!["changedById"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_AreForbidden_TheGateStageHistoryAndEveryMove(Role role)
    {
        var (owner, _, id) = await ReadyPursuitAsync();
        using var client = App.Client(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(PathOf(id) + "/gate")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(PathOf(id) + "/stage-history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.AdvanceAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.CloseAsync(id, new { outcome = "dropped", reason = "other" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.ReopenAsync(id, new { reason = "Why not" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/opportunities?stalled=true")).StatusCode);
        await AssertUnmovedAsync(owner, id);
    }

    [Fact]
    public async Task Viewer_ReadsTheGateAndStageHistory_ButIsForbiddenEveryMove()
    {
        var (owner, accountId, id) = await ReadyPursuitAsync();
        using var client = App.Client(await App.CreateUserAsync(Role.Viewer));

        Assert.True((await client.GateAsync(id))["isOpen"]!.GetValue<bool>());
        Assert.Equal("opened", Assert.Single(await client.StageHistoryAsync(id)).Str("move"));
        Assert.Single((await client.GetJsonAsync($"/api/v1/opportunities?accountId={accountId}&stalled=false"))["items"]!.AsArray());

        Assert.Equal(HttpStatusCode.Forbidden, (await client.AdvanceAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.AdvanceAsync(id, new { @override = new { reason = "Looks fine" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.CloseAsync(id, new { outcome = "dropped", reason = "other" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.ReopenAsync(id, new { reason = "Why not" })).StatusCode);
        await AssertUnmovedAsync(owner, id);
    }

    [Fact]
    public async Task ManagerOfTheTeam_SeesTheGateAndHistory_OfTheTeamsPursuits()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        using var boss = App.Client(manager);

        Assert.Equal("prospecting", (await boss.GateAsync(opportunity.Id())).Str("stage"));
        Assert.Single(await boss.StageHistoryAsync(opportunity.Id()));
        await (await boss.CloseAsync(opportunity.Id(), new { outcome = "dropped", reason = "weWithdrew" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(manager.Id, (await client.StageHistoryAsync(opportunity.Id()))[^1]!["changedById"]!.GetValue<long>());
    }

    [Fact]
    public async Task UnknownOpportunity_IsNotFound_OnEveryEngineEndpoint()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));
        var id = long.MaxValue;

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(PathOf(id) + "/gate")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(PathOf(id) + "/stage-history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.AdvanceAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.CloseAsync(id, new { outcome = "dropped", reason = "other" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ReopenAsync(id, new { reason = "Why not" })).StatusCode);
    }
}
