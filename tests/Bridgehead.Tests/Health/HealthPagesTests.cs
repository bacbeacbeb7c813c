using System.Net;
using Bridgehead.Health;
using Bridgehead.Identity;
using Bridgehead.Incidents;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Health.HealthSeed;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Health;

public sealed class HealthPagesTests_Sqlite() : HealthPagesTests(Provider.Sqlite);

public sealed class HealthPagesTests_Postgres() : HealthPagesTests(Provider.Postgres);

/// <summary>The account page's health section and its Refresh, /accounts/health, the home panel and the accounts list's badge.</summary>
public abstract class HealthPagesTests(Provider provider) : AppTests(provider)
{
    private async Task StoreAsync(long accountId, int score, HealthBand band, bool droppedToday = false)
    {
        await using var db = App.OpenDb();
        var signals = HealthScoring.Serialize(HealthScorer.Score(new HealthFacts { CriticalIncidents = 1, UnansweredFeedback = 1, OldestUnansweredDays = 9 }).Signals);
        db.AccountHealth.Add(new AccountHealth { AccountId = accountId, Score = score, Band = band, Signals = signals, ScoredAt = DateTime.UtcNow });
        if (droppedToday)
        {
            Events.Raise(db, NotificationEvent.HealthBandDropped, "account", accountId, accountId, new { name = "x", fromBand = "healthy", toBand = "watch", score }, $"account:{accountId}:test");
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task AccountPage_ShowsScoreSignalsAndSparkline_AndRefreshStoresTheScore()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(user);
        var account = await api.CustomerAsync();
        await App.IncidentAsync(account, user.Id, IncidentSeverity.Critical);
        await using (var db = App.OpenDb())
        {
            db.HealthSnapshots.Add(new HealthSnapshot { AccountId = account, ScoredOn = Today.AddDays(-10), Score = 95, Band = HealthBand.Healthy });
            db.HealthSnapshots.Add(new HealthSnapshot { AccountId = account, ScoredOn = Today.AddDays(-3), Score = 85, Band = HealthBand.Healthy });
            await db.SaveChangesAsync();
        }
        using var browser = await App.SignInAsync(user);

        var page = await browser.GetFormAsync($"/accounts/{account}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("id=\"health\"", page.Html);
        Assert.Contains("Account health", page.Html);
        Assert.Contains("<meter class=\"health-meter large\" min=\"0\" max=\"100\" low=\"40\" high=\"70\" optimum=\"100\" value=\"85\"", page.Html);
        Assert.Contains("Score 85 of 100", page.Html);
        Assert.Contains("badge health-healthy", page.Html);
        Assert.Contains("Open quality incidents: 1 critical, 0 major, 0 minor.", page.Html);
        Assert.Contains("−15 of 20", page.Html);
        Assert.Contains("<svg class=\"sparkline\"", page.Html);
        Assert.Contains("<polyline class=\"trend\" points=\"", page.Html);
        Assert.DoesNotContain("style=", page.Html);
        Assert.Contains($"action=\"/accounts/{account}/health/refresh\"", page.Html);

        var response = await browser.PostFormAsync($"/accounts/{account}/health/refresh", page.Token, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/accounts/{account}#health", response.Headers.Location!.OriginalString);
        await using (var db = App.OpenDb())
        {
            Assert.Equal(85, (await db.AccountHealth.SingleAsync(h => h.AccountId == account)).Score);
            Assert.Equal(3, await db.HealthSnapshots.CountAsync(s => s.AccountId == account));
        }

        using var korean = await App.SignInAsync(user, "ko");
        var (_, ko) = await korean.GetAsync($"/accounts/{account}");
        Assert.Contains("거래처 건강도", ko);
        Assert.Contains("진행 중인 품질 문제: 치명 1건", ko);
    }

    [Fact]
    public async Task AccountPage_HealthSection_ReadOnlyForViewer_AbsentForQualityAndProspects()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(user);
        var customer = await api.CustomerAsync();
        var prospect = (await api.NewAccountAsync()).Id();

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (_, viewed) = await viewer.GetAsync($"/accounts/{customer}");
        Assert.Contains("id=\"health\"", viewed);
        Assert.DoesNotContain("/health/refresh", viewed);
        var refused = await viewer.PostFormAsync($"/accounts/{customer}/health/refresh", (await viewer.GetFormAsync($"/accounts/{customer}")).Token, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        var (status, html) = await quality.GetAsync($"/accounts/{customer}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("id=\"health\"", html);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/accounts/health")).Status);

        using var rep = await App.SignInAsync(user);
        var (_, prospectPage) = await rep.GetAsync($"/accounts/{prospect}");
        Assert.DoesNotContain("id=\"health\"", prospectPage);
    }

    [Fact]
    public async Task HealthList_ShowsTheCallersCustomersByBand_WorstFirst_WithTheTopReason()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(user);
        var good = await api.CustomerAsync("Good");
        var bad = await api.CustomerAsync("Bad");
        using var other = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var foreign = await other.CustomerAsync("Foreign");
        await StoreAsync(good, 88, HealthBand.Healthy);
        await StoreAsync(bad, 25, HealthBand.AtRisk);
        await StoreAsync(foreign, 10, HealthBand.AtRisk);
        using var browser = await App.SignInAsync(user);

        var (status, html) = await browser.GetAsync("/accounts/health");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"/accounts/{bad}#health", html);
        Assert.Contains($"/accounts/{good}#health", html);
        Assert.DoesNotContain($"/accounts/{foreign}#health", html);
        Assert.True(html.IndexOf($"/accounts/{bad}#health", StringComparison.Ordinal) < html.IndexOf($"/accounts/{good}#health", StringComparison.Ordinal));
        Assert.Contains("Open quality incidents", html);
        Assert.DoesNotContain("style=", html);

        var (_, filtered) = await browser.GetAsync("/accounts/health?band=Healthy");
        Assert.DoesNotContain($"/accounts/{bad}#health", filtered);
        Assert.Contains($"/accounts/{good}#health", filtered);
    }

    [Fact]
    public async Task Home_ShowsAccountsAtRiskOrDroppedThisWeek_AndTheAccountsListShowsTheBand()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(user);
        var risky = await api.CustomerAsync("Risky");
        var dropped = await api.CustomerAsync("Dropped");
        var fine = await api.CustomerAsync("Fine");
        await StoreAsync(risky, 30, HealthBand.AtRisk);
        await StoreAsync(dropped, 60, HealthBand.Watch, droppedToday: true);
        await StoreAsync(fine, 90, HealthBand.Healthy);
        using var browser = await App.SignInAsync(user);

        var (_, home) = await browser.GetAsync("/");
        Assert.Contains("Accounts at risk", home);
        Assert.Contains($"/accounts/{risky}#health", home);
        Assert.Contains($"/accounts/{dropped}#health", home);
        Assert.DoesNotContain($"/accounts/{fine}#health", home);

        var (_, list) = await browser.GetAsync($"/accounts?ownerId={user.Id}");
        Assert.Contains("badge health-atrisk", list);
        Assert.Contains("badge health-healthy", list);
        Assert.Contains("name=\"healthBand\"", list);
        var (_, onlyRisky) = await browser.GetAsync($"/accounts?ownerId={user.Id}&healthBand=AtRisk");
        Assert.Contains($"/accounts/{risky}\"", onlyRisky);
        Assert.DoesNotContain($"/accounts/{fine}\"", onlyRisky);

        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        var (_, qualityHome) = await quality.GetAsync("/");
        Assert.DoesNotContain("Accounts at risk", qualityHome);
    }
}
