using System.Net;
using System.Globalization;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Incidents;
using Bridgehead.Orders;
using Bridgehead.Tabular;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Orders;
using Bridgehead.Tests.Pursuits;
using static Bridgehead.Tests.Reports.AccountReportsSeed;

namespace Bridgehead.Tests.Reports;

public sealed class AccountReportsTests_Sqlite() : AccountReportsTests(Provider.Sqlite);

public sealed class AccountReportsTests_Postgres() : AccountReportsTests(Provider.Postgres);

/// <summary>
/// The account-side reports (share-of-wallet, otif, quality, health) against figures worked out by
/// hand over three past months M0-M2, with the visibility, roles, filters and files around them.
/// </summary>
public abstract class AccountReportsTests(Provider provider) : AppTests(provider)
{
    private static readonly string[] Mine = ["share-of-wallet", "otif", "quality", "health"];

    [Fact]
    public async Task ShareOfWallet_PerMonthEnd_IsWeightedByEachCategorysSpend()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var other = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        using var otherRep = App.Client(other);
        var x = await rep.AccountAsync();
        var y = await rep.AccountAsync();
        var z = await otherRep.AccountAsync();
        var (r1, _) = await App.NamedCompetitorAsync();
        var (r2, r2Name) = await App.NamedCompetitorAsync();
        // X valves: M0 us 40% (400) and R1 60% (600): spend 1,000. M1: 50/50 (500 each). M2: R1 leaves, us 100% of 1,200.
        await App.ShareAsync(x, "Valves", null, 40m, 400m, M0.AddDays(9));
        await App.ShareAsync(x, "Valves", r1, 60m, 600m, M0.AddDays(9));
        await App.ShareAsync(x, "valves", null, 50m, 500m, M1.AddDays(14));
        await App.ShareAsync(x, "Valves", r1, 50m, 500m, M1.AddDays(14));
        await App.ShareAsync(x, "Valves", r1, 0m, null, M2);
        await App.ShareAsync(x, "Valves", null, 100m, 1200m, M2);
        // After the period: not counted.
        await App.ShareAsync(x, "Valves", null, 10m, 10m, E(2).AddDays(1));
        // Y pumps from M1: us 20% (200, so 1,000 in all), R2 80% of unknown value. Y seals: value unknown, not counted.
        await App.ShareAsync(y, "Pumps", null, 20m, 200m, M1.AddDays(4));
        await App.ShareAsync(y, "Pumps", r2, 80m, null, M1.AddDays(4));
        await App.ShareAsync(y, "Seals", r2, 100m, null, M0);
        // Another rep's account: not counted for me.
        await App.ShareAsync(z, "Valves", null, 100m, 1_000_000m, M0);

        var report = await rep.GetJsonAsync($"/api/v1/reports/share-of-wallet?{Period}");

        Assert.Equal(["month", "ourShare", "accounts", "wallet", "topCompetitor", "topCompetitorShare"], report["columns"]!.AsArray().Select(c => c.Str("key")));
        Assert.Equal([Label(M0), Label(M1), Label(M2)], report["rows"]!.AsArray().Select(r => r.Str("month")));
        var m0 = report.Month(M0);
        Assert.Equal(40.0m, m0.Dec("ourShare"));
        Assert.Equal(1, m0.Num("accounts"));
        Assert.Equal(1000m, m0.Dec("wallet"));
        Assert.Equal(60.0m, m0.Dec("topCompetitorShare"));
        // M1: (50 x 1,000 + 20 x 1,000) / 2,000 = 35; R1 50 x 1,000 / 2,000 = 25; R2 80 x 1,000 / 2,000 = 40.
        var m1 = report.Month(M1);
        Assert.Equal(35.0m, m1.Dec("ourShare"));
        Assert.Equal(2, m1.Num("accounts"));
        Assert.Equal(2000m, m1.Dec("wallet"));
        Assert.Equal(r2Name, m1.Txt("topCompetitor"));
        Assert.Equal(40.0m, m1.Dec("topCompetitorShare"));
        // M2: (100 x 1,200 + 20 x 1,000) / 2,200 = 63.6; R2 80 x 1,000 / 2,200 = 36.4.
        var m2 = report.Month(M2);
        Assert.Equal(63.6m, m2.Dec("ourShare"));
        Assert.Equal(2200m, m2.Dec("wallet"));
        Assert.Equal(r2Name, m2.Txt("topCompetitor"));
        Assert.Equal(36.4m, m2.Dec("topCompetitorShare"));
        Assert.Equal("line", report["chart"].Str("kind"));

        // A period before any entry: rows with nothing counted.
        var early = await rep.GetJsonAsync($"/api/v1/reports/share-of-wallet?from={Iso(M0.AddMonths(-3))}&to={Iso(M0.AddDays(-1))}");
        Assert.All(early["rows"]!.AsArray(), r =>
        {
            Assert.Null(r!.Dec("ourShare"));
            Assert.Equal(0, r!.Num("accounts"));
        });
    }

    [Fact]
    public async Task Otif_ByMonthOfDueDate_IsWhatTheHandWorksOut_AndQualitySeesEveryAccount()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var other = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        using var otherRep = App.Client(other);
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        var x = await rep.AccountAsync();
        var z = await otherRep.AccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        await App.OrderAsync(x, me.Id, product, OrderStatus.PartlyDelivered,
            new LineSpec(10, M0.AddDays(4), M0.AddDays(4), 10, M0.AddDays(3)), // M0: on time in full
            new LineSpec(10, M0.AddDays(9), M0.AddDays(9), 10, M0.AddDays(12)), // M0: in full, late
            new LineSpec(10, M1.AddDays(4), M1.AddDays(4), 6, null), // M1: late and short
            new LineSpec(10, M1.AddDays(9), null, 10, M1.AddDays(5)), // M1: never promised, due on its requested date: on time in full
            new LineSpec(10, M1.AddDays(14), M1.AddDays(14), 0, null, Cancelled: true), // cancelled: not counted
            new LineSpec(10, M2.AddDays(2), M2.AddDays(2), 10, M2.AddDays(2)), // M2: on time in full
            new LineSpec(10, E(2).AddDays(1), E(2).AddDays(1), 10, E(2))); // due after the period
        await App.OrderAsync(x, me.Id, product, OrderStatus.Draft, new LineSpec(10, M0.AddDays(5), null, 0, null));
        await App.OrderAsync(z, other.Id, product, OrderStatus.Confirmed, new LineSpec(10, M0.AddDays(5), M0.AddDays(5), 0, null));

        var report = await rep.GetJsonAsync($"/api/v1/reports/otif?{Period}");
        var seenByQuality = await quality.GetJsonAsync($"/api/v1/reports/otif?{Period}&ownerId={me.Id}");
        var othersByQuality = await quality.GetJsonAsync($"/api/v1/reports/otif?{Period}&ownerId={other.Id}");

        Assert.Equal(["month", "lines", "otif", "otifPercent", "late", "short"], report["columns"]!.AsArray().Select(c => c.Str("key")));
        foreach (var r in new[] { report, seenByQuality })
        {
            Assert.Equal((2, 1, (decimal?)50.0m, 1, 0), Figures(r.Month(M0)));
            Assert.Equal((2, 1, (decimal?)50.0m, 1, 1), Figures(r.Month(M1)));
            Assert.Equal((1, 1, (decimal?)100.0m, 0, 0), Figures(r.Month(M2)));
        }
        Assert.Equal((1, 0, (decimal?)0m, 1, 1), Figures(othersByQuality.Month(M0)));
        Assert.Equal(0, othersByQuality.Month(M1).Num("lines"));
        Assert.Null(othersByQuality.Month(M1).Dec("otifPercent"));
    }

    private static (int Lines, int Otif, decimal? Percent, int Late, int Short) Figures(JsonNode row) =>
        (row.Num("lines"), row.Num("otif"), row.Dec("otifPercent"), row.Num("late"), row.Num("short"));

    [Fact]
    public async Task Quality_PerMonth_CountsSeverityPpmAndOpenAges()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var other = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        using var otherRep = App.Client(other);
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        var x = await rep.AccountAsync();
        var z = await otherRep.AccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var lines = await App.OrderAsync(x, me.Id, product, OrderStatus.PartlyDelivered,
            new LineSpec(1000, M0.AddDays(4), M0.AddDays(4), 1000, M0.AddDays(3)),
            new LineSpec(1000, M0.AddDays(9), M0.AddDays(9), 1000, M0.AddDays(12)),
            new LineSpec(1000, M1.AddDays(4), M1.AddDays(4), 600, null),
            new LineSpec(1000, M2.AddDays(2), M2.AddDays(2), 1000, M2.AddDays(2)));
        // Delivered: M0 2,000; M1 600 + 1,000 = 1,600; M2 1,000 (and one after the period).
        await App.DeliveryAsync(x, lines[0], me.Id, 1000, M0.AddDays(3));
        await App.DeliveryAsync(x, lines[1], me.Id, 1000, M0.AddDays(12));
        await App.DeliveryAsync(x, lines[2], me.Id, 600, M1.AddDays(4));
        await App.DeliveryAsync(x, lines[3], me.Id, 400, M1.AddDays(20));
        await App.DeliveryAsync(x, lines[3], me.Id, 600, M1.AddDays(22));
        await App.DeliveryAsync(x, lines[3], me.Id, 1000, M2.AddDays(2));
        await App.DeliveryAsync(x, lines[3], me.Id, 999, E(2).AddDays(1));
        await App.IncidentAsync(x, me.Id, IncidentSeverity.Minor, 4, M0.AddDays(1), M0.AddDays(20)); // I1
        await App.IncidentAsync(x, me.Id, IncidentSeverity.Major, 6, M0.AddDays(25), null); // I2: open throughout
        await App.IncidentAsync(x, me.Id, IncidentSeverity.Critical, 8, M1.AddDays(2), M2.AddDays(3)); // I3
        await App.IncidentAsync(x, me.Id, IncidentSeverity.Minor, 2, M2.AddDays(5), null); // I4
        await App.IncidentAsync(x, me.Id, IncidentSeverity.Major, 50, M0.AddDays(-100), null); // I5: opened before the period, open
        await App.IncidentAsync(x, me.Id, IncidentSeverity.Minor, 1, M0.AddDays(-100), M0.AddDays(-50)); // closed before the period
        await App.IncidentAsync(z, other.Id, IncidentSeverity.Critical, 99, M0.AddDays(1), null);

        var report = await rep.GetJsonAsync($"/api/v1/reports/quality?{Period}");
        var seenByQuality = await quality.GetJsonAsync($"/api/v1/reports/quality?{Period}&ownerId={me.Id}");

        Assert.Equal(["month", "opened", "minor", "major", "critical", "defects", "delivered", "ppm", "open0To7", "open8To30", "open31To90", "openOver90"],
            report["columns"]!.AsArray().Select(c => c.Str("key")));
        foreach (var r in new[] { report, seenByQuality })
        {
            // M0: I1 and I2 opened, 10 defects over 2,000 delivered = 5,000 PPM. Open at its end: I2 (2-5 days), I5 (over 90).
            Assert.Equal([2, 1, 1, 0], Opened(r.Month(M0)));
            Assert.Equal(((decimal?)10m, (decimal?)2000m, (decimal?)5000m), Rate(r.Month(M0)));
            Assert.Equal([1, 0, 0, 1], Ages(r.Month(M0)));
            // M1: I3 opened, 8 over 1,600 = 5,000 PPM. Open: I3 (25-28 days), I2 (33-36 days), I5.
            Assert.Equal([1, 0, 0, 1], Opened(r.Month(M1)));
            Assert.Equal(((decimal?)8m, (decimal?)1600m, (decimal?)5000m), Rate(r.Month(M1)));
            Assert.Equal([0, 1, 1, 1], Ages(r.Month(M1)));
            // M2: I4 opened, 2 over 1,000 = 2,000 PPM. Open at the period's end: I4 (22-25 days), I2 (61-67 days), I5; I3 closed.
            Assert.Equal([1, 1, 0, 0], Opened(r.Month(M2)));
            Assert.Equal(((decimal?)2m, (decimal?)1000m, (decimal?)2000m), Rate(r.Month(M2)));
            Assert.Equal([0, 1, 1, 1], Ages(r.Month(M2)));
        }
        Assert.Equal("stackedBar", report["chart"].Str("kind"));

        // Nothing delivered: no PPM.
        var before = await rep.GetJsonAsync($"/api/v1/reports/quality?from={Iso(M0.AddMonths(-2))}&to={Iso(M0.AddMonths(-1).AddDays(-1))}");
        Assert.Null(before.Month(M0.AddMonths(-2)).Dec("ppm"));
    }

    private static int[] Opened(JsonNode row) => [row.Num("opened"), row.Num("minor"), row.Num("major"), row.Num("critical")];

    private static (decimal?, decimal?, decimal?) Rate(JsonNode row) => (row.Dec("defects"), row.Dec("delivered"), row.Dec("ppm"));

    private static int[] Ages(JsonNode row) => [row.Num("open0To7"), row.Num("open8To30"), row.Num("open31To90"), row.Num("openOver90")];

    [Fact]
    public async Task Health_AsOfThePeriodsEnd_UsesSnapshots_AndTheCurrentScoreUpToToday()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var other = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        using var otherRep = App.Client(other);
        var h1 = await rep.AccountAsync();
        var h2 = await rep.AccountAsync();
        var h3 = await rep.AccountAsync();
        var h4 = await rep.AccountAsync();
        var h5 = await rep.AccountAsync();
        var z = await otherRep.AccountAsync();
        await App.SnapshotAsync(h1, E(1).AddDays(-5), 80);
        await App.SnapshotAsync(h1, E(1).AddDays(1), 30);
        await App.CurrentHealthAsync(h1, 30);
        await App.SnapshotAsync(h2, M0.AddDays(1), 50);
        await App.SnapshotAsync(h2, E(1), 90);
        await App.CurrentHealthAsync(h2, 90);
        await App.SnapshotAsync(h3, E(1).AddDays(2), 60);
        await App.CurrentHealthAsync(h3, 60);
        await App.CurrentHealthAsync(h4, 20);
        await App.SnapshotAsync(h5, E(1).AddDays(-3), 45);
        await App.SnapshotAsync(z, E(1).AddDays(-3), 10);
        await App.CurrentHealthAsync(z, 10);

        var then = await rep.GetJsonAsync($"/api/v1/reports/health?from={Iso(M0)}&to={Iso(E(1))}");
        var now = await rep.GetJsonAsync("/api/v1/reports/health");

        // At the end of M1: H1 80 and H2 90 healthy, H5 45 watch; H3 and H4 not scored yet.
        List<(int, decimal?)> atEndOfM1 = [(2, 85m), (1, 45m), (0, null)];
        Assert.Equal(atEndOfM1, Bands(then));
        // Today: H2 90 healthy; H3 60 and H5 45 (its snapshot, no current score) watch; H1 30 and H4 20 at risk.
        List<(int, decimal?)> today = [(1, 90m), (2, 52.5m), (2, 25m)];
        Assert.Equal(today, Bands(now));
    }

    private static List<(int, decimal?)> Bands(JsonNode report) =>
        [.. report["rows"]!.AsArray().Select(r => (r!.Num("accounts"), r!.Dec("averageScore")))];

    [Fact]
    public async Task Reports_AreForTheirRolesOnly()
    {
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        var productList = (await product.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r.Str("name")).ToList();
        var qualityList = (await quality.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r.Str("name")).ToList();
        var viewerList = (await viewer.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r.Str("name")).ToList();

        Assert.Empty(productList.Intersect(Mine));
        Assert.Equal(["otif", "quality"], qualityList.Intersect(Mine).Order());
        Assert.Equal(Mine.Order(), viewerList.Intersect(Mine).Order());
        foreach (var name in Mine)
        {
            await (await product.GetAsync($"/api/v1/reports/{name}")).ExpectAsync(HttpStatusCode.Forbidden);
            await (await product.GetAsync($"/api/v1/reports/{name}?format=xlsx")).ExpectAsync(HttpStatusCode.Forbidden);
            await (await viewer.GetAsync($"/api/v1/reports/{name}")).ExpectAsync(HttpStatusCode.OK);
            await (await manager.GetAsync($"/api/v1/reports/{name}")).ExpectAsync(HttpStatusCode.OK);
            await (await admin.GetAsync($"/api/v1/reports/{name}")).ExpectAsync(HttpStatusCode.OK);
        }
        await (await quality.GetAsync("/api/v1/reports/share-of-wallet")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await quality.GetAsync("/api/v1/reports/health?format=csv")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await quality.GetAsync("/api/v1/reports/otif")).ExpectAsync(HttpStatusCode.OK);
        await (await quality.GetAsync("/api/v1/reports/quality")).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>
    /// A team of a manager and two reps: account P (rep A; industry F, an application, a pursuit in
    /// a pipeline of its own) and account Q (rep B; industry G, nothing else). Each has one share
    /// entry, one order line due in M1 delivered on time, one incident opened in M1 and a snapshot.
    /// </summary>
    private sealed record FilterScene(TestUser Manager, TestUser RepA, string Team, long TeamId, long ApplicationId, long PipelineId);

    private async Task<FilterScene> FilterSceneAsync()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var repA = await App.CreateUserAsync(Role.Rep, team);
        var repB = await App.CreateUserAsync(Role.Rep, team);
        using var a = App.Client(repA);
        using var b = App.Client(repB);
        var application = await App.ApplicationIdAsync(PursuitApi.Unique("Rebar"), "F");
        var pipeline = (await App.NewPipelineAsync()).Id();
        var p = await a.AccountAsync("F", application);
        var q = await b.AccountAsync("G");
        await a.NewOpportunityAsync(p, pipeline);
        var product = await App.NewOrderProductAsync(5, 1000m);
        foreach (var (account, user) in new[] { (p, repA), (q, repB) })
        {
            await App.ShareAsync(account, "Rebar", null, 50m, 100m, M0);
            var line = await App.OrderAsync(account, user.Id, product, OrderStatus.Delivered, new LineSpec(100, M1.AddDays(3), M1.AddDays(3), 100, M1.AddDays(2)));
            await App.DeliveryAsync(account, line[0], user.Id, 100, M1.AddDays(2));
            await App.IncidentAsync(account, user.Id, IncidentSeverity.Major, 1, M1.AddDays(6), null);
            await App.SnapshotAsync(account, M1.AddDays(6), 75);
        }
        return new FilterScene(manager, repA, team, repA.TeamId!.Value, application, pipeline);
    }

    /// <summary>How many of the scene's accounts each report counted.</summary>
    private static async Task<int[]> CountsAsync(HttpClient client, string filters)
    {
        var wallet = await client.GetJsonAsync($"/api/v1/reports/share-of-wallet?{Period}{filters}");
        var otif = await client.GetJsonAsync($"/api/v1/reports/otif?{Period}{filters}");
        var quality = await client.GetJsonAsync($"/api/v1/reports/quality?{Period}{filters}");
        var health = await client.GetJsonAsync($"/api/v1/reports/health?{Period}{filters}");
        return [wallet.Month(M1).Num("accounts"), otif.Month(M1).Num("lines"), quality.Month(M1).Num("opened"),
            health["rows"]!.AsArray().Sum(r => r!.Num("accounts"))];
    }

    [Fact]
    public async Task EveryFilter_NarrowsTheAccountsCounted()
    {
        var s = await FilterSceneAsync();
        using var manager = App.Client(s.Manager);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));

        var counts1 = await CountsAsync(manager, "");
        Assert.Equal([2, 2, 2, 2], counts1);
        var counts2 = await CountsAsync(manager, $"&ownerId={s.RepA.Id}");
        Assert.Equal([1, 1, 1, 1], counts2);
        var counts3 = await CountsAsync(admin, $"&teamId={s.TeamId}");
        Assert.Equal([2, 2, 2, 2], counts3);
        var counts4 = await CountsAsync(manager, "&industry=F");
        Assert.Equal([1, 1, 1, 1], counts4);
        var counts5 = await CountsAsync(manager, $"&applicationId={s.ApplicationId}");
        Assert.Equal([1, 1, 1, 1], counts5);
        var counts6 = await CountsAsync(manager, $"&pipelineId={s.PipelineId}");
        Assert.Equal([1, 1, 1, 1], counts6);
        // Quality sees every account's orders and incidents, narrowed by the same filters.
        var teamOnly = $"{Period}&teamId={s.TeamId}";
        Assert.Equal(2, (await quality.GetJsonAsync($"/api/v1/reports/otif?{teamOnly}")).Month(M1).Num("lines"));
        Assert.Equal(1, (await quality.GetJsonAsync($"/api/v1/reports/quality?{teamOnly}&industry=G")).Month(M1).Num("opened"));
    }

    [Fact]
    public async Task EachReport_DownloadsAsCsvAndXlsx_WithTheJsonTable()
    {
        var s = await FilterSceneAsync();
        using var manager = App.Client(s.Manager);
        foreach (var name in Mine)
        {
            var json = await manager.GetJsonAsync($"/api/v1/reports/{name}?{Period}");
            var labels = json["columns"]!.AsArray().Select(c => c.Str("label")).ToList();
            var keys = json["columns"]!.AsArray().Select(c => c.Str("key")).ToList();
            var expected = json["rows"]!.AsArray().Select(r => keys.Select(k => Cell(r![k])).ToList()).ToList();

            var csv = await manager.GetAsync($"/api/v1/reports/{name}?{Period}&format=csv");
            await csv.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            Assert.Equal($"{name}-{Iso(M0)}-{Iso(E(2))}.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName!.Trim('"'));
            using (var reader = TabularReader.Open(new MemoryStream(await csv.Content.ReadAsByteArrayAsync()), TabularFormat.Csv))
            {
                Assert.Equal(labels, reader.Headers);
                Assert.Equal(expected, reader.Rows().Select(r => r.Cells.Select(c => Norm(c ?? "")).ToList()).ToList());
            }

            var xlsx = await manager.GetAsync($"/api/v1/reports/{name}?{Period}&format=xlsx");
            await xlsx.ExpectAsync(HttpStatusCode.OK);
            using (var reader = TabularReader.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), TabularFormat.Xlsx))
            {
                Assert.Equal(labels, reader.Headers);
                Assert.Equal(expected, reader.Rows().Select(r => r.Cells.Select(c => Norm(c ?? "")).ToList()).ToList());
            }
        }
    }

    /// <summary>A JSON cell as the file holds it: text as is, empty for null, numbers by value (XLSX keeps no trailing zeros).</summary>
    private static string Cell(JsonNode? value) => value is null ? "" : value.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? value.GetValue<string>()
        : Norm(value.ToJsonString());

    private static string Norm(string cell) =>
        decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString("G29", CultureInfo.InvariantCulture) : cell;

    [Fact]
    public async Task NoReportForQuality_CarriesCostMarginOrPrice()
    {
        var s = await FilterSceneAsync();
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        string[] forbidden = ["cost", "margin", "price", "amount", "value", "claim"];
        foreach (var name in new[] { "otif", "quality" })
        {
            var path = $"/api/v1/reports/{name}?{Period}&teamId={s.TeamId}";
            var json = await quality.GetJsonAsync(path);
            var members = json["columns"]!.AsArray().Select(c => c.Str("key"))
                .Concat(json["rows"]!.AsArray().SelectMany(r => r!.AsObject().Select(m => m.Key)))
                .Distinct()
                .ToList();
            Assert.NotEmpty(json["rows"]!.AsArray());
            Assert.DoesNotContain(members, m => forbidden.Any(f => m.Contains(f, StringComparison.OrdinalIgnoreCase)));
            Assert.DoesNotContain("1234.5", json.ToJsonString(), StringComparison.Ordinal);
            foreach (var (format, key) in new[] { (TabularFormat.Csv, "csv"), (TabularFormat.Xlsx, "xlsx") })
            {
                var file = await quality.GetAsync($"{path}&format={key}");
                await file.ExpectAsync(HttpStatusCode.OK);
                using var reader = TabularReader.Open(new MemoryStream(await file.Content.ReadAsByteArrayAsync()), format);
                Assert.DoesNotContain(reader.Headers, h => forbidden.Any(f => h.Contains(f, StringComparison.OrdinalIgnoreCase)));
                Assert.DoesNotContain(reader.Rows().SelectMany(r => r.Cells), c => c == "1234.5");
            }
        }
    }
}
