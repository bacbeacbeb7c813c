using System.Net;
using System.Text;
using Bridgehead.Health;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tabular;
using Bridgehead.Tests.Health;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;

namespace Bridgehead.Tests.Reports;

public sealed class ReportsApiTests_Sqlite() : ReportsApiTests(Provider.Sqlite);

public sealed class ReportsApiTests_Postgres() : ReportsApiTests(Provider.Postgres);

/// <summary>The report mechanics every report shares (shown with the health distribution): listing, roles, filters, JSON, CSV and XLSX.</summary>
public abstract class ReportsApiTests(Provider provider) : AppTests(provider)
{
    private async Task ScoreAsync(long accountId, int score, HealthBand band)
    {
        await using var db = App.OpenDb();
        db.AccountHealth.Add(new AccountHealth { AccountId = accountId, Score = score, Band = band, Signals = "[]", ScoredAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task HealthReport_CountsOnlyTheCallersAccounts_ByBand()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var other = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        using var otherRep = App.Client(other);
        await ScoreAsync(await rep.CustomerAsync("Fine A"), 80, HealthBand.Healthy);
        await ScoreAsync(await rep.CustomerAsync("Fine B"), 90, HealthBand.Healthy);
        await ScoreAsync(await rep.CustomerAsync("Shaky"), 30, HealthBand.AtRisk);
        await ScoreAsync(await otherRep.CustomerAsync("Not mine"), 20, HealthBand.AtRisk);

        var report = await rep.GetJsonAsync("/api/v1/reports/health");

        Assert.Equal("health", report.Str("name"));
        Assert.Equal(["band", "accounts", "averageScore"], report["columns"]!.AsArray().Select(c => c.Str("key")));
        var rows = report["rows"]!.AsArray();
        Assert.Equal(3, rows.Count);
        Assert.Equal(2, rows[0]!["accounts"]!.GetValue<int>());
        Assert.Equal(85m, rows[0]!["averageScore"]!.GetValue<decimal>());
        Assert.Equal(0, rows[1]!["accounts"]!.GetValue<int>());
        Assert.Equal(1, rows[2]!["accounts"]!.GetValue<int>());
        Assert.Equal(30m, rows[2]!["averageScore"]!.GetValue<decimal>());
        Assert.Equal("doughnut", report["chart"].Str("kind"));
    }

    [Fact]
    public async Task Reports_AreListedAndRun_OnlyForRolesTheySuit()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));

        var repList = await rep.GetJsonAsync("/api/v1/reports");
        var qualityList = await quality.GetJsonAsync("/api/v1/reports");

        Assert.Contains("health", repList["items"]!.AsArray().Select(r => r.Str("name")));
        Assert.DoesNotContain("health", qualityList["items"]!.AsArray().Select(r => r.Str("name")));
        await (await quality.GetAsync("/api/v1/reports/health")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await quality.GetAsync("/api/v1/reports/health?format=csv")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await rep.GetAsync("/api/v1/reports/no-such-report")).ExpectAsync(HttpStatusCode.NotFound);
        await (await App.Client().GetAsync("/api/v1/reports/health")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BadFilters_AreNamed()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        var reversed = await rep.GetAsync("/api/v1/reports/health?from=2026-05-01&to=2026-04-01");
        var tooLong = await rep.GetAsync("/api/v1/reports/health?from=2010-01-01&to=2026-04-01");
        var unknown = await rep.GetAsync("/api/v1/reports/health?industry=ZZ&teamId=999999999&pipelineId=999999999&applicationId=999999999&ownerId=999999999");
        var format = await rep.GetAsync("/api/v1/reports/health?format=pdf");

        await reversed.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True((await reversed.ErrorsAsync()).ContainsKey("to"));
        Assert.True((await tooLong.ErrorsAsync()).ContainsKey("to"));
        Assert.Equal(["applicationId", "industry", "ownerId", "pipelineId", "teamId"], (await unknown.ErrorsAsync()).Select(e => e.Key).Order());
        await format.ExpectAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DatesAtTheEdgeOfTheCalendar_AreRefusedByName_NotA500()
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var names = (await admin.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r.Str("name")).ToList();
        Assert.NotEmpty(names);

        foreach (var name in names)
        {
            foreach (var (query, field) in new[]
                     {
                         ("from=9999-12-01&to=9999-12-31", "to"),
                         ("to=9999-12-31", "to"),
                         ("to=0001-01-01", "to"),
                         ("from=0001-01-01&to=0001-12-31", "from"),
                     })
            {
                var response = await admin.GetAsync($"/api/v1/reports/{name}?{query}");
                await response.ExpectAsync(HttpStatusCode.UnprocessableEntity);
                Assert.True((await response.ErrorsAsync()).ContainsKey(field), $"{name}?{query}");
            }
        }
    }

    [Fact]
    public async Task Report_DownloadsAsCsvAndXlsx_WithTheSameTable()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var account = await rep.CustomerAsync("Csv");
        await ScoreAsync(account, 55, HealthBand.Watch);
        // The CSV's period ended in the past: the health report reads the daily snapshot as of its end.
        await using (var db = App.OpenDb())
        {
            db.HealthSnapshots.Add(new HealthSnapshot { AccountId = account, ScoredOn = new DateOnly(2026, 6, 15), Score = 55, Band = HealthBand.Watch });
            await db.SaveChangesAsync();
        }

        var csv = await rep.GetAsync("/api/v1/reports/health?format=csv&from=2026-01-01&to=2026-06-30");
        var xlsx = await rep.GetAsync("/api/v1/reports/health?format=xlsx");

        await csv.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("health-2026-01-01-2026-06-30.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("Band,Accounts,Average score\r\n", text, StringComparison.Ordinal);
        Assert.Contains(",1,55\r\n", text, StringComparison.Ordinal);

        await xlsx.ExpectAsync(HttpStatusCode.OK);
        using var reader = TabularReader.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), TabularFormat.Xlsx);
        Assert.Equal(["Band", "Accounts", "Average score"], reader.Headers);
        var rows = reader.Rows().Select(r => r.Cells).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["1", "55"], rows[1][1..]);
    }
}
