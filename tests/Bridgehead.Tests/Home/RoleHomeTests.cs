using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Common;
using Bridgehead.Feedback;
using Bridgehead.Identity;
using Bridgehead.Incidents;
using Bridgehead.Negotiation;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Bridgehead.Shared;
using Bridgehead.Tests.Health;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Trials;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.ProductRequests.RequestSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Home;

public sealed class RoleHomeTests_Sqlite() : RoleHomeTests(Provider.Sqlite);

public sealed class RoleHomeTests_Postgres() : RoleHomeTests(Provider.Postgres);

/// <summary>The home at <c>/</c> per role: which panels each role gets and must not get, their rows and empty states, in English and Korean.</summary>
public abstract class RoleHomeTests(Provider provider) : AppTests(provider)
{
    /// <summary>Far enough back to be past any stage's stall threshold.</summary>
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddDays(-3000);

    private static DateOnly LocalToday => DateOnly.FromDateTime(Display.Local(DateTime.UtcNow));

    private async Task<string> HomeAsync(TestUser user, string language = "en")
    {
        using var browser = await App.SignInAsync(user, language);
        var (status, html) = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        return html;
    }

    /// <summary>The markup of one panel, found by the id of its heading (up to the end of its section).</summary>
    private static string Panel(string html, string headingId)
    {
        var match = Regex.Match(html, $"<section[^>]*aria-labelledby=\"{headingId}\"[^>]*>.*?</section>", RegexOptions.Singleline);
        Assert.True(match.Success, $"No panel {headingId}.");
        return WebUtility.HtmlDecode(match.Value);
    }

    /// <summary>A new opportunity of the user at a new account, with the given value and stage (entered at <paramref name="enteredAt"/>).</summary>
    private async Task<(long AccountId, long OpportunityId, string Title)> DealAsync(TestUser owner, string stage = "needs", decimal? value = null,
        DateTime? enteredAt = null, ForecastCategory category = ForecastCategory.Pipeline, DateOnly? closes = null)
    {
        using var api = App.Client(owner);
        var account = await api.NewAccountAsync();
        var deal = await api.NewOpportunityAsync(account.Id(), title: "Home deal");
        await App.PutInStageAsync(deal.Id(), stage, enteredAt: enteredAt);
        await using var db = App.OpenDb();
        var o = await db.Opportunities.SingleAsync(x => x.Id == deal.Id());
        o.EstimatedAnnualValue = value;
        o.Currency = value is null ? null : "KRW";
        o.ForecastCategory = category;
        o.ExpectedCloseDate = closes;
        await db.SaveChangesAsync();
        return (account.Id(), deal.Id(), deal.Str("title"));
    }

    [Fact]
    public async Task Rep_SeesTheirOwnStalledDeal_NotAnotherReps_AndTheEmptyStates()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var other = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var (_, stalledId, stalledTitle) = await DealAsync(rep, "needs", enteredAt: LongAgo);
        var (_, _, freshTitle) = await DealAsync(rep, "needs");
        var (_, _, othersTitle) = await DealAsync(other, "needs", enteredAt: LongAgo);

        var html = await HomeAsync(rep);
        var stalled = Panel(html, "home-stalled-h");
        Assert.Contains("My stalled deals", stalled, StringComparison.Ordinal);
        Assert.Contains($"href=\"/opportunities/{stalledId}\"", stalled, StringComparison.Ordinal);
        Assert.Contains(stalledTitle, stalled, StringComparison.Ordinal);
        Assert.DoesNotContain(freshTitle, stalled, StringComparison.Ordinal);
        Assert.DoesNotContain(othersTitle, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/opportunities?ownerId={rep.Id}&status=open&stalled=true\"", stalled, StringComparison.Ordinal);
        // The rep's week, not the manager's overview.
        Assert.DoesNotContain("home-pipeline-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-forecast-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-system-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/trials\"", html, StringComparison.Ordinal);

        var idle = await HomeAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        Assert.Contains("None of your deals has stayed too long in its stage.", Panel(idle, "home-stalled-h"), StringComparison.Ordinal);
        Assert.Contains("All customer feedback on your deals has an answer.", Panel(idle, "home-unanswered-h"), StringComparison.Ordinal);
        Assert.Contains("Nothing of yours is waiting for a manager's approval.", Panel(idle, "home-asked-h"), StringComparison.Ordinal);
        Assert.Contains("Due this week", idle, StringComparison.Ordinal);
        Assert.Contains("Care due this week", WebUtility.HtmlDecode(idle), StringComparison.Ordinal);

        var korean = await HomeAsync(rep, "ko");
        Assert.Contains("정체된 내 영업 기회", Panel(korean, "home-stalled-h"), StringComparison.Ordinal);
        Assert.Contains("요청한 승인", korean, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rep_SeesUnansweredFeedbackOnTheirDeals_AndApprovalsTheyAskedFor_WithoutMargin()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var other = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var (accountId, dealId, dealTitle) = await DealAsync(rep, "negotiation");
        var waiting = Unique("Can you ship weekly");
        var answered = Unique("Answered already");
        long quoteId, offerId, waitingId, answeredId;
        await using (var db = App.OpenDb())
        {
            var open = db.Feedback.Add(new FeedbackItem
            {
                AccountId = accountId, OpportunityId = dealId, Category = FeedbackCategory.Service, Text = waiting, ReceivedOn = HealthSeed.Today.AddDays(-4),
                DueOn = HealthSeed.Today.AddDays(-1), OwnerId = other.Id, Status = FeedbackStatus.Open,
            });
            var done = db.Feedback.Add(new FeedbackItem
            {
                AccountId = accountId, OpportunityId = dealId, Category = FeedbackCategory.Price, Text = answered, ReceivedOn = HealthSeed.Today.AddDays(-4),
                OwnerId = rep.Id, Response = "Done", RespondedAt = DateTime.UtcNow, Status = FeedbackStatus.Answered,
            });
            var quote = new Quote
            {
                AccountId = accountId, OpportunityId = dealId, Number = 2, Currency = "KRW", Language = "en", ValidUntil = HealthSeed.Today.AddDays(30),
                Status = QuoteStatus.Draft, Approval = ApprovalState.Pending, ApprovalReason = "Below the margin floor", Total = 1000m, CostTotal = 876.54m,
                Margin = 123.46m, MarginPercent = 12.346m, CreatedById = rep.Id,
            };
            db.Quotes.Add(quote);
            var term = new NegotiationTerm { AccountId = accountId, OpportunityId = dealId, Kind = TermKind.Payment, HigherIsBetter = false, WalkAway = 60m, Position = 1 };
            db.NegotiationTerms.Add(new NegotiationTerm
            {
                AccountId = accountId, OpportunityId = dealId, Kind = TermKind.Warranty, HigherIsBetter = false, WalkAway = 12m, Agreed = 24m, AgreedAt = DateTime.UtcNow,
                Exception = ApprovalState.Pending, Position = 2,
            });
            db.NegotiationTerms.Add(term);
            await db.SaveChangesAsync();
            var offer = new NegotiationOffer
            {
                AccountId = accountId, OpportunityId = dealId, TermId = term.Id, Round = 3, Side = OfferSide.Ours, Value = 90m, OfferedOn = HealthSeed.Today,
                Approval = ApprovalState.Pending, RecordedById = rep.Id,
            };
            db.NegotiationOffers.Add(offer);
            await db.SaveChangesAsync();
            (quoteId, offerId, waitingId, answeredId) = (quote.Id, offer.Id, open.Entity.Id, done.Entity.Id);
        }

        var html = await HomeAsync(rep);
        var feedback = Panel(html, "home-unanswered-h");
        // The deal, the category and the dates; the text itself is on the deal the link opens.
        Assert.Contains($"href=\"/opportunities/{dealId}#feedback-{waitingId}\"", feedback, StringComparison.Ordinal);
        Assert.Contains("Service", feedback, StringComparison.Ordinal);
        Assert.Contains("Late", feedback, StringComparison.Ordinal);
        Assert.Contains("received 4 days ago", feedback, StringComparison.Ordinal);
        Assert.DoesNotContain($"#feedback-{answeredId}", feedback, StringComparison.Ordinal);
        var asked = Panel(html, "home-asked-h");
        Assert.Contains($"href=\"/quotes/{quoteId}\"", asked, StringComparison.Ordinal);
        Assert.Contains("Quote version 2", asked, StringComparison.Ordinal);
        Assert.Contains("Our offer on Payment terms, round 3", asked, StringComparison.Ordinal);
        Assert.Contains("Warranty agreed beyond walk-away", asked, StringComparison.Ordinal);
        Assert.Contains($"href=\"/opportunities/{dealId}#negotiation\"", asked, StringComparison.Ordinal);
        Assert.Contains(dealTitle, asked, StringComparison.Ordinal);
        // A rep sees no cost or margin anywhere on the home page.
        Assert.DoesNotContain("12.35", html, StringComparison.Ordinal);
        Assert.DoesNotContain("123.46", html, StringComparison.Ordinal);
        Assert.DoesNotContain("876.54", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Quotes waiting for your approval", html, StringComparison.Ordinal);
        Assert.True(offerId > 0);

        var stranger = await HomeAsync(other);
        Assert.DoesNotContain($"#feedback-{waitingId}", stranger, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/quotes/{quoteId}\"", stranger, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_SeesTheTeamsPipelineValue_Forecast_StalledCount_AndApprovals_NotOtherTeams()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var outsider = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        await DealAsync(rep, "quote", 1_000_000m, category: ForecastCategory.Commit, closes: LocalToday);
        await DealAsync(rep, "quote", 500_000m, enteredAt: LongAgo, category: ForecastCategory.BestCase, closes: LocalToday);
        await DealAsync(rep, "contact", 250_000m);
        await DealAsync(outsider, "quote", 7_777_777m, enteredAt: LongAgo, category: ForecastCategory.Commit, closes: LocalToday);

        var html = await HomeAsync(manager);
        var pipeline = Panel(html, "home-pipeline-h");
        Assert.Contains("Team pipeline", pipeline, StringComparison.Ordinal);
        Assert.Contains("3 open opportunities worth 1,750,000 KRW", pipeline, StringComparison.Ordinal);
        var quoteRow = Regex.Match(pipeline, "<tr data-stage=\"quote\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("status=open\">2</a>", quoteRow, StringComparison.Ordinal);
        Assert.Contains("1,500,000", quoteRow, StringComparison.Ordinal);
        Assert.Contains("<meter", quoteRow, StringComparison.Ordinal);
        Assert.Contains("Stalled deals: 1", pipeline, StringComparison.Ordinal);
        Assert.DoesNotContain("7,777,777", html, StringComparison.Ordinal);

        var forecast = Panel(html, "home-forecast-h");
        var commit = Regex.Match(forecast, "<tr data-category=\"commit\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains(">1<", commit, StringComparison.Ordinal);
        Assert.Contains("1,000,000", commit, StringComparison.Ordinal);
        var bestCase = Regex.Match(forecast, "<tr data-category=\"bestcase\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("500,000", bestCase, StringComparison.Ordinal);
        Assert.Contains("href=\"/forecast\"", forecast, StringComparison.Ordinal);

        Assert.Contains("Quotes waiting for your approval", html, StringComparison.Ordinal);
        Assert.Contains("home-health-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-stalled-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-system-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-quality-h", html, StringComparison.Ordinal);

        var empty = await HomeAsync(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Contains("No open opportunities.", Panel(empty, "home-pipeline-h"), StringComparison.Ordinal);
        Assert.Contains("No open opportunity is expected to close this quarter.", Panel(empty, "home-forecast-h"), StringComparison.Ordinal);

        var korean = await HomeAsync(manager, "ko");
        Assert.Contains("팀 파이프라인", korean, StringComparison.Ordinal);
        Assert.Contains("이번 분기 예측", korean, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_GetsTheOverviewWithoutActions_AdminAlsoTheSystem()
    {
        var viewer = await HomeAsync(await App.CreateUserAsync(Role.Viewer));
        Assert.Contains("Open pipeline", Panel(viewer, "home-pipeline-h"), StringComparison.Ordinal);
        Assert.Contains("home-forecast-h", viewer, StringComparison.Ordinal);
        Assert.Contains("Accounts at risk", Panel(viewer, "home-at-risk-h"), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/accounts/new\"", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", Regex.Match(viewer, "<main.*</main>", RegexOptions.Singleline).Value, StringComparison.Ordinal);
        Assert.DoesNotContain("home-system-h", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("home-asked-h", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("Quotes waiting for your approval", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/tasks/", viewer, StringComparison.Ordinal);

        var admin = await App.CreateUserAsync(Role.Admin);
        await using (var db = App.OpenDb())
        {
            db.ImportJobs.Add(new Bridgehead.Imports.ImportJob
            {
                Entity = Bridgehead.Imports.ImportEntity.Accounts, Format = Bridgehead.Imports.TabularFormat.Csv, FileName = "home.csv", StoredFile = Unique("home"),
                Mapping = "{}", Status = Bridgehead.Imports.ImportStatus.Running, CreatedById = admin.Id,
            });
            await db.SaveChangesAsync();
        }
        var html = await HomeAsync(admin);
        var system = Panel(html, "home-system-h");
        Assert.Matches("Imports under way: [1-9]", system);
        Assert.Contains("href=\"/admin/email\"", system, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/webhooks\"", system, StringComparison.Ordinal);
        Assert.Contains("href=\"/imports\"", system, StringComparison.Ordinal);
        Assert.Contains("Open pipeline", Panel(html, "home-pipeline-h"), StringComparison.Ordinal);
        Assert.Contains("home-forecast-h", html, StringComparison.Ordinal);
        Assert.Contains("home-at-risk-h", html, StringComparison.Ordinal);
        Assert.Contains("Quotes waiting for your approval", html, StringComparison.Ordinal);
        Assert.Contains("시스템", await HomeAsync(admin, "ko"), StringComparison.Ordinal);

        var manager = await HomeAsync(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.DoesNotContain("home-system-h", manager, StringComparison.Ordinal);
        Assert.DoesNotContain("Imports under way", manager, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quality_SeesIncidentsBySeverity_TrialsInProgress_AndPpm_NoSalesPanels()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var (accountId, dealId, dealTitle) = await DealAsync(rep, "testing", 3_333_333m);
        await App.IncidentAsync(accountId, rep.Id, IncidentSeverity.Critical);
        long phaseId;
        await using (var db = App.OpenDb())
        {
            // Planned long ago, so it is first in the list (the soonest planned end) whatever other tests add.
            var phase = new TrialPhase
            {
                AccountId = accountId, OpportunityId = dealId, Kind = TrialKind.Pilot, Round = 1, PlannedStart = new DateOnly(2001, 1, 1),
                PlannedEnd = new DateOnly(2001, 2, 1), ActualStart = new DateOnly(2001, 1, 2), Result = TrialResult.Pending,
            };
            db.TrialPhases.Add(phase);
            await db.SaveChangesAsync();
            phaseId = phase.Id;
        }
        var quality = await App.CreateUserAsync(Role.Quality);

        var html = await HomeAsync(quality);
        var incidents = Panel(html, "home-quality-h");
        Assert.Contains("Open incidents by severity", incidents, StringComparison.Ordinal);
        var critical = Regex.Match(incidents, "<tr data-severity=\"critical\"[^>]*>.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("href=\"/incidents?severity=Critical\"", critical, StringComparison.Ordinal);
        Assert.Contains("incident-overdue", critical, StringComparison.Ordinal);
        Assert.Matches(@"\d+ days", critical);
        Assert.True(incidents.IndexOf("data-severity=\"critical\"", StringComparison.Ordinal) < incidents.IndexOf("data-severity=\"minor\"", StringComparison.Ordinal));
        Assert.Contains("PPM, last 90 days", incidents, StringComparison.Ordinal);
        var trials = Panel(html, "home-trials-running-h");
        Assert.Contains($"href=\"/trials/{phaseId}\"", trials, StringComparison.Ordinal);
        Assert.Contains("Pilot round 1", trials, StringComparison.Ordinal);
        Assert.Contains(dealTitle, trials, StringComparison.Ordinal);
        Assert.Contains("Past its planned end", trials, StringComparison.Ordinal);
        Assert.Contains("home-incidents", html, StringComparison.Ordinal);

        Assert.DoesNotContain("home-pipeline-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-stalled-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-revenue-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/forecast\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/product-requests\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("3,333,333", html, StringComparison.Ordinal);
        Assert.DoesNotContain("My open opportunities by stage", html, StringComparison.Ordinal);

        var korean = await HomeAsync(quality, "ko");
        Assert.Contains("심각도별 미결 품질 문제", korean, StringComparison.Ordinal);
        Assert.Contains("진행 중인 시험", korean, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Product_SeesRequestsByRevenueAtStake_AndTheNewest_NoSalesOrQualityPanels()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(rep);
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Values far above what other tests use, so both requests lead the list.
        var (_, smallDeal, _) = await DealAsync(rep, "development", 800_000_000_000_000m);
        var (_, bigDeal, _) = await DealAsync(rep, "development", 900_000_000_000_000m);
        var small = await api.RaiseAsync($"Small {tag}", opportunityIds: [smallDeal]);
        var big = await api.RaiseAsync($"Big {tag}", opportunityIds: [bigDeal]);

        var html = await HomeAsync(await App.CreateUserAsync(Role.Product));
        var revenue = Panel(html, "home-revenue-h");
        Assert.Contains($"href=\"/product-requests/{big.Id()}\"", revenue, StringComparison.Ordinal);
        Assert.Contains($"href=\"/product-requests/{small.Id()}\"", revenue, StringComparison.Ordinal);
        Assert.True(revenue.IndexOf($"Big {tag}", StringComparison.Ordinal) < revenue.IndexOf($"Small {tag}", StringComparison.Ordinal));
        Assert.Contains("900,000,000,000,000 KRW at stake · 1 waiting deals", revenue, StringComparison.Ordinal);
        Assert.Contains("href=\"/product-requests?open=true&sort=Revenue\"", revenue, StringComparison.Ordinal);
        Assert.Contains("Newest requests", Panel(html, "home-newest-h"), StringComparison.Ordinal);
        Assert.Contains("href=\"/product-requests\"", html, StringComparison.Ordinal);

        Assert.DoesNotContain("home-pipeline-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-stalled-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-quality-h", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-incidents", html, StringComparison.Ordinal);
        Assert.DoesNotContain("home-orders", html, StringComparison.Ordinal);

        var korean = await HomeAsync(await App.CreateUserAsync(Role.Product), "ko");
        Assert.Contains("걸린 매출순 제품 요청", korean, StringComparison.Ordinal);
        Assert.Contains("최근 제품 요청", korean, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepAndManagerHomes_AskTheDatabaseAsOftenWithFourTimesTheRows()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        async Task AddWorkAsync()
        {
            var (accountId, dealId, _) = await DealAsync(rep, "quote", 100_000m, enteredAt: LongAgo, category: ForecastCategory.Commit, closes: LocalToday);
            await using var db = App.OpenDb();
            db.Feedback.Add(new FeedbackItem
            {
                AccountId = accountId, OpportunityId = dealId, Category = FeedbackCategory.Price, Text = "Cheaper?", ReceivedOn = HealthSeed.Today, OwnerId = rep.Id,
                Status = FeedbackStatus.Open,
            });
            db.Quotes.Add(new Quote
            {
                AccountId = accountId, OpportunityId = dealId, Number = 1, Currency = "KRW", Language = "en", ValidUntil = HealthSeed.Today.AddDays(30),
                Status = QuoteStatus.Draft, Approval = ApprovalState.Pending, CreatedById = rep.Id,
            });
            await db.SaveChangesAsync();
        }
        await AddWorkAsync();
        using var repBrowser = await App.SignInAsync(rep);
        using var managerBrowser = await App.SignInAsync(manager);
        await repBrowser.GetAsync("/");
        await managerBrowser.GetAsync("/");
        using var repSql = SqlCommands.For(App, rep);
        using var managerSql = SqlCommands.For(App, manager);
        Assert.Contains("home-stalled-h", (await repBrowser.GetAsync("/")).Html, StringComparison.Ordinal);
        Assert.Contains("home-pipeline-h", (await managerBrowser.GetAsync("/")).Html, StringComparison.Ordinal);
        var (repOnce, managerOnce) = (repSql.Commands.Count, managerSql.Commands.Count);

        for (var i = 0; i < 3; i++)
        {
            await AddWorkAsync();
        }
        repSql.Clear();
        managerSql.Clear();
        var repHome = WebUtility.HtmlDecode((await repBrowser.GetAsync("/")).Html);
        var managerHome = WebUtility.HtmlDecode((await managerBrowser.GetAsync("/")).Html);
        Assert.Contains("4 open opportunities worth 400,000 KRW", managerHome, StringComparison.Ordinal);
        Assert.Contains("Stalled deals: 4", managerHome, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(Panel(repHome, "home-asked-h"), "href=\"/quotes/"));
        Assert.Equal(repOnce, repSql.Commands.Count);
        Assert.Equal(managerOnce, managerSql.Commands.Count);
    }
}
