using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Competitors.MoveSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Competitors;

public sealed class CompetitorMovesApiTests_Sqlite() : CompetitorMovesApiTests(Provider.Sqlite);

public sealed class CompetitorMovesApiTests_Postgres() : CompetitorMovesApiTests(Provider.Postgres);

/// <summary>/competitor-moves: record, read, change and delete rivals' moves; who sees which; the market watch filters.</summary>
public abstract class CompetitorMovesApiTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Rep_RecordsAMarketMove_WithDefaults_AndReadsItBack()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var rival = await client.NewCompetitorAsync("Delta Valves");

        var response = await client.PostJsonAsync(Moves, new { competitorId = rival, kind = "newProduct", title = "  Low-noise valve launched ", detail = "Shown at the fair." });

        await response.ExpectAsync(HttpStatusCode.Created);
        var move = await response.JsonAsync();
        Assert.Equal(MovePath(move.Id()), response.Headers.Location?.ToString());
        Assert.Equal(Version(move), response.Headers.ETag?.Tag);
        Assert.Equal(("newProduct", "medium", Day(0), "Low-noise valve launched", "Shown at the fair."),
            (move.Str("kind"), move.Str("impact"), move.Str("occurredOn"), move.Str("title"), move.Str("detail")));
        Assert.Equal(rival, move["competitor"]!.Id());
        Assert.StartsWith("Delta Valves", move["competitor"].Str("name"));
        Assert.Null(move["account"]);
        Assert.Null(move["opportunity"]);
        Assert.Null(move["industry"]);
        Assert.Null(move["application"]);
        Assert.Equal(rep.Id, move["recordedBy"]!.Id());
        Assert.False(string.IsNullOrEmpty(move["recordedBy"].Str("name")));
        Assert.True(move["canEdit"]!.GetValue<bool>());

        var read = await client.GetAsync(MovePath(move.Id()));
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Version(move), read.Headers.ETag?.Tag);
        Assert.Equal(move.ToJsonString(), (await read.JsonAsync()).ToJsonString());
    }

    [Fact]
    public async Task MoveAtAnAccount_TakesTheAccountsIndustry_LinksThePursuit_AndNamesThemInTheCallersLanguage()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var rival = await client.NewCompetitorAsync();
        var account = await client.NewAccountAsync();
        await client.ProfileAccountAsync(account.Id());
        var deal = await client.NewOpportunityAsync(account.Id());
        var boilers = await client.BoilersAsync();

        var move = await client.NewMoveAsync(rival, "Offered 12% below our quote", "poachingAttempt", account.Id(), deal.Id(), applicationId: boilers, impact: "high");

        Assert.Equal((account.Id(), account.Str("name")), (move["account"]!.Id(), move["account"].Str("name")));
        Assert.Equal((deal.Id(), deal.Str("title")), (move["opportunity"]!.Id(), move["opportunity"].Str("title")));
        Assert.Equal(("28", "Manufacture of machinery and equipment n.e.c."), (move["industry"].Str("code"), move["industry"].Str("name")));
        Assert.Equal((boilers, "boilers"), (move["application"]!.Id(), move["application"].Str("name")));
        Assert.Equal("high", move.Str("impact"));

        using var korean = App.Client(rep, "ko");
        var ko = await korean.GetJsonAsync(MovePath(move.Id()));
        Assert.Equal("기타 기계 및 장비 제조업", ko["industry"].Str("name"));
        Assert.NotEqual("boilers", ko["application"].Str("name"));

        // An industry given explicitly wins over the account's.
        var own = await client.NewMoveAsync(rival, accountId: account.Id(), industry: "c");
        Assert.Equal("C", own["industry"].Str("code"));
    }

    [Theory]
    [InlineData("{}", "competitorId,kind,title")]
    [InlineData("{\"competitorId\": 999999999, \"kind\": \"priceCut\", \"title\": \"x\"}", "competitorId")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"  \"}", "title")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"LONG\"}", "title")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"x\", \"detail\": \"HUGE\"}", "detail")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"x\", \"occurredOn\": \"TOMORROW\"}", "occurredOn")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"x\", \"occurredOn\": \"1999-12-31\"}", "occurredOn")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"x\", \"industry\": \"ZZ\"}", "industry")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"x\", \"applicationId\": 999999999}", "applicationId")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"x\", \"opportunityId\": DEAL}", "opportunityId")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"x\", \"accountId\": OTHER, \"opportunityId\": DEAL}", "opportunityId")]
    [InlineData("{\"competitorId\": RIVAL, \"kind\": \"priceCut\", \"title\": \"x\", \"accountId\": 999999999}", "accountId")]
    public async Task InvalidMove_Is422NamingEachField_AndNothingIsSaved(string body, string fields)
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var rival = await client.NewCompetitorAsync();
        var account = await client.NewAccountAsync();
        var other = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var json = body.Replace("RIVAL", rival.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("OTHER", other.Id().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("DEAL", deal.Id().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("TOMORROW", Day(-1), StringComparison.Ordinal)
            .Replace("LONG", new string('x', 201), StringComparison.Ordinal)
            .Replace("HUGE", new string('x', 4001), StringComparison.Ordinal);

        var refused = await client.PostRawAsync(Moves, json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(fields.Split(','), (await refused.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Empty(await client.FeedIdsAsync($"competitorId={rival}"));
    }

    [Fact]
    public async Task MalformedValues_Are400()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var rival = await client.NewCompetitorAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync(Moves, new { competitorId = rival, kind = "earthquake", title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Moves}?kind=earthquake")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Moves}?impact=huge")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Moves}?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Visibility_RepSeesMarketMovesAndTheirOwnAccounts_NotAnotherRepsAccount()
    {
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        using var ownerClient = App.Client(owner);
        var rival = await ownerClient.NewCompetitorAsync();
        var account = await ownerClient.NewAccountAsync();
        var market = await ownerClient.NewMoveAsync(rival, "Market price cut");
        var atAccount = await ownerClient.NewMoveAsync(rival, "Visited our buyer", "poachingAttempt", account.Id());

        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep));
        Assert.Equal([market.Id()], await otherRep.FeedIdsAsync($"competitorId={rival}"));
        Assert.Empty(await otherRep.FeedIdsAsync($"accountId={account.Id()}"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(MovePath(atAccount.Id()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(MovePath(atAccount.Id()) + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.PatchJsonAsync(MovePath(atAccount.Id()), new { title = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.DeleteAsync(MovePath(atAccount.Id()), null)).StatusCode);
        var hidden = await otherRep.PostJsonAsync(Moves, new { competitorId = rival, kind = "other", title = "x", accountId = account.Id() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, hidden.StatusCode);
        Assert.Equal(["accountId"], (await hidden.ErrorsAsync()).Select(e => e.Key));
        // The error for an account one may not see is the same as for one that does not exist.
        var missing = await otherRep.PostJsonAsync(Moves, new { competitorId = rival, kind = "other", title = "x", accountId = 999_999_999 });
        Assert.Equal((await missing.ErrorsAsync()).ToJsonString(), (await (await otherRep.PostJsonAsync(Moves,
            new { competitorId = rival, kind = "other", title = "x", accountId = account.Id() })).ErrorsAsync()).ToJsonString());

        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        Assert.Equal([atAccount.Id(), market.Id()], await manager.FeedIdsAsync($"competitorId={rival}"));
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal([market.Id()], await otherManager.FeedIdsAsync($"competitorId={rival}"));

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal([atAccount.Id(), market.Id()], await viewer.FeedIdsAsync($"competitorId={rival}"));
        var seen = await viewer.GetJsonAsync(MovePath(atAccount.Id()));
        Assert.False(seen["canEdit"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(Moves, new { competitorId = rival, kind = "other", title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(MovePath(market.Id()), new { title = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(MovePath(market.Id()), null)).StatusCode);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var outsider = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"{Moves}?competitorId={rival}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync(MovePath(market.Id()))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync(MovePath(market.Id()) + "/history")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostJsonAsync(Moves, new { competitorId = rival, kind = "other", title = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PatchJsonAsync(MovePath(market.Id()), new { title = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.DeleteAsync(MovePath(market.Id()), null)).StatusCode);
        }
    }

    [Fact]
    public async Task RecorderManagerAndAdmin_MayChangeAMove_OtherRepsWhoSeeItMayNot()
    {
        var team = TestApp.NewTeam();
        var teammate = await App.CreateUserAsync(Role.Rep, team);
        var owner = await App.CreateUserAsync(Role.Rep, team);
        using var ownerClient = App.Client(owner);
        var rival = await ownerClient.NewCompetitorAsync();
        var account = await ownerClient.NewAccountAsync(teammate.Id);
        var move = await ownerClient.NewMoveAsync(rival, accountId: account.Id());
        var market = await ownerClient.NewMoveAsync(rival, "Market");

        using var teammateClient = App.Client(teammate);
        var seen = await teammateClient.GetJsonAsync(MovePath(move.Id()));
        Assert.False(seen["canEdit"]!.GetValue<bool>());
        var refused = await teammateClient.PatchJsonAsync(MovePath(move.Id()), new { title = "Not mine" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teammateClient.DeleteAsync(MovePath(move.Id()), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.Client(await App.CreateUserAsync(Role.Rep)).PatchJsonAsync(MovePath(market.Id()), new { title = "x" })).StatusCode);

        var changed = await ownerClient.PatchJsonAsync(MovePath(move.Id()), new { impact = "high", detail = "Second visit" });
        await changed.ExpectAsync(HttpStatusCode.OK);
        var after = await changed.JsonAsync();
        Assert.Equal(("high", "Second visit", move.Str("title")), (after.Str("impact"), after.Str("detail"), after.Str("title")));
        Assert.Equal(owner.Id, after["recordedBy"]!.Id());

        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        var byManager = await manager.PatchJsonAsync(MovePath(move.Id()), new { kind = "poachingAttempt" });
        await byManager.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(owner.Id, (await byManager.JsonAsync())["recordedBy"]!.Id());
        await (await manager.PatchJsonAsync(MovePath(market.Id()), new { impact = "low" })).ExpectAsync(HttpStatusCode.OK);

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await (await admin.DeleteAsync(MovePath(move.Id()), null)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await ownerClient.GetAsync(MovePath(move.Id()))).StatusCode);
    }

    [Fact]
    public async Task PatchFollowsTheSameRules_AndStaleIfMatchIs412()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var rival = await client.NewCompetitorAsync();
        var account = await client.NewAccountAsync();
        var other = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var move = await client.NewMoveAsync(rival, accountId: account.Id(), opportunityId: deal.Id());

        var moved = await client.PatchJsonAsync(MovePath(move.Id()), new { accountId = other.Id() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
        Assert.Equal(["opportunityId"], (await moved.ErrorsAsync()).Select(e => e.Key));
        var cleared = await client.PatchJsonAsync(MovePath(move.Id()), new { accountId = (long?)null });
        Assert.Equal(["opportunityId"], (await cleared.ErrorsAsync()).Select(e => e.Key));
        var future = await client.PatchJsonAsync(MovePath(move.Id()), new { occurredOn = Day(-2), title = "" });
        Assert.Equal(["occurredOn", "title"], (await future.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));
        var unchanged = await client.GetJsonAsync(MovePath(move.Id()));
        Assert.Equal(move.ToJsonString(), unchanged.ToJsonString());

        var ok = await client.PatchJsonAsync(MovePath(move.Id()), new { title = "Changed", occurredOn = Day(3) }, Version(move));
        await ok.ExpectAsync(HttpStatusCode.OK);
        var changed = await ok.JsonAsync();
        Assert.Equal(Day(3), changed.Str("occurredOn"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync(MovePath(move.Id()), new { title = "Stale" }, Version(move))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync(MovePath(move.Id()), Version(move))).StatusCode);
        Assert.Equal("Changed", (await client.GetJsonAsync(MovePath(move.Id()))).Str("title"));

        await (await client.DeleteAsync(MovePath(move.Id()), Version(changed))).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(MovePath(move.Id()))).StatusCode);
    }

    [Fact]
    public async Task SameIdempotencyKey_ReturnsTheFirstMove_NeverASecond()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var rival = await client.NewCompetitorAsync();
        var key = Guid.NewGuid().ToString("N");
        var body = new { competitorId = rival, kind = "capacityExpansion", title = "Second plant" };

        var first = await client.PostJsonAsync(Moves, body, key);
        var again = await client.PostJsonAsync(Moves, body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await again.ExpectAsync(HttpStatusCode.Created);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((await first.JsonAsync()).Id(), (await again.JsonAsync()).Id());
        Assert.Single(await client.FeedIdsAsync($"competitorId={rival}"));
    }

    [Fact]
    public async Task Feed_FiltersByIndustrySectionAndDivision_FallingBackToTheAccountsIndustry()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var rival = await client.NewCompetitorAsync();
        var machinery = await client.NewMoveAsync(rival, "Machinery", industry: "28");
        var building = await client.NewMoveAsync(rival, "Building", industry: "41");
        var carMaker = await client.NewAccountInAsync("29");
        var atCarMaker = await client.NewMoveAsync(rival, "At a car maker", accountId: carMaker.Id());
        Assert.Equal("29", atCarMaker["industry"].Str("code"));
        // A move at an account without an industry keeps none of its own; the account gets one later.
        var mill = await client.NewAccountAsync();
        var atMill = await client.NewMoveAsync(rival, "At a mill", accountId: mill.Id());
        Assert.Null(atMill["industry"]);
        await (await client.PatchJsonAsync($"/api/v1/accounts/{mill.Id()}", new { industry = "24" })).ExpectAsync(HttpStatusCode.OK);
        var bare = await client.NewMoveAsync(rival, "Nowhere in particular");

        Assert.Equal([machinery.Id()], await client.FeedIdsAsync($"competitorId={rival}&industry=28"));
        Assert.Equal([atMill.Id()], await client.FeedIdsAsync($"competitorId={rival}&industry=24"));
        Assert.Equal(new[] { atCarMaker.Id(), atMill.Id(), machinery.Id() }.Order(), (await client.FeedIdsAsync($"competitorId={rival}&industry=c")).Order());
        Assert.Equal([building.Id()], await client.FeedIdsAsync($"competitorId={rival}&industry=F"));
        Assert.Empty(await client.FeedIdsAsync($"competitorId={rival}&industry=A"));
        Assert.Equal(5, (await client.FeedIdsAsync($"competitorId={rival}")).Count);
        Assert.Contains(bare.Id(), await client.FeedIdsAsync($"competitorId={rival}"));
    }

    [Fact]
    public async Task Feed_FiltersByApplication_KindImpactAccountPursuitAndPeriod_NewestFirst_APageAtATime()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var rival = await client.NewCompetitorAsync();
        var coils = await App.ApplicationIdAsync("Rolled coils", "24");
        var towers = await App.ApplicationIdAsync("Office towers", "F");
        var mill = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(mill.Id());
        var atMill = await client.NewMoveAsync(rival, "At the mill", "poachingAttempt", mill.Id(), deal.Id(), impact: "high", occurredOn: Day(10));
        await (await client.PatchJsonAsync($"/api/v1/accounts/{mill.Id()}", new { industry = "24", applicationIds = new[] { coils } })).ExpectAsync(HttpStatusCode.OK);
        var coilMarket = await client.NewMoveAsync(rival, "Coil market", applicationId: coils, impact: "low", occurredOn: Day(40));
        var towerMarket = await client.NewMoveAsync(rival, "Tower market", "qualityTrouble", applicationId: towers, occurredOn: Day(200));
        var old = await client.NewMoveAsync(rival, "Long ago", "other", occurredOn: "2001-05-01");

        Assert.Equal([atMill.Id(), coilMarket.Id()], await client.FeedIdsAsync($"competitorId={rival}&applicationId={coils}"));
        Assert.Equal([towerMarket.Id()], await client.FeedIdsAsync($"competitorId={rival}&applicationId={towers}"));
        Assert.Equal([atMill.Id()], await client.FeedIdsAsync($"competitorId={rival}&kind=poachingAttempt"));
        Assert.Equal([towerMarket.Id()], await client.FeedIdsAsync($"competitorId={rival}&kind=QualityTrouble"));
        Assert.Equal([coilMarket.Id()], await client.FeedIdsAsync($"competitorId={rival}&impact=low"));
        Assert.Equal([atMill.Id()], await client.FeedIdsAsync($"accountId={mill.Id()}"));
        Assert.Equal([atMill.Id()], await client.FeedIdsAsync($"opportunityId={deal.Id()}"));
        Assert.Equal([atMill.Id()], await client.FeedIdsAsync($"competitorId={rival}&from={Day(30)}"));
        Assert.Equal([atMill.Id(), coilMarket.Id()], await client.FeedIdsAsync($"competitorId={rival}&from={Day(90)}&to={Day(0)}"));
        Assert.Equal([towerMarket.Id(), old.Id()], await client.FeedIdsAsync($"competitorId={rival}&to={Day(100)}"));

        // Newest first, then by id; the cursor continues where the page ended.
        var first = await client.GetJsonAsync($"{Moves}?competitorId={rival}&limit=3");
        Assert.Equal([atMill.Id(), coilMarket.Id(), towerMarket.Id()], first["items"]!.AsArray().Select(m => m!.Id()));
        var cursor = first.Str("nextCursor");
        var second = await client.GetJsonAsync($"{Moves}?competitorId={rival}&limit=3&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal([old.Id()], second["items"]!.AsArray().Select(m => m!.Id()));
        Assert.Null(second["nextCursor"]);
    }

    [Fact]
    public async Task History_FollowsTheAccount_AndMarketMovesHistoryIsForAdmins()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(owner);
        var rival = await client.NewCompetitorAsync();
        var account = await client.NewAccountAsync();
        var move = await client.NewMoveAsync(rival, "First visit", accountId: account.Id());
        await (await client.PatchJsonAsync(MovePath(move.Id()), new { title = "Second visit" })).ExpectAsync(HttpStatusCode.OK);

        var history = (await client.GetJsonAsync(MovePath(move.Id()) + "/history"))["items"]!.AsArray();
        Assert.Equal(["updated", "created"], history.Select(h => h.Str("action")));
        var change = Assert.Single(history[0]!["changes"]!.AsArray());
        Assert.Equal(("title", "First visit", "Second visit"), (change.Str("field"), change.Str("old"), change.Str("new")));

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal(2, (await viewer.GetJsonAsync(MovePath(move.Id()) + "/history"))["items"]!.AsArray().Count);
        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep));
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(MovePath(move.Id()) + "/history")).StatusCode);

        var market = await client.NewMoveAsync(rival, "Market");
        Assert.Empty((await client.GetJsonAsync(MovePath(market.Id()) + "/history"))["items"]!.AsArray());
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        Assert.Single((await admin.GetJsonAsync(MovePath(market.Id()) + "/history"))["items"]!.AsArray());
    }

    [Fact]
    public async Task ACompetitorWithMoves_IsNotDeleted_409SayingHowMany()
    {
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        var rival = await manager.NewCompetitorAsync();
        var move = await manager.NewMoveAsync(rival);

        var refused = await manager.DeleteAsync($"/api/v1/competitors/{rival}", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("1 competitor move", await refused.Content.ReadAsStringAsync());
        await (await manager.DeleteAsync(MovePath(move.Id()), null)).ExpectAsync(HttpStatusCode.NoContent);
        await (await manager.DeleteAsync($"/api/v1/competitors/{rival}", null)).ExpectAsync(HttpStatusCode.NoContent);
    }
}
