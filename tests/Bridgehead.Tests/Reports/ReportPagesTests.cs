using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using static Bridgehead.Tests.Reports.PipelineSeed;

namespace Bridgehead.Tests.Reports;

public sealed class ReportPagesTests_Sqlite() : ReportPagesTests(Provider.Sqlite);

public sealed class ReportPagesTests_Postgres() : ReportPagesTests(Provider.Postgres);

/// <summary>/reports and the one page every report uses: filters, chart data, table, note, empty state, downloads, roles and language.</summary>
public abstract partial class ReportPagesTests(Provider provider) : AppTests(provider)
{
    private const string Q1 = "from=2025-01-01&to=2025-03-31";

    [GeneratedRegex("<script type=\"application/json\" id=\"report-chart-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ChartBlock();

    private static JsonNode Chart(string html)
    {
        var match = ChartBlock().Match(html);
        Assert.True(match.Success, "The page has no chart data block.");
        return JsonNode.Parse(match.Groups[1].Value)!;
    }

    private async Task<(TestUser Rep, TestUser Manager)> ClosedDealsAsync()
    {
        var team = TestApp.NewTeam();
        var me = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        using var rep = App.Client(me);
        var account = (await rep.NewAccountAsync()).Id();
        var standard = await App.DefaultPipelineIdAsync();
        var won = await App.ClosedAsync(account, me.Id, standard, StageMove.Won, Utc(2025, 1, 10), o => { o.EstimatedAnnualValue = 2_000_000m; o.Currency = "KRW"; });
        await App.QuoteAsync(won, 1, QuoteStatus.Accepted, "KRW", 1_000_000m, 250_000m, me.Id);
        await App.ClosedAsync(account, me.Id, standard, StageMove.Lost, Utc(2025, 2, 10), o => { o.CloseReason = CloseReason.Price; o.EstimatedAnnualValue = 1_500_000m; o.Currency = "KRW"; });
        return (me, manager);
    }

    [Fact]
    public async Task ReportList_ShowsTheReportsOfTheRole_AndTheNavLinksIt()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync("/reports");

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var name in new[] { "funnel", "velocity", "forecast-by-category", "win-loss" })
        {
            Assert.Contains($"href=\"/reports/{name}\"", html);
        }
        Assert.Contains("Funnel and conversion", html);
        Assert.Contains("<a href=\"/reports\" aria-current=\"page\">Reports</a>", html);
        Assert.DoesNotContain("style=", html);

        var quality = await App.CreateUserAsync(Role.Quality);
        using var qualityBrowser = await App.SignInAsync(quality);
        var (qualityStatus, qualityHtml) = await qualityBrowser.GetAsync("/reports");
        Assert.Equal(HttpStatusCode.OK, qualityStatus);
        Assert.DoesNotContain("href=\"/reports/win-loss\"", qualityHtml);
    }

    [Fact]
    public async Task ReportPage_ShowsTableChartDataNoteAndDownloads_WithMarginOnlyForManagers()
    {
        var (me, manager) = await ClosedDealsAsync();
        using var repBrowser = await App.SignInAsync(me);
        using var managerBrowser = await App.SignInAsync(manager);

        var (status, html) = await repBrowser.GetAsync("/reports/win-loss?" + Q1);
        var (managerStatus, managerHtml) = await managerBrowser.GetAsync("/reports/win-loss?" + Q1);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Win-loss</h1>", html);
        Assert.Contains("<table class=\"report-table\" data-report=\"win-loss\">", html);
        Assert.Contains("<td data-key=\"value\" class=\"number\">2,000,000 KRW</td>", html);
        Assert.Contains("<td data-key=\"share\" class=\"number\">50%</td>", html);
        Assert.Contains("<canvas id=\"report-chart\" role=\"img\" aria-label=\"Chart of Win-loss;", html);
        Assert.Contains("src=\"/lib/chartjs/chart.umd.min.js\"", html);
        Assert.Contains("src=\"/js/reports.js", html);
        var chart = Chart(html);
        Assert.Equal("bar", chart.Str("kind"));
        Assert.Equal(["Won", "Price", "Winner not named"], chart["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal([1m, 1m, 1m], chart["series"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<decimal>()));
        Assert.Contains("Amounts in KRW.", html);
        Assert.Contains("href=\"/api/v1/reports/win-loss?from=2025-01-01&amp;to=2025-03-31&amp;format=csv\"", html);
        Assert.Contains("href=\"/api/v1/reports/win-loss?from=2025-01-01&amp;to=2025-03-31&amp;format=xlsx\"", html);
        Assert.DoesNotContain("Margin", html);
        Assert.DoesNotContain("margin", chart.ToJsonString());
        Assert.DoesNotContain("style=", html);
        // A rep chooses no team; the owner list holds only the rep.
        Assert.DoesNotContain("id=\"TeamId\"", html);
        Assert.Contains("id=\"OwnerId\"", html);

        Assert.Equal(HttpStatusCode.OK, managerStatus);
        Assert.Contains("<th scope=\"col\" data-key=\"margin\" class=\"number\">Margin</th>", managerHtml);
        Assert.Contains("<td data-key=\"margin\" class=\"number\">250,000 KRW</td>", managerHtml);
        Assert.Contains("<td data-key=\"marginPercent\" class=\"number\">25%</td>", managerHtml);
        Assert.Contains("id=\"TeamId\"", managerHtml);
    }

    [Fact]
    public async Task ReportPage_KeepsFiltersInTheAddress_OffersQuickPeriods_AndShowsAnEmptyState()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var pipeline = await App.DefaultPipelineIdAsync();
        using var browser = await App.SignInAsync(me);

        var (status, html) = await browser.GetAsync($"/reports/funnel?from=2020-01-01&to=2020-03-31&pipelineId={pipeline}&industry=28&ownerId={me.Id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<form class=\"filters report-filters\" method=\"get\" action=\"/reports/funnel\"", html);
        Assert.Contains("value=\"2020-01-01\"", html);
        Assert.Contains("value=\"2020-03-31\"", html);
        Assert.Contains($"<option value=\"{pipeline}\" selected=\"selected\">", html);
        Assert.Contains("<option value=\"28\" selected=\"selected\">", html);
        Assert.Contains($"<option value=\"{me.Id}\" selected=\"selected\">", html);
        Assert.Contains("Nothing to count for these filters.", html);
        Assert.DoesNotContain("report-chart-data", html);
        Assert.Contains($"href=\"/api/v1/reports/funnel?from=2020-01-01&amp;to=2020-03-31&amp;ownerId={me.Id}&amp;pipelineId={pipeline}&amp;industry=28&amp;format=csv\"", html);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Bridgehead.Shared.Display.Zone));
        var yearStart = new DateOnly(today.Year, 1, 1).ToString("yyyy-MM-dd");
        Assert.Contains($"href=\"/reports/funnel?from={yearStart}&amp;to={today.Year}-12-31&amp;ownerId={me.Id}", html);
        Assert.Contains(">This quarter</a>", html);
        Assert.Contains(">Last 12 months</a>", html);
    }

    [Fact]
    public async Task ReportPage_NamesBadFiltersNextToTheirFields()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var browser = await App.SignInAsync(me);

        var (status, html) = await browser.GetAsync("/reports/velocity?from=2025-05-01&to=2025-04-01&teamId=999999999");
        var (badDateStatus, badDate) = await browser.GetAsync("/reports/velocity?from=yesterday");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<span class=\"field-error\" id=\"To-error\">The end of the period is before its start.</span>", html);
        Assert.Contains("<span class=\"field-error\" id=\"TeamId-error\">There is no such team.</span>", html);
        Assert.DoesNotContain("report-table", html);
        Assert.Equal(HttpStatusCode.OK, badDateStatus);
        Assert.Matches("<span class=\"field-error\" id=\"From-error\">[^<]+</span>", badDate);
        Assert.Contains("value=\"yesterday\"", badDate);
    }

    [Fact]
    public async Task ReportPage_RefusesOtherRoles_AndUnknownReports_AndSpeaksKorean()
    {
        var (me, _) = await ClosedDealsAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        var product = await App.CreateUserAsync(Role.Product);
        using var qualityBrowser = await App.SignInAsync(quality);
        using var productBrowser = await App.SignInAsync(product);
        using var repBrowser = await App.SignInAsync(me, "ko");

        Assert.Equal(HttpStatusCode.Forbidden, (await qualityBrowser.GetAsync("/reports/funnel")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await productBrowser.GetAsync("/reports/win-loss")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await repBrowser.GetAsync("/reports/no-such-report")).Status);
        var (anonymous, _) = await App.NewBrowser().GetAsync("/reports/funnel");
        Assert.NotEqual(HttpStatusCode.OK, anonymous);

        var (status, html) = await repBrowser.GetAsync("/reports/win-loss?" + Q1);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>수주/실주 분석</h1>", html);
        Assert.Contains("CSV 내려받기", html);
        Assert.Contains("사유별", html);
        Assert.Equal("수주", Chart(html)["labels"]![0]!.GetValue<string>());
        var (_, list) = await repBrowser.GetAsync("/reports");
        Assert.Contains("단계별 퍼널과 전환율", list);
    }
}
