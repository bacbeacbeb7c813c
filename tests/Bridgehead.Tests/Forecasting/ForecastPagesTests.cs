using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Forecasting;

[Collection(RatesCollection.Sqlite)]
public sealed class ForecastPagesTests_Sqlite() : ForecastPagesTests(Provider.Sqlite);

[Collection(RatesCollection.Postgres)]
public sealed class ForecastPagesTests_Postgres() : ForecastPagesTests(Provider.Postgres);

/// <summary>The /forecast page, read like a browser in English and Korean.</summary>
public abstract partial class ForecastPagesTests(Provider provider) : AppTests(provider)
{
    private ForecastData Data => new(App);

    /// <summary>The cells of one table row: count, value and weighted per category, then the total's.</summary>
    private static List<string> Cells(string html, string period)
    {
        var row = Regex.Match(html, $"<tr data-period=\"{period}\">([\\s\\S]*?)</tr>");
        Assert.True(row.Success, $"No row {period}.");
        return [.. Cell().Matches(row.Groups[1].Value).Select(m => m.Groups[1].Value)];
    }

    [Fact]
    public async Task ForecastPage_ShowsPeriodsCategoriesAndTotals_AndWhatIsMissing_InBothLanguages()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var rep = await App.CreateUserAsync(Role.Rep);
        await Data.SetRateAsync(admin, "USD", 1400m);
        await Data.RemoveRateAsync(admin, "THB");
        var pipeline = await Data.NewPipelineAsync(admin);
        var account = await Data.NewAccountAsync(rep);
        await Data.NewOpportunityAsync(rep, account, pipeline, "needs", 10_000_000m, "KRW", "2031-01-15");
        await Data.NewOpportunityAsync(rep, account, pipeline, "negotiation", 1_000m, "USD", "2031-01-20", "commit");
        await Data.NewOpportunityAsync(rep, account, pipeline, "quote", 2_000_000m, "KRW", "2031-02-03", "bestCase");
        await Data.NewOpportunityAsync(rep, account, pipeline, "needs", 100_000m, "THB", "2031-02-01");
        await Data.NewOpportunityAsync(rep, account, pipeline, "needs", 1_000_000m, "KRW", null);
        var query = $"/forecast?by=month&from=2031-01-01&to=2031-03-31&pipelineId={pipeline}";
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync(query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Open opportunities by period and forecast category; amounts in KRW", html);
        // Pipeline (count, value, weighted), best case, commit, total.
        Assert.Equal(["1", "10,000,000", "3,000,000", "0", "0", "0", "1", "1,400,000", "980,000", "2", "11,400,000", "3,980,000"], Cells(html, "2031-01"));
        Assert.Equal(["0", "0", "0", "1", "2,000,000", "1,000,000", "0", "0", "0", "1", "2,000,000", "1,000,000"], Cells(html, "2031-02"));
        Assert.Equal(["1", "10,000,000", "3,000,000", "1", "2,000,000", "1,000,000", "1", "1,400,000", "980,000", "3", "13,400,000", "4,980,000"], Cells(html, "total"));
        Assert.Contains(">January 2031<", html);
        Assert.Contains("<li data-currency=\"THB\">THB: value 100,000 THB, weighted 30,000 THB (opportunities: 1)</li>", html);
        Assert.Contains("An admin can add the missing rates.", html);
        Assert.DoesNotContain("href=\"/admin/exchange-rates\"", html);
        Assert.Contains("Open opportunities without an expected close date, in no period: 1.", html);
        Assert.Contains("<rect class=\"commit\"", html);

        var (_, quarters) = await browser.GetAsync(query.Replace("by=month", "by=quarter"));
        Assert.Contains(">Q1 2031<", quarters);
        Assert.Equal(Cells(html, "total"), Cells(quarters, "2031-Q1"));

        using var korean = await App.SignInAsync(rep, "ko");
        var (_, ko) = await korean.GetAsync(query);
        Assert.Contains("<h1>매출 예측</h1>", ko);
        Assert.Contains(">2031년 1월<", ko);
        Assert.Contains("집계에서 빠진 금액: 환율 없음", ko);
        Assert.Contains("최상의 경우", ko);
        Assert.Equal(Cells(html, "2031-01"), Cells(ko, "2031-01"));

        using var adminBrowser = await App.SignInAsync(admin);
        Assert.Contains("href=\"/admin/exchange-rates\">Set exchange rates</a>", (await adminBrowser.GetAsync(query)).Html);
    }

    [Fact]
    public async Task ARepsForecastPage_CountsOnlyTheirOwnPursuits()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var mine = await App.CreateUserAsync(Role.Rep);
        var theirs = await App.CreateUserAsync(Role.Rep);
        var pipeline = await Data.NewPipelineAsync(admin);
        await Data.NewOpportunityAsync(mine, await Data.NewAccountAsync(mine), pipeline, "quote", 4_000_000m, "KRW", "2031-05-10");
        await Data.NewOpportunityAsync(theirs, await Data.NewAccountAsync(theirs), pipeline, "quote", 6_000_000m, "KRW", "2031-05-11");
        var query = $"/forecast?by=quarter&from=2031-04-01&to=2031-06-30&pipelineId={pipeline}";

        using var browser = await App.SignInAsync(mine);
        Assert.Equal("4,000,000", Cells((await browser.GetAsync(query)).Html, "total")[10]);
        // Naming another rep does not open their numbers.
        Assert.Equal("0", Cells((await browser.GetAsync($"{query}&ownerId={theirs.Id}")).Html, "total")[10]);
        using var adminBrowser = await App.SignInAsync(admin);
        Assert.Equal("10,000,000", Cells((await adminBrowser.GetAsync(query)).Html, "total")[10]);
    }

    [Fact]
    public async Task ABackwardRange_IsShownBesideTheDate_AndQualityIsRefusedThePage()
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));

        var (status, html) = await browser.GetAsync("/forecast?from=2031-05-01&to=2031-04-01");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("id=\"To\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("<a href=\"#To\">The end date is before the start date.</a>", html);
        Assert.Contains("The end date is before the start date.", html);
        Assert.DoesNotContain("<table class=\"forecast\"", html);

        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/forecast")).Status);
        Assert.DoesNotContain("href=\"/forecast\"", (await quality.GetAsync("/")).Html);
    }

    [GeneratedRegex("<td class=\"number[^\"]*\">([^<]*)</td>")]
    private static partial Regex Cell();
}
