using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Forecasting;

[Collection(RatesCollection.Sqlite)]
public sealed class ForecastApiTests_Sqlite() : ForecastApiTests(Provider.Sqlite);

[Collection(RatesCollection.Postgres)]
public sealed class ForecastApiTests_Postgres() : ForecastApiTests(Provider.Postgres);

/// <summary>GET /api/v1/reports/forecast: weighted value by period and category in the base currency.</summary>
public abstract class ForecastApiTests(Provider provider) : AppTests(provider)
{
    private ForecastData Data => new(App);

    private static JsonNode Period(JsonNode forecast, string key) =>
        forecast["periods"]!.AsArray().Single(p => p!["key"]!.GetValue<string>() == key)!;

    [Fact]
    public async Task Forecast_WeighsByStageOrOverride_ConvertsWithTheRate_ByMonthAndCategory()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var rep = await App.CreateUserAsync(Role.Rep);
        await Data.SetRateAsync(admin, "USD", 1400m);
        await Data.RemoveRateAsync(admin, "THB");
        var pipeline = await Data.NewPipelineAsync(admin);
        var account = await Data.NewAccountAsync(rep);

        // January: 10,000,000 KRW at needs (30 %) in pipeline; 1,000 USD at negotiation (70 %) in commit.
        await Data.NewOpportunityAsync(rep, account, pipeline, "needs", 10_000_000m, "KRW", "2031-01-15");
        await Data.NewOpportunityAsync(rep, account, pipeline, "negotiation", 1_000m, "USD", "2031-01-20", "commit");
        // February: 5,000,000 KRW at quote (50 %), but the owner says 90 %; and baht, which has no rate.
        await Data.NewOpportunityAsync(rep, account, pipeline, "quote", 5_000_000m, "KRW", "2031-02-10", "bestCase", probability: 90);
        await Data.NewOpportunityAsync(rep, account, pipeline, "needs", 100_000m, "THB", "2031-02-01");
        // March: 2,500 USD at quote (50 %) in commit, on the last day of the range.
        await Data.NewOpportunityAsync(rep, account, pipeline, "quote", 2_500m, "USD", "2031-03-31", "commit");
        // Not in any sum: no close date, no value, outside the range, closed.
        await Data.NewOpportunityAsync(rep, account, pipeline, "needs", 1_000_000m, "KRW", null);
        await Data.NewOpportunityAsync(rep, account, pipeline, "needs", null, null, "2031-01-05");
        await Data.NewOpportunityAsync(rep, account, pipeline, "needs", 7_000_000m, "KRW", "2031-04-01");
        var lost = await Data.NewOpportunityAsync(rep, account, pipeline, "quote", 9_000_000m, "KRW", "2031-01-10", "commit");
        await using (var db = App.OpenDb())
        {
            await db.Opportunities.Where(o => o.Id == lost).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OpportunityStatus.Lost));
        }

        var forecast = await App.Client(rep).GetJsonAsync($"/api/v1/reports/forecast?by=month&from=2031-01-01&to=2031-03-31&pipelineId={pipeline}");

        Assert.Equal("KRW", forecast["baseCurrency"]!.GetValue<string>());
        Assert.Equal("month", forecast["by"]!.GetValue<string>());
        Assert.Equal(["2031-01", "2031-02", "2031-03"], forecast["periods"]!.AsArray().Select(p => p!["key"]!.GetValue<string>()));
        var january = Period(forecast, "2031-01");
        Assert.Equal("2031-01-01", january["start"]!.GetValue<string>());
        Assert.Equal("2031-01-31", january["end"]!.GetValue<string>());
        Assert.Equal(1, january["pipeline"]!.Count());
        Assert.Equal(10_000_000m, january["pipeline"]!.Amount("value"));
        Assert.Equal(3_000_000m, january["pipeline"]!.Amount("weighted"));
        Assert.Equal("KRW", january["pipeline"]!["weighted"]!["currency"]!.GetValue<string>());
        Assert.Equal(1, january["commit"]!.Count());
        Assert.Equal(1_400_000m, january["commit"]!.Amount("value"));
        Assert.Equal(980_000m, january["commit"]!.Amount("weighted"));
        Assert.Equal(0, january["bestCase"]!.Count());
        Assert.Equal(2, january["total"]!.Count());
        Assert.Equal(11_400_000m, january["total"]!.Amount("value"));
        Assert.Equal(3_980_000m, january["total"]!.Amount("weighted"));

        var february = Period(forecast, "2031-02");
        Assert.Equal(4_500_000m, february["bestCase"]!.Amount("weighted"));
        Assert.Equal(5_000_000m, february["bestCase"]!.Amount("value"));
        Assert.Equal(0, february["pipeline"]!.Count());
        var march = Period(forecast, "2031-03");
        Assert.Equal(3_500_000m, march["commit"]!.Amount("value"));
        Assert.Equal(1_750_000m, march["commit"]!.Amount("weighted"));

        Assert.Equal(4, forecast["totals"]!["total"]!.Count());
        Assert.Equal(19_900_000m, forecast["totals"]!["total"]!.Amount("value"));
        Assert.Equal(10_230_000m, forecast["totals"]!["total"]!.Amount("weighted"));
        Assert.Equal(2_730_000m, forecast["totals"]!["commit"]!.Amount("weighted"));

        var unconverted = Assert.Single(forecast["unconverted"]!.AsArray())!;
        Assert.Equal("THB", unconverted["currency"]!.GetValue<string>());
        Assert.Equal(1, unconverted["count"]!.GetValue<int>());
        Assert.Equal(100_000m, unconverted["amount"]!.GetValue<decimal>());
        Assert.Equal(30_000m, unconverted["weighted"]!.GetValue<decimal>());
        Assert.Equal(1, forecast["undated"]!.GetValue<int>());
        Assert.Equal(1, forecast["noValue"]!.GetValue<int>());
    }

    [Fact]
    public async Task ByQuarter_SumsTheMonths_AndARateChangeShowsAtOnce()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var rep = await App.CreateUserAsync(Role.Rep);
        await Data.SetRateAsync(admin, "USD", 1400m);
        var pipeline = await Data.NewPipelineAsync(admin);
        var account = await Data.NewAccountAsync(rep);
        await Data.NewOpportunityAsync(rep, account, pipeline, "needs", 10_000_000m, "KRW", "2031-04-30");
        await Data.NewOpportunityAsync(rep, account, pipeline, "quote", 1_000m, "USD", "2031-05-02");
        await Data.NewOpportunityAsync(rep, account, pipeline, "testing", 3_000_000m, "KRW", "2031-06-30", "commit");
        await Data.NewOpportunityAsync(rep, account, pipeline, "testing", 2_000_000m, "KRW", "2031-07-01", "commit");
        var query = $"from=2031-04-01&to=2031-09-30&pipelineId={pipeline}";

        var byMonth = await App.Client(rep).GetJsonAsync($"/api/v1/reports/forecast?by=month&{query}");
        var byQuarter = await App.Client(rep).GetJsonAsync($"/api/v1/reports/forecast?by=QUARTER&{query}");

        Assert.Equal(["2031-Q2", "2031-Q3"], byQuarter["periods"]!.AsArray().Select(p => p!["key"]!.GetValue<string>()));
        var q2 = Period(byQuarter, "2031-Q2");
        var months = new[] { "2031-04", "2031-05", "2031-06" }.Select(m => Period(byMonth, m)).ToList();
        foreach (var category in new[] { "pipeline", "bestCase", "commit", "total" })
        {
            Assert.Equal(months.Sum(m => m[category]!.Count()), q2[category]!.Count());
            Assert.Equal(months.Sum(m => m[category]!.Amount("value")), q2[category]!.Amount("value"));
            Assert.Equal(months.Sum(m => m[category]!.Amount("weighted")), q2[category]!.Amount("weighted"));
        }
        // 10,000,000 x 30 % + 1,400,000 x 50 % in pipeline; 3,000,000 x 85 % in commit.
        Assert.Equal(3_700_000m, q2["pipeline"]!.Amount("weighted"));
        Assert.Equal(2_550_000m, q2["commit"]!.Amount("weighted"));
        Assert.Equal(1_700_000m, Period(byQuarter, "2031-Q3")["commit"]!.Amount("weighted"));
        Assert.Equal(byMonth["totals"]!.ToJsonString(), byQuarter["totals"]!.ToJsonString());

        await Data.SetRateAsync(admin, "USD", 1300.5m);
        var repriced = await App.Client(rep).GetJsonAsync($"/api/v1/reports/forecast?by=quarter&{query}");
        Assert.Equal(3_000_000m + 650_250m, Period(repriced, "2031-Q2")["pipeline"]!.Amount("weighted"));
    }

    [Fact]
    public async Task Rep_CountsOnlyTheirOwnPursuits_ManagerTheTeams_AdminAll_AndFiltersNarrow()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var repA = await App.CreateUserAsync(Role.Rep, team);
        var repB = await App.CreateUserAsync(Role.Rep);
        var pipeline = await Data.NewPipelineAsync(admin);
        await Data.NewOpportunityAsync(repA, await Data.NewAccountAsync(repA), pipeline, "quote", 4_000_000m, "KRW", "2031-01-10");
        await Data.NewOpportunityAsync(repB, await Data.NewAccountAsync(repB), pipeline, "quote", 6_000_000m, "KRW", "2031-01-11");
        var query = $"/api/v1/reports/forecast?from=2031-01-01&to=2031-03-31&pipelineId={pipeline}";

        decimal Value(JsonNode f) => f["totals"]!["total"]!.Amount("value");
        Assert.Equal(4_000_000m, Value(await App.Client(repA).GetJsonAsync(query)));
        Assert.Equal(6_000_000m, Value(await App.Client(repB).GetJsonAsync(query)));
        Assert.Equal(4_000_000m, Value(await App.Client(manager).GetJsonAsync(query)));
        Assert.Equal(10_000_000m, Value(await App.Client(admin).GetJsonAsync(query)));
        Assert.Equal(10_000_000m, Value(await App.Client(await App.CreateUserAsync(Role.Viewer)).GetJsonAsync(query)));
        Assert.Equal(6_000_000m, Value(await App.Client(admin).GetJsonAsync($"{query}&ownerId={repB.Id}")));
        Assert.Equal(4_000_000m, Value(await App.Client(admin).GetJsonAsync($"{query}&teamId={repA.TeamId}")));
        // Another rep's owner id does not open their numbers.
        Assert.Equal(0m, Value(await App.Client(repA).GetJsonAsync($"{query}&ownerId={repB.Id}")));
    }

    [Fact]
    public async Task WithoutRange_CoversThisQuarterAndTheNextThree()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);

        var forecast = await App.Client(rep).GetJsonAsync("/api/v1/reports/forecast");

        Assert.Equal("quarter", forecast["by"]!.GetValue<string>());
        Assert.Equal(start.ToString("yyyy-MM-dd"), forecast["from"]!.GetValue<string>());
        Assert.Equal(start.AddMonths(12).AddDays(-1).ToString("yyyy-MM-dd"), forecast["to"]!.GetValue<string>());
        Assert.Equal(4, forecast["periods"]!.AsArray().Count);
    }

    [Fact]
    public async Task BadQueries_AreRefused_NamingTheParameter_AndQualityMayNotReadIt()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);

        var week = await client.GetAsync("/api/v1/reports/forecast?by=week");
        Assert.Equal(HttpStatusCode.BadRequest, week.StatusCode);
        Assert.True((await week.ErrorsAsync()).ContainsKey("by"));
        var date = await client.GetAsync("/api/v1/reports/forecast?from=next-monday");
        Assert.Equal(HttpStatusCode.BadRequest, date.StatusCode);
        Assert.True((await date.ErrorsAsync()).ContainsKey("from"));
        var backwards = await client.GetAsync("/api/v1/reports/forecast?from=2031-05-01&to=2031-04-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.True((await backwards.ErrorsAsync()).ContainsKey("to"));
        var decades = await client.GetAsync("/api/v1/reports/forecast?from=2031-01-01&to=2049-01-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, decades.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await App.Client(await App.CreateUserAsync(Role.Quality)).GetAsync("/api/v1/reports/forecast")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client().GetAsync("/api/v1/reports/forecast")).StatusCode);
    }
}
