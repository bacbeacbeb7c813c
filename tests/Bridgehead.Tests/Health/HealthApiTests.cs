using System.Net;
using Bridgehead.Competitors;
using Bridgehead.Health;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Incidents;
using Bridgehead.Notifications;
using Bridgehead.Tests.Orders;
using Bridgehead.Tests.Wallet;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Bridgehead.Tests.Health.HealthSeed;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Health;

public sealed class HealthApiTests_Sqlite() : HealthApiTests(Provider.Sqlite);

public sealed class HealthApiTests_Postgres() : HealthApiTests(Provider.Postgres);

/// <summary>GET /accounts/{id}/health, the refresh, the hourly job, the loader's query count and the accounts list filter.</summary>
public abstract class HealthApiTests(Provider provider) : AppTests(provider)
{
    private static string PathOf(long accountId) => $"/api/v1/accounts/{accountId}/health";

    private Task<bool> RunJobsAsync() => App.Web.Services.GetRequiredService<BackgroundWorker>().RunOnceAsync();

    /// <summary>
    /// A customer with every kind of fact: share 60% -> 40% (16), a poaching attempt (8), a major
    /// incident (8), feedback unanswered for 10 days (4), a quiet champion (5), orders down 70%
    /// (13) and OTIF 0% after 100% (15): 69 lost, score 31, at risk.
    /// </summary>
    private async Task<long> TroubledCustomerAsync(HttpClient rep, TestUser user)
    {
        var account = await rep.CustomerAsync("Troubled");
        var deal = (await rep.NewOpportunityAsync(account)).Id();
        await rep.NewShareAsync(account, "Valves", null, 60, 200, 60_000_000);
        await rep.NewShareAsync(account, "Valves", null, 40, 10, 40_000_000);
        await App.MoveAsync(account, user.Id, CompetitorMoveKind.PoachingAttempt, MoveImpact.Medium, 10);
        await App.MoveAsync(account, user.Id, CompetitorMoveKind.PriceCut, MoveImpact.High, 120);
        await App.IncidentAsync(account, user.Id, IncidentSeverity.Major);
        await App.IncidentAsync(account, user.Id, IncidentSeverity.Critical, IncidentStatus.Closed);
        await App.FeedbackAsync(account, deal, user.Id, 10);
        await App.FeedbackAsync(account, deal, user.Id, 3);
        await App.FeedbackAsync(account, deal, user.Id, 30, "We cut the price");
        await App.ChampionAsync(account, deal);
        var product = await App.NewOrderProductAsync(10, 1000);
        await App.OrderAsync(account, user.Id, product, 150, 100, 10m, 120, 125);
        await App.OrderAsync(account, user.Id, product, 20, 30, 10m, 5, null);
        return account;
    }

    [Fact]
    public async Task Health_ExplainsEachSignal_InTheCallersLanguage()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(user);
        var account = await TroubledCustomerAsync(rep, user);

        var health = await rep.GetJsonAsync(PathOf(account));

        Assert.Equal(16, health.Lost("shareOfWalletTrend"));
        Assert.Equal(8, health.Lost("competitorMoves"));
        Assert.Equal(8, health.Lost("openIncidents"));
        Assert.Equal(4, health.Lost("unansweredFeedback"));
        Assert.Equal(5, health.Lost("championGoneQuiet"));
        Assert.Equal(13, health.Lost("orderVolumeTrend"));
        Assert.Equal(15, health.Lost("otifTrend"));
        Assert.Equal(0, health.Lost("overdueCare"));
        Assert.Equal(31, health["score"]!.GetValue<int>());
        Assert.Equal("atRisk", health.Str("band"));
        Assert.Equal(8, health["signals"]!.AsArray().Count);
        var share = health["signals"]!.AsArray().Single(s => s.Str("key") == "shareOfWalletTrend")!;
        Assert.Equal(20, share["maxPoints"]!.GetValue<int>());
        Assert.Equal(60m, share["facts"]!["shareBefore"]!.GetValue<decimal>());
        Assert.Equal(40m, share["facts"]!["shareNow"]!.GetValue<decimal>());
        Assert.Contains("from 60% six months ago to 40% now", health.Explanation("shareOfWalletTrend"));
        Assert.Contains("1 competitor moves", health.Explanation("competitorMoves"));
        Assert.Equal("Care is on schedule.", health.Explanation("overdueCare"));
        Assert.Contains("-70%", health.Explanation("orderVolumeTrend"));
        Assert.Empty(health["trend"]!.AsArray());
        Assert.Null(health["reason"]);
        // Numbers, not money: no prices in the facts.
        Assert.DoesNotContain("amount", health.ToJsonString());

        using var korean = App.Client(user, "ko");
        var ko = await korean.GetJsonAsync(PathOf(account));
        Assert.Contains("당사 점유율이 6개월 전 60%에서 현재 40%", ko.Explanation("shareOfWalletTrend"));
        Assert.Equal("관리 계획대로 진행 중입니다.", ko.Explanation("overdueCare"));
    }

    [Fact]
    public async Task Health_IsForSalesReadersOfTheAccount_QualityAndProductGet403()
    {
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        using var rep = App.Client(owner);
        var account = await rep.CustomerAsync();
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        using var foreign = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));

        foreach (var reader in new[] { rep, manager, viewer, admin })
        {
            Assert.Equal(100, (await reader.GetJsonAsync(PathOf(account)))["score"]!.GetValue<int>());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.GetAsync(PathOf(account))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.GetAsync(PathOf(account))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync(PathOf(long.MaxValue))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync(PathOf(account))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await product.GetAsync(PathOf(account))).StatusCode);

        // Refresh: sales writers of the account.
        await (await rep.PostJsonAsync(PathOf(account) + "/refresh", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await manager.PostJsonAsync(PathOf(account) + "/refresh", new { })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.PostJsonAsync(PathOf(account) + "/refresh", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(PathOf(account) + "/refresh", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.PostJsonAsync(PathOf(account) + "/refresh", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await product.PostJsonAsync(PathOf(account) + "/refresh", new { })).StatusCode);

        // Stored health follows the account's visibility too.
        await using var db = App.OpenDb(new Viewer(-1, Role.Quality, null, "q"));
        Assert.False(await db.AccountHealth.AnyAsync(h => h.AccountId == account));
    }

    [Fact]
    public async Task Health_OfAProspect_HasNoScoreButAReason_AndCannotBeRefreshed()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var prospect = (await rep.NewAccountAsync()).Id();

        var health = await rep.GetJsonAsync(PathOf(prospect));

        Assert.Null(health["score"]);
        Assert.Null(health["band"]);
        Assert.Empty(health["signals"]!.AsArray());
        Assert.Equal("Health is scored for customers only.", health.Str("reason"));
        Assert.Equal(HttpStatusCode.Conflict, (await rep.PostJsonAsync(PathOf(prospect) + "/refresh", new { })).StatusCode);
    }

    [Fact]
    public async Task Job_StoresTheScoreAndTodaysSnapshot_RaisesTheBandDropOnce_AndIsIdempotent()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(user);
        var account = await rep.CustomerAsync("Dropping");
        var today = Today;

        await RunJobsAsync();
        await using (var db = App.OpenDb())
        {
            var stored = await db.AccountHealth.AsNoTracking().SingleAsync(h => h.AccountId == account);
            Assert.Equal((100, HealthBand.Healthy), (stored.Score, stored.Band));
            Assert.Single(await db.HealthSnapshots.Where(s => s.AccountId == account).ToListAsync());
            Assert.False(await db.OutboxEvents.AnyAsync(e => e.AccountId == account));
        }

        // A critical incident and two poaching attempts: 15 + 16 = 31 lost -> 69, watch.
        await App.IncidentAsync(account, user.Id, IncidentSeverity.Critical);
        await App.MoveAsync(account, user.Id, CompetitorMoveKind.PoachingAttempt, MoveImpact.High, 1);
        await App.MoveAsync(account, user.Id, CompetitorMoveKind.PoachingAttempt, MoveImpact.Low, 2);
        await RunJobsAsync();
        await RunJobsAsync();

        await using (var db = App.OpenDb())
        {
            var stored = await db.AccountHealth.AsNoTracking().SingleAsync(h => h.AccountId == account);
            Assert.Equal((69, HealthBand.Watch), (stored.Score, stored.Band));
            var snapshot = await db.HealthSnapshots.AsNoTracking().SingleAsync(s => s.AccountId == account);
            Assert.Equal((today, 69, HealthBand.Watch), (snapshot.ScoredOn, snapshot.Score, snapshot.Band));
            // Other jobs may raise their own events about the account (the incident's escalation): count ours.
            var raised = await db.OutboxEvents.AsNoTracking().SingleAsync(e => e.AccountId == account && e.Event == NotificationEvent.HealthBandDropped);
            Assert.Equal(NotificationEvent.HealthBandDropped, raised.Event);
            Assert.Equal(("account", account), (raised.EntityType, raised.EntityId));
            Assert.Equal($"account:{account}:{today:yyyy-MM-dd}", raised.DedupKey);
            var data = System.Text.Json.Nodes.JsonNode.Parse(raised.Data)!;
            Assert.Equal(("healthy", "watch", 69), (data.Str("fromBand"), data.Str("toBand"), data["score"]!.GetValue<int>()));
            Assert.StartsWith("Dropping", data.Str("name"));
        }

        // A second drop the same day (say the stored band was healthy again), through the refresh:
        // stored and shown, but one alert per account and day.
        await using (var db = App.OpenDb())
        {
            (await db.AccountHealth.SingleAsync(h => h.AccountId == account)).Band = HealthBand.Healthy;
            await db.SaveChangesAsync();
        }
        var refreshed = await (await rep.PostJsonAsync(PathOf(account) + "/refresh", new { })).JsonAsync();
        Assert.Equal("watch", refreshed.Str("band"));
        Assert.Single(refreshed["trend"]!.AsArray());
        await using (var db = App.OpenDb())
        {
            Assert.Equal(HealthBand.Watch, (await db.AccountHealth.AsNoTracking().SingleAsync(h => h.AccountId == account)).Band);
            Assert.Equal(1, await db.OutboxEvents.CountAsync(e => e.AccountId == account && e.Event == NotificationEvent.HealthBandDropped));
            Assert.Equal(1, await db.HealthSnapshots.CountAsync(s => s.AccountId == account));
        }

        // No longer a customer: the stored health goes, the history stays.
        await using (var db = App.OpenDb())
        {
            var entity = await db.Accounts.SingleAsync(a => a.Id == account);
            entity.Status = Bridgehead.Accounts.AccountStatus.Former;
            await db.SaveChangesAsync();
        }
        await RunJobsAsync();
        await using (var db = App.OpenDb())
        {
            Assert.False(await db.AccountHealth.AnyAsync(h => h.AccountId == account));
            Assert.Equal(1, await db.HealthSnapshots.CountAsync(s => s.AccountId == account));
        }
    }

    [Fact]
    public async Task Trend_HoldsOneSnapshotPerDay_OfTheLast90Days()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var account = await rep.CustomerAsync();
        await using (var db = App.OpenDb())
        {
            db.HealthSnapshots.Add(new HealthSnapshot { AccountId = account, ScoredOn = Today.AddDays(-120), Score = 90, Band = HealthBand.Healthy });
            db.HealthSnapshots.Add(new HealthSnapshot { AccountId = account, ScoredOn = Today.AddDays(-2), Score = 50, Band = HealthBand.Watch });
            db.HealthSnapshots.Add(new HealthSnapshot { AccountId = account, ScoredOn = Today.AddDays(-1), Score = 60, Band = HealthBand.Watch });
            await db.SaveChangesAsync();
        }
        await (await rep.PostJsonAsync(PathOf(account) + "/refresh", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await rep.PostJsonAsync(PathOf(account) + "/refresh", new { })).ExpectAsync(HttpStatusCode.OK);

        var trend = (await rep.GetJsonAsync(PathOf(account)))["trend"]!.AsArray();

        Assert.Equal([Today.AddDays(-2), Today.AddDays(-1), Today], trend.Select(p => DateOnly.Parse(p.Str("date"), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([50, 60, 100], trend.Select(p => p!["score"]!.GetValue<int>()));
        Assert.Equal("healthy", trend[2].Str("band"));
    }

    [Fact]
    public async Task LoadAsync_RunsTheSameNumberOfQueries_For1And20Accounts()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(user);
        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            var account = await rep.CustomerAsync("Batch");
            ids.Add(account);
            await rep.NewShareAsync(account, "Valves", null, 50, 200, 1_000_000);
            await App.IncidentAsync(account, user.Id, IncidentSeverity.Minor);
            await App.MoveAsync(account, user.Id, CompetitorMoveKind.Other, MoveImpact.Low, 5);
        }
        var viewer = new Viewer(user.Id, Role.Rep, user.TeamId, user.UserName);

        async Task<(int Queries, IReadOnlyDictionary<long, HealthFacts> Facts)> CountAsync(IReadOnlyCollection<long> batch)
        {
            using var sql = SqlCommands.For(App, user);
            await using var db = App.OpenDb(viewer);
            var facts = await HealthData.LoadAsync(db, batch, Today);
            return (sql.Commands.Count, facts);
        }

        var one = await CountAsync([ids[0]]);
        var twenty = await CountAsync(ids);

        Assert.Single(one.Facts);
        Assert.Equal(20, twenty.Facts.Count);
        Assert.All(twenty.Facts.Values, f => Assert.Equal((1, 1, 1), (f.MinorIncidents, f.LowImpactMoves, f.Shares.Count)));
        Assert.Equal(one.Queries, twenty.Queries);
        Assert.InRange(one.Queries, 1, 12);
    }

    [Fact]
    public async Task AccountsList_FiltersByHealthBand_OnlyForSalesReaders()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(user);
        var fine = await rep.CustomerAsync("Fine");
        var troubled = await rep.CustomerAsync("Trouble");
        await using (var db = App.OpenDb())
        {
            db.AccountHealth.Add(new AccountHealth { AccountId = fine, Score = 90, Band = HealthBand.Healthy, Signals = "[]", ScoredAt = DateTime.UtcNow });
            db.AccountHealth.Add(new AccountHealth { AccountId = troubled, Score = 20, Band = HealthBand.AtRisk, Signals = "[]", ScoredAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var atRisk = (await rep.GetJsonAsync("/api/v1/accounts?healthBand=atRisk&ownerId=" + user.Id))["items"]!.AsArray();
        var healthy = (await rep.GetJsonAsync("/api/v1/accounts?healthBand=healthy&ownerId=" + user.Id))["items"]!.AsArray();

        Assert.Equal([troubled], atRisk.Select(a => a!.Id()));
        Assert.Equal([fine], healthy.Select(a => a!.Id()));
        Assert.Equal(HttpStatusCode.BadRequest, (await rep.GetAsync("/api/v1/accounts?healthBand=sick")).StatusCode);
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        Assert.Empty((await quality.GetJsonAsync("/api/v1/accounts?healthBand=atRisk&ownerId=" + user.Id))["items"]!.AsArray());
    }
}
