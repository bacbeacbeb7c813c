using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Bridgehead.Tabular;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using static Bridgehead.Tests.Reports.PipelineSeed;

namespace Bridgehead.Tests.Reports;

public sealed class PipelineReportsTests_Sqlite() : PipelineReportsTests(Provider.Sqlite);

public sealed class PipelineReportsTests_Postgres() : PipelineReportsTests(Provider.Postgres);

/// <summary>
/// Funnel, velocity, forecast by category and win-loss against hand-computed numbers on a small
/// data set of a fresh rep (other tests' data shares the server: the rep's visibility or an owner
/// or team filter scopes every assertion).
/// </summary>
public abstract class PipelineReportsTests(Provider provider) : AppTests(provider)
{
    private const string Q1 = "from=2025-01-01&to=2025-03-31";

    private static JsonNode Row(JsonNode report, string column, string key) =>
        report["rows"]!.AsArray().Single(r => r![column]!.GetValue<string>() == key)!;

    private static int Int(JsonNode row, string key) => row[key]!.GetValue<int>();

    private static decimal? Dec(JsonNode row, string key) => row[key]?.GetValue<decimal>();

    private static List<string> Columns(JsonNode report) => [.. report["columns"]!.AsArray().Select(c => c!["key"]!.GetValue<string>())];

    [Fact]
    public async Task Funnel_CountsPursuitsOpenedInThePeriod_ReachedAndWentOnPerStage()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var other = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        using var otherRep = App.Client(other);
        var account = (await rep.NewAccountAsync()).Id();
        var otherAccount = (await otherRep.NewAccountAsync()).Id();
        var standard = await App.DefaultPipelineIdAsync();
        // Lost after reaching needs; open in contact; opened in testing and won; opened before the period; another rep's.
        await App.DealAsync(account, me.Id, standard,
        [
            new(StageMove.Opened, "prospecting", Utc(2025, 1, 10)), new(StageMove.Advanced, "contact", Utc(2025, 1, 20)),
            new(StageMove.Advanced, "needs", Utc(2025, 2, 1)), new(StageMove.Lost, "needs", Utc(2025, 2, 15)),
        ]);
        await App.DealAsync(account, me.Id, standard, [new(StageMove.Opened, "prospecting", Utc(2025, 1, 15)), new(StageMove.Advanced, "contact", Utc(2025, 2, 1))]);
        await App.DealAsync(account, me.Id, standard, [new(StageMove.Opened, "testing", Utc(2025, 3, 1)), new(StageMove.Won, "testing", Utc(2025, 3, 20))]);
        await App.DealAsync(account, me.Id, standard, [new(StageMove.Opened, "prospecting", Utc(2024, 12, 20)), new(StageMove.Advanced, "contact", Utc(2025, 1, 5))]);
        await App.DealAsync(otherAccount, other.Id, standard, [new(StageMove.Opened, "prospecting", Utc(2025, 1, 10))]);

        var funnel = await rep.GetJsonAsync("/api/v1/reports/funnel?" + Q1);

        Assert.Equal(["stageKey", "stage", "reached", "wentOn", "conversion"], Columns(funnel));
        Assert.Equal(["prospecting", "contact", "needs", "development", "quote", "feedback", "negotiation", "testing", "won", "lost", "dropped"],
            funnel["rows"]!.AsArray().Select(r => r!["stageKey"]!.GetValue<string>()));
        var prospecting = Row(funnel, "stageKey", "prospecting");
        Assert.Equal((2, 2, 100m), (Int(prospecting, "reached"), Int(prospecting, "wentOn"), Dec(prospecting, "conversion")));
        var contact = Row(funnel, "stageKey", "contact");
        Assert.Equal((2, 1, 50m), (Int(contact, "reached"), Int(contact, "wentOn"), Dec(contact, "conversion")));
        var needs = Row(funnel, "stageKey", "needs");
        Assert.Equal((1, 0, 0m), (Int(needs, "reached"), Int(needs, "wentOn"), Dec(needs, "conversion")));
        var development = Row(funnel, "stageKey", "development");
        Assert.Equal(0, Int(development, "reached"));
        Assert.Null(development["conversion"]);
        var testing = Row(funnel, "stageKey", "testing");
        Assert.Equal((1, 1, 100m), (Int(testing, "reached"), Int(testing, "wentOn"), Dec(testing, "conversion")));
        Assert.Equal(1, Int(Row(funnel, "stageKey", "won"), "reached"));
        Assert.Equal(1, Int(Row(funnel, "stageKey", "lost"), "reached"));
        Assert.Equal(0, Int(Row(funnel, "stageKey", "dropped"), "reached"));
        Assert.Equal("Prospecting", Row(funnel, "stageKey", "prospecting").Str("stage"));
        Assert.StartsWith("3 opportunities opened in the period.", funnel.Str("note"));
        Assert.Equal("horizontalBar", funnel["chart"].Str("kind"));

        // The other rep sees only theirs; nothing opened in another period.
        var theirs = await otherRep.GetJsonAsync("/api/v1/reports/funnel?" + Q1);
        Assert.Equal(1, Int(Row(theirs, "stageKey", "prospecting"), "reached"));
        Assert.Empty((await rep.GetJsonAsync("/api/v1/reports/funnel?from=2023-01-01&to=2023-12-31"))["rows"]!.AsArray());
    }

    [Fact]
    public async Task Funnel_WithAPipeline_ListsItsActiveStagesUnderItsNames()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var account = (await rep.NewAccountAsync()).Id();
        var pipeline = await App.NewPipelineAsync(stages: new object[]
        {
            new { key = "development", skipped = true },
            new { key = "needs", nameEn = "Requirements", nameKo = "요구 사항" },
        });
        await App.DealAsync(account, me.Id, pipeline.Id(),
            [new(StageMove.Opened, "prospecting", Utc(2025, 2, 1)), new(StageMove.Advanced, "contact", Utc(2025, 2, 3)), new(StageMove.Advanced, "needs", Utc(2025, 2, 5)), new(StageMove.Advanced, "quote", Utc(2025, 2, 9))]);
        await App.DealAsync(account, me.Id, await App.DefaultPipelineIdAsync(), [new(StageMove.Opened, "prospecting", Utc(2025, 2, 1))]);

        var funnel = await rep.GetJsonAsync($"/api/v1/reports/funnel?{Q1}&pipelineId={pipeline.Id()}");

        var keys = funnel["rows"]!.AsArray().Select(r => r!["stageKey"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("development", keys);
        Assert.Equal(10, keys.Count);
        Assert.Equal("Requirements", Row(funnel, "stageKey", "needs").Str("stage"));
        // Needs went on to quote: development is skipped in this pipeline.
        Assert.Equal((1, 1), (Int(Row(funnel, "stageKey", "needs"), "reached"), Int(Row(funnel, "stageKey", "needs"), "wentOn")));
        Assert.Equal(1, Int(Row(funnel, "stageKey", "prospecting"), "reached"));
    }

    [Fact]
    public async Task Velocity_AveragesVisitsThatEndedInThePeriod_AndCountsOpenAndStalledNow()
    {
        var team = TestApp.NewTeam();
        var me = await App.CreateUserAsync(Role.Rep, team);
        using var rep = App.Client(me);
        var account = (await rep.NewAccountAsync()).Id();
        var standard = await App.DefaultPipelineIdAsync();
        // Prospecting 10 days, contact 20 days; the needs visit ends after the period.
        await App.DealAsync(account, me.Id, standard,
        [
            new(StageMove.Opened, "prospecting", Utc(2024, 12, 22)), new(StageMove.Advanced, "contact", Utc(2025, 1, 1)),
            new(StageMove.Advanced, "needs", Utc(2025, 1, 21)), new(StageMove.Lost, "needs", Utc(2025, 4, 10)),
        ]);
        // Prospecting 30 days, contact 5, back in prospecting 10 (the pipeline change does not end it), then in contact, stalled now.
        var stalled = await App.DealAsync(account, me.Id, standard,
        [
            new(StageMove.Opened, "prospecting", Utc(2025, 1, 1)), new(StageMove.Advanced, "contact", Utc(2025, 1, 31)),
            new(StageMove.MovedBack, "prospecting", Utc(2025, 2, 5)), new(StageMove.PipelineChanged, "prospecting", Utc(2025, 2, 10)),
            new(StageMove.Advanced, "contact", Utc(2025, 2, 15)),
        ], o => o.StageEnteredAt = DateTime.UtcNow.AddDays(-40));
        // Open in prospecting for five days: not stalled, no visit ended.
        await App.DealAsync(account, me.Id, standard, [new(StageMove.Opened, "prospecting", Utc(2025, 3, 1))], o => o.StageEnteredAt = DateTime.UtcNow.AddDays(-5));

        var velocity = await rep.GetJsonAsync("/api/v1/reports/velocity?" + Q1);

        Assert.Equal(["stageKey", "stage", "visits", "averageDays", "medianDays", "open", "stalled"], Columns(velocity));
        var prospecting = Row(velocity, "stageKey", "prospecting");
        Assert.Equal((3, 16.7m, 10m), (Int(prospecting, "visits"), Dec(prospecting, "averageDays"), Dec(prospecting, "medianDays")));
        Assert.Equal((1, 0), (Int(prospecting, "open"), Int(prospecting, "stalled")));
        var contact = Row(velocity, "stageKey", "contact");
        Assert.Equal((2, 12.5m, 12.5m), (Int(contact, "visits"), Dec(contact, "averageDays"), Dec(contact, "medianDays")));
        Assert.Equal((1, 1), (Int(contact, "open"), Int(contact, "stalled")));
        var needs = Row(velocity, "stageKey", "needs");
        Assert.Equal(0, Int(needs, "visits"));
        Assert.Null(needs["averageDays"]);
        Assert.Equal("bar", velocity["chart"].Str("kind"));

        // An admin narrowing to the rep (owner) and to the rep's team gets the same numbers.
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var byOwner = await admin.GetJsonAsync($"/api/v1/reports/velocity?{Q1}&ownerId={me.Id}");
        Assert.Equal(3, Int(Row(byOwner, "stageKey", "prospecting"), "visits"));
        Assert.Equal(1, Int(Row(byOwner, "stageKey", "contact"), "stalled"));
        var byTeam = await admin.GetJsonAsync($"/api/v1/reports/velocity?{Q1}&teamId={me.TeamId}");
        Assert.Equal(2, Int(Row(byTeam, "stageKey", "contact"), "visits"));

        // XLSX: the same table.
        var xlsx = await rep.GetAsync("/api/v1/reports/velocity?format=xlsx&" + Q1);
        await xlsx.ExpectAsync(HttpStatusCode.OK);
        using var reader = TabularReader.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), TabularFormat.Xlsx);
        Assert.Equal(["Stage key", "Stage", "Visits ended", "Average days", "Median days", "Open now", "Stalled now"], reader.Headers);
        var rows = reader.Rows().Select(r => r.Cells).ToList();
        Assert.Equal(["prospecting", "Prospecting", "3", "16.7", "10", "1", "0"], rows[0]);
        _ = stalled;
    }

    [Fact]
    public async Task ForecastByCategory_WeighsOpenPursuitsByMonthAndCategory_InTheBaseCurrency()
    {
        var team = TestApp.NewTeam();
        var me = await App.CreateUserAsync(Role.Rep, team);
        using var rep = App.Client(me);
        var account = (await rep.NewAccountAsync()).Id();
        var standard = await App.DefaultPipelineIdAsync();
        await App.EnsureRateAsync();
        // 1,000,000 KRW at the owner's 50%: 500,000 commit.
        await App.OpenAsync(account, me.Id, standard, new DateOnly(2025, 1, 15), o =>
        {
            o.EstimatedAnnualValue = 1_000_000m; o.Currency = "KRW"; o.Probability = 50; o.ForecastCategory = ForecastCategory.Commit;
        });
        // 1,000 XTR = 1,200,000 KRW at the quote stage's 40%: 480,000 best case.
        await App.OpenAsync(account, me.Id, standard, new DateOnly(2025, 1, 20), o =>
        {
            o.EstimatedAnnualValue = 1000m; o.Currency = RatedCurrency; o.ForecastCategory = ForecastCategory.BestCase;
        });
        // No rate; no value; won; after the period.
        await App.OpenAsync(account, me.Id, standard, new DateOnly(2025, 2, 10), o => { o.EstimatedAnnualValue = 500m; o.Currency = UnratedCurrency; });
        await App.OpenAsync(account, me.Id, standard, new DateOnly(2025, 2, 11));
        await App.ClosedAsync(account, me.Id, standard, StageMove.Won, Utc(2025, 1, 5), o =>
        {
            o.ExpectedCloseDate = new DateOnly(2025, 1, 10); o.EstimatedAnnualValue = 9_000_000m; o.Currency = "KRW";
        });
        await App.OpenAsync(account, me.Id, standard, new DateOnly(2025, 3, 5), o => { o.EstimatedAnnualValue = 7m; o.Currency = "KRW"; });

        var forecast = await rep.GetJsonAsync("/api/v1/reports/forecast-by-category?from=2025-01-01&to=2025-02-28");

        Assert.Equal(["month", "pipelineCount", "pipelineWeighted", "bestCaseCount", "bestCaseWeighted", "commitCount", "commitWeighted", "totalCount", "totalWeighted"],
            Columns(forecast));
        var january = Row(forecast, "month", "2025-01");
        Assert.Equal((0, 0m), (Int(january, "pipelineCount"), Dec(january, "pipelineWeighted")));
        Assert.Equal((1, 480_000m), (Int(january, "bestCaseCount"), Dec(january, "bestCaseWeighted")));
        Assert.Equal((1, 500_000m), (Int(january, "commitCount"), Dec(january, "commitWeighted")));
        Assert.Equal((2, 980_000m), (Int(january, "totalCount"), Dec(january, "totalWeighted")));
        var february = Row(forecast, "month", "2025-02");
        Assert.Equal((0, 0m), (Int(february, "totalCount"), Dec(february, "totalWeighted")));
        Assert.Equal(2, forecast["rows"]!.AsArray().Count);
        var note = forecast.Str("note");
        Assert.Contains("KRW", note);
        Assert.Contains(UnratedCurrency + " (1)", note);
        Assert.Contains("1 without an estimated value", note);
        Assert.Equal("stackedBar", forecast["chart"].Str("kind"));

        // A manager of another team sees none of it; the team filter narrows an admin's view to it.
        using var stranger = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        var strangers = await stranger.GetJsonAsync($"/api/v1/reports/forecast-by-category?from=2025-01-01&to=2025-02-28&ownerId={me.Id}");
        Assert.Empty(strangers["rows"]!.AsArray());
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var byTeam = await admin.GetJsonAsync($"/api/v1/reports/forecast-by-category?from=2025-01-01&to=2025-02-28&teamId={me.TeamId}");
        Assert.Equal(980_000m, Dec(Row(byTeam, "month", "2025-01"), "totalWeighted"));

        // CSV: the same table.
        var csv = await rep.GetAsync("/api/v1/reports/forecast-by-category?format=csv&from=2025-01-01&to=2025-02-28");
        await csv.ExpectAsync(HttpStatusCode.OK);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("Month,Pipeline: count,Pipeline: weighted,Best case: count,Best case: weighted,Commit: count,Commit: weighted,Total: count,Total: weighted\r\n", text, StringComparison.Ordinal);
        Assert.Contains("2025-01,0,0,1,480000,1,500000,2,980000\r\n", text, StringComparison.Ordinal);
    }

    /// <summary>Two won (one with an accepted quote, one with a sent one), three lost (two to one rival), one dropped; and one closed before the period.</summary>
    private async Task<(TestUser Rep, long Rival)> WinLossSetAsync(string team)
    {
        var me = await App.CreateUserAsync(Role.Rep, team);
        using var rep = App.Client(me);
        var account = (await rep.NewAccountAsync()).Id();
        var standard = await App.DefaultPipelineIdAsync();
        await App.EnsureRateAsync();
        var rival = await App.CompetitorAsync();
        var won = await App.ClosedAsync(account, me.Id, standard, StageMove.Won, Utc(2025, 1, 10), o => { o.EstimatedAnnualValue = 2_000_000m; o.Currency = "KRW"; });
        await App.QuoteAsync(won, 1, QuoteStatus.Superseded, "KRW", 1_100_000m, 999m, me.Id);
        await App.QuoteAsync(won, 2, QuoteStatus.Accepted, "KRW", 1_000_000m, 250_000m, me.Id);
        await App.QuoteAsync(won, 3, QuoteStatus.Sent, "KRW", 900_000m, 100_000m, me.Id);
        var wonAbroad = await App.ClosedAsync(account, me.Id, standard, StageMove.Won, Utc(2025, 2, 1), o => { o.EstimatedAnnualValue = 1000m; o.Currency = RatedCurrency; });
        await App.QuoteAsync(wonAbroad, 1, QuoteStatus.Sent, RatedCurrency, 500m, 100m, me.Id);
        await App.ClosedAsync(account, me.Id, standard, StageMove.Lost, Utc(2025, 2, 10), o =>
        {
            o.CloseReason = CloseReason.Price; o.WinningCompetitorId = rival; o.EstimatedAnnualValue = 3_000_000m; o.Currency = "KRW";
        });
        await App.ClosedAsync(account, me.Id, standard, StageMove.Lost, Utc(2025, 3, 1), o => { o.CloseReason = CloseReason.Price; o.WinningCompetitorId = rival; });
        await App.ClosedAsync(account, me.Id, standard, StageMove.Lost, Utc(2025, 3, 2), o =>
        {
            o.CloseReason = CloseReason.Service; o.EstimatedAnnualValue = 10m; o.Currency = UnratedCurrency;
        });
        await App.ClosedAsync(account, me.Id, standard, StageMove.Dropped, Utc(2025, 3, 3), o => o.CloseReason = CloseReason.ProjectCancelled);
        await App.ClosedAsync(account, me.Id, standard, StageMove.Lost, Utc(2024, 12, 31), o => o.CloseReason = CloseReason.Price);
        return (me, rival);
    }

    [Fact]
    public async Task WinLoss_CutsClosedPursuitsByReasonAndWinningCompetitor_WithMarginForManagersOnly()
    {
        var team = TestApp.NewTeam();
        var (me, rival) = await WinLossSetAsync(team);
        using var rep = App.Client(me);
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));

        var asRep = await rep.GetJsonAsync("/api/v1/reports/win-loss?" + Q1);
        var asManager = await manager.GetJsonAsync("/api/v1/reports/win-loss?" + Q1);

        Assert.Equal(["dimension", "key", "label", "count", "value", "share"], Columns(asRep));
        Assert.Equal(["dimension", "key", "label", "count", "value", "share", "margin", "marginPercent"], Columns(asManager));
        Assert.Equal(["reason.won", "reason.price", "reason.service", "reason.projectCancelled", $"competitor.{rival}", "competitor.none"],
            asRep["rows"]!.AsArray().Select(r => r!["key"]!.GetValue<string>()));
        var won = Row(asManager, "key", "reason.won");
        Assert.Equal((2, 3_200_000m, 33.3m), (Int(won, "count"), Dec(won, "value"), Dec(won, "share")));
        // Accepted quote #2 (250,000 of 1,000,000) and sent quote #1 abroad (100 of 500 XTR = 120,000 of 600,000).
        Assert.Equal((370_000m, 23.1m), (Dec(won, "margin"), Dec(won, "marginPercent")));
        Assert.Null(Row(asManager, "key", "reason.price")["margin"]);
        var price = Row(asRep, "key", "reason.price");
        Assert.Equal((2, 3_000_000m, 33.3m), (Int(price, "count"), Dec(price, "value"), Dec(price, "share")));
        Assert.Equal("Price", price.Str("label"));
        var service = Row(asRep, "key", "reason.service");
        Assert.Equal((1, 0m, 16.7m), (Int(service, "count"), Dec(service, "value"), Dec(service, "share")));
        Assert.Equal(1, Int(Row(asRep, "key", "reason.projectCancelled"), "count"));
        var toRival = Row(asRep, "key", $"competitor.{rival}");
        Assert.Equal((2, 3_000_000m, 66.7m), (Int(toRival, "count"), Dec(toRival, "value"), Dec(toRival, "share")));
        Assert.StartsWith("Rival", toRival.Str("label"));
        Assert.Equal((1, 33.3m), (Int(Row(asRep, "key", "competitor.none"), "count"), Dec(Row(asRep, "key", "competitor.none"), "share")));
        Assert.Contains(UnratedCurrency + " (1)", asRep.Str("note"));
        Assert.DoesNotContain("margin", asRep.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("bar", asRep["chart"].Str("kind"));

        // Admin: margin; viewer: none; quality and product: not for them.
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var asAdmin = await admin.GetJsonAsync($"/api/v1/reports/win-loss?{Q1}&ownerId={me.Id}");
        Assert.Equal(370_000m, Dec(Row(asAdmin, "key", "reason.won"), "margin"));
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        var asViewer = await viewer.GetJsonAsync($"/api/v1/reports/win-loss?{Q1}&ownerId={me.Id}");
        Assert.DoesNotContain("margin", Columns(asViewer));
        Assert.Equal(2, Int(Row(asViewer, "key", "reason.won"), "count"));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        await (await quality.GetAsync("/api/v1/reports/win-loss?format=csv")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await product.GetAsync("/api/v1/reports/win-loss")).ExpectAsync(HttpStatusCode.Forbidden);

        // Files: the margin columns only for those who may see them.
        var repCsv = Encoding.UTF8.GetString(await (await rep.GetAsync("/api/v1/reports/win-loss?format=csv&" + Q1)).Content.ReadAsByteArrayAsync());
        Assert.Contains("Cut,Key,\"Outcome, reason or competitor\",Count,Value,Share\r\n", repCsv, StringComparison.Ordinal);
        Assert.DoesNotContain("Margin", repCsv, StringComparison.Ordinal);
        var viewerXlsx = await viewer.GetAsync($"/api/v1/reports/win-loss?format=xlsx&{Q1}&ownerId={me.Id}");
        using (var reader = TabularReader.Open(new MemoryStream(await viewerXlsx.Content.ReadAsByteArrayAsync()), TabularFormat.Xlsx))
        {
            Assert.DoesNotContain("Margin", reader.Headers);
        }
        var managerXlsx = await manager.GetAsync("/api/v1/reports/win-loss?format=xlsx&" + Q1);
        using (var reader = TabularReader.Open(new MemoryStream(await managerXlsx.Content.ReadAsByteArrayAsync()), TabularFormat.Xlsx))
        {
            Assert.Equal(["Cut", "Key", "Outcome, reason or competitor", "Count", "Value", "Share", "Margin", "Margin %"], reader.Headers);
            var first = reader.Rows().First().Cells;
            Assert.Equal(["reason.won", "Won", "2", "3200000", "33.3", "370000", "23.1"], first[1..]);
        }
    }

    [Fact]
    public async Task WinLoss_IndustryAndApplicationFilters_NarrowToTheAccountsAndPursuits()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var machinery = (await rep.NewAccountAsync()).Id();
        var trade = (await rep.NewAccountAsync()).Id();
        await App.SetIndustryAsync(machinery, "28");
        await App.SetIndustryAsync(trade, "46");
        var boilers = await rep.BoilersAsync();
        var standard = await App.DefaultPipelineIdAsync();
        await App.ClosedAsync(machinery, me.Id, standard, StageMove.Lost, Utc(2025, 2, 1), o => { o.CloseReason = CloseReason.Price; o.ApplicationId = boilers; });
        await App.ClosedAsync(machinery, me.Id, standard, StageMove.Lost, Utc(2025, 2, 2), o => o.CloseReason = CloseReason.Price);
        await App.ClosedAsync(trade, me.Id, standard, StageMove.Lost, Utc(2025, 2, 3), o => o.CloseReason = CloseReason.Price);

        async Task<int> PriceCountAsync(string filter) =>
            Int(Row(await rep.GetJsonAsync($"/api/v1/reports/win-loss?{Q1}&{filter}"), "key", "reason.price"), "count");

        Assert.Equal(3, await PriceCountAsync("ownerId=" + me.Id));
        Assert.Equal(2, await PriceCountAsync("industry=28"));
        Assert.Equal(2, await PriceCountAsync("industry=C"));
        Assert.Equal(1, await PriceCountAsync("industry=G"));
        Assert.Equal(1, await PriceCountAsync("applicationId=" + boilers));
    }

    [Fact]
    public async Task PipelineReports_AreListedForSalesRoles_AndRefusedToQualityAndProduct()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        string[] ours = ["funnel", "velocity", "forecast-by-category", "win-loss"];

        var listed = (await rep.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.All(ours, name => Assert.Contains(name, listed));
        var qualityListed = (await quality.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.All(ours, name => Assert.DoesNotContain(name, qualityListed));
        foreach (var name in ours)
        {
            await (await quality.GetAsync("/api/v1/reports/" + name)).ExpectAsync(HttpStatusCode.Forbidden);
            await (await product.GetAsync($"/api/v1/reports/{name}?format=xlsx")).ExpectAsync(HttpStatusCode.Forbidden);
            var empty = await rep.GetJsonAsync($"/api/v1/reports/{name}?from=2020-01-01&to=2020-01-31");
            Assert.Empty(empty["rows"]!.AsArray());
        }
        // The existing forecast endpoint keeps its address.
        await (await rep.GetAsync("/api/v1/reports/forecast")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Funnel_DownloadsAsCsv()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var account = (await rep.NewAccountAsync()).Id();
        await App.DealAsync(account, me.Id, await App.DefaultPipelineIdAsync(),
            [new(StageMove.Opened, "prospecting", Utc(2025, 1, 10)), new(StageMove.Dropped, "prospecting", Utc(2025, 1, 12))]);

        var csv = await rep.GetAsync("/api/v1/reports/funnel?format=csv&" + Q1);

        await csv.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("funnel-2025-01-01-2025-03-31.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("Stage key,Stage,Reached,Went on,Conversion\r\nprospecting,Prospecting,1,0,0\r\ncontact,Contact,0,0,\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("dropped,Dropped,1,,\r\n", text, StringComparison.Ordinal);
    }
}
