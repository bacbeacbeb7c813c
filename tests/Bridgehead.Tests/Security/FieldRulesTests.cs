using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Quotes;

namespace Bridgehead.Tests.Security;

public sealed class FieldRulesTests_Sqlite() : FieldRulesTests(Provider.Sqlite);

public sealed class FieldRulesTests_Postgres() : FieldRulesTests(Provider.Postgres);

/// <summary>
/// Unit cost and margin reach managers and admins only: for the rep, quality, product and viewer
/// roles no answer of the app (every GET endpoint and page from the routing table, every export,
/// report and import error report in CSV and XLSX, the quote PDF, every history) holds one of the
/// world's cost or margin figures, a JSON member named after one, or a column headed by one. The
/// same figures do show for a manager and an admin where cost is shown, so the scan can fail.
/// </summary>
public abstract partial class FieldRulesTests(Provider provider) : AppTests(provider)
{
    /// <summary>Product A's unit cost.</summary>
    private const decimal CostA = 3719.47m;

    /// <summary>Product B's unit cost before and after the admin changes it (the change is in its history).</summary>
    private const decimal FirstCostB = 61234.57m;

    private const decimal CostB = 88123m;

    /// <summary>
    /// The figures that exist only as costs or margins: the unit costs; quote 1 (3 A at 5,000 and 1 B
    /// at 95,000 = 110,000): cost 99,281.41, margin 10,718.59, A's line cost 11,158.41; quote 2 (2 A
    /// at 5,000 = 10,000): cost 7,438.94, margin 2,561.06; the margin difference between them 8,157.53.
    /// </summary>
    private static readonly string[] Figures =
    [
        "3719.47", "61234.57", "88123", "99281.41", "10718.59", "11158.41", "7438.94", "2561.06", "8157.53",
    ];

    /// <summary>JSON members that carry a cost or a margin (see GetHistory.CostFields and QuoteDto).</summary>
    private static readonly HashSet<string> CostMembers = new(StringComparer.OrdinalIgnoreCase)
    {
        "unitCost", "costTotal", "margin", "marginPercent", "marginComplete",
    };

    /// <summary>Words of a column heading over costs or margins, in English and Korean.</summary>
    private static readonly string[] CostHeadings = ["unit cost", "unitcost", "cost total", "costtotal", "margin", "원가", "마진"];

    private static readonly ConcurrentDictionary<Provider, Lazy<Task<Fixture>>> Fixtures = new();

    private sealed record Fixture(ScanWorld Scan, long ProductA, long ProductB, long Quote, long SecondQuote, long CostImport);

    private Task<Fixture> FixtureAsync() => Fixtures.GetOrAdd(Provider, _ => new Lazy<Task<Fixture>>(() => CreateAsync(App))).Value;

    private static async Task<Fixture> CreateAsync(TestApp app)
    {
        var scan = await ScanWorld.CreateAsync(app);
        var world = scan.World;
        using var admin = app.Client(world.Admin);
        var productA = (await admin.CreateAsync("/api/v1/products", Product(world.Tag + " cost A", CostA, 5200m))).Id();
        var productB = (await admin.CreateAsync("/api/v1/products", Product(world.Tag + " cost B", FirstCostB, 95000m))).Id();
        await (await admin.PatchJsonAsync($"/api/v1/products/{productB}", new { unitCost = new { amount = CostB, currency = "USD" } })).ExpectAsync(HttpStatusCode.OK);

        using var rep = app.Client(world.Rep);
        var quote = await rep.NewQuoteAsync(world.AnchorOpportunityId, [Quotes.QuoteSetup.Line(productA, 3, 5000m), Quotes.QuoteSetup.Line(productB, 1, 95000m)], currency: "USD");
        var second = await rep.NewQuoteAsync(world.AnchorOpportunityId, [Quotes.QuoteSetup.Line(productA, 2, 5000m)], currency: "USD");
        var order = await rep.CreateAsync("/api/v1/orders", new
        {
            accountId = world.AnchorAccountId, kind = "spot", currency = "USD", lines = new[] { Orders.OrderSetup.Line(productA, 5, Orders.OrderSetup.Today.AddDays(60), 5000m) },
        });
        var incident = await rep.CreateAsync("/api/v1/incidents", new
        {
            accountId = world.AnchorAccountId, productId = productA, title = world.Tag + " scratched valve", severity = "minor", lot = "L-1", defectQuantity = 3m,
        });

        // A manager's import of products whose error row carries a cost.
        await using var db = app.OpenDb();
        var job = new ImportJob
        {
            Entity = ImportEntity.Products, FileName = world.Tag + "-costs.csv", StoredFile = world.Tag + "-costs.csv", Mapping = "{}", Status = ImportStatus.Completed,
            TotalRows = 1, ProcessedRows = 1, ErrorRows = 1, CreatedById = world.Manager.Id, StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow,
        };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync();
        db.ImportRowErrors.AddRange(
            new ImportRowError { JobId = job.Id, RowNumber = 0, Values = "[\"sku\",\"name\",\"unitCost\"]", Message = "" },
            new ImportRowError { JobId = job.Id, RowNumber = 2, Field = "name", Message = "Name is required.", Values = "[\"" + world.Tag + "-X\",\"\",\"3719.47\"]" });
        await db.SaveChangesAsync();

        scan["products"] = productA;
        scan["quotes"] = quote.Id();
        scan["secondQuote"] = second.Id();
        scan["orders"] = order.Id();
        scan["incidents"] = incident.Id();
        scan["imports"] = job.Id;
        return new Fixture(scan, productA, productB, quote.Id(), second.Id(), job.Id);
    }

    private static object Product(string name, decimal cost, decimal price)
    {
        var sku = "FR-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        return new
        {
            sku, name, unit = "pcs", currency = "USD", category = "valves",
            unitCost = new { amount = cost, currency = "USD" }, listPrice = new { amount = price, currency = "USD" },
        };
    }

    [Theory]
    [InlineData(Role.Rep, "en")]
    [InlineData(Role.Quality, "en")]
    [InlineData(Role.Product, "ko")]
    [InlineData(Role.Viewer, "ko")]
    public async Task No_output_holds_a_cost_or_a_margin_for(Role role, string language)
    {
        var fixture = await FixtureAsync();
        var world = fixture.Scan.World;
        var user = new Dictionary<Role, TestUser> { [Role.Rep] = world.Rep, [Role.Quality] = world.Quality, [Role.Product] = world.Product, [Role.Viewer] = world.Viewer }[role];
        var outputs = await ScanAsync(fixture, user, language);

        var leaks = outputs.SelectMany(Leaks).ToList();
        Assert.True(leaks.Count == 0, $"{role} reads costs or margins:\n" + string.Join("\n", leaks.Take(60)));
        var failures = outputs.Where(o => (int)o.Status >= 500).Select(o => $"{o.Url}: {(int)o.Status} {Head(o.Text)}").ToList();
        Assert.True(failures.Count == 0, "Server errors:\n" + string.Join("\n", failures));
        // The scan read the records (not only refusals): the catalogue's cost product, and what the role reads of the rest.
        var read = outputs.Where(o => o.Status == HttpStatusCode.OK).Select(o => o.Url).ToHashSet(StringComparer.Ordinal);
        Assert.Contains($"/api/v1/products/{fixture.ProductA}", read);
        Assert.Contains($"/products/{fixture.ProductA}", read);
        if (role is Role.Rep or Role.Viewer)
        {
            Assert.Contains($"/api/v1/quotes/{fixture.Quote}", read);
            Assert.Contains($"/api/v1/quotes/{fixture.Quote}/document.pdf", read);
            Assert.Contains($"/quotes/{fixture.Quote}", read);
            Assert.Contains($"/quotes/{fixture.Quote}?handler=History", read);
        }
        if (role is Role.Quality or Role.Rep or Role.Viewer)
        {
            Assert.Contains($"/api/v1/incidents/{fixture.Scan["incidents"]}", read);
        }
        Assert.True(outputs.Count(o => o.Status == HttpStatusCode.OK) > 60, $"Only {outputs.Count(o => o.Status == HttpStatusCode.OK)} answers were 200.");
    }

    [Fact]
    public async Task Managers_and_admins_read_the_same_figures_where_cost_is_shown()
    {
        var fixture = await FixtureAsync();
        var world = fixture.Scan.World;
        foreach (var user in new[] { world.Manager, world.Admin })
        {
            using var api = App.Client(user);
            using var browser = await App.SignInAsync(user);
            var product = await api.GetStringAsync($"/api/v1/products/{fixture.ProductA}");
            Assert.Contains("3719.47", product, StringComparison.Ordinal);
            var quote = await api.GetJsonAsync($"/api/v1/quotes/{fixture.Quote}");
            Assert.Equal(10718.59m, Quotes.QuoteSetup.Amount(quote["margin"]));
            Assert.Equal(99281.41m, Quotes.QuoteSetup.Amount(quote["costTotal"]));
            if (user == world.Admin)
            {
                // A product's history (its cost changes) is the admins' alone; others read it empty.
                var history = await api.GetStringAsync($"/api/v1/products/{fixture.ProductB}/history");
                Assert.Contains("88123", history, StringComparison.Ordinal);
                Assert.Contains("61234.57", history, StringComparison.Ordinal);
            }
            var export = OutputScan.Read("export", HttpStatusCode.OK, "text/csv", await api.GetByteArrayAsync($"/api/v1/exports/products?q={world.Tag}"));
            Assert.Contains("unitCost", export.Headers);
            Assert.Contains("3719.47", export.Text, StringComparison.Ordinal);
            var errors = await api.GetStringAsync($"/api/v1/imports/{fixture.CostImport}/errors");
            Assert.Contains("3719.47", errors, StringComparison.Ordinal);
            var (_, productPage) = await browser.GetAsync($"/products/{fixture.ProductA}");
            Assert.Contains("3,719.47", productPage, StringComparison.Ordinal);
            var (_, quotePage) = await browser.GetAsync($"/quotes/{fixture.Quote}");
            Assert.Contains("10,718.59", quotePage, StringComparison.Ordinal);
            // And the scan's own checks see them: what it finds for others is not blind.
            Assert.NotEmpty(Leaks(OutputScan.Read("quote", HttpStatusCode.OK, "application/json", System.Text.Encoding.UTF8.GetBytes(quote.ToJsonString()))));
        }
    }

    private async Task<List<Output>> ScanAsync(Fixture fixture, TestUser user, string language)
    {
        var (api, pages) = await OutputScan.RoutesAsync(App);
        var scan = fixture.Scan;
        var (apiUrls, apiUnfilled) = OutputScan.Expand(api.Where(t => !ScanWorld.Skipped(t)), scan.Fill, scan.Queries);
        var (pageUrls, pageUnfilled) = OutputScan.Expand(pages.Where(t => !ScanWorld.Skipped(t)), scan.Fill, scan.Queries);
        Assert.True(apiUnfilled.Count + pageUnfilled.Count == 0, "Routes the scan cannot fill (add the record to the world or a reason to the skips):\n"
            + string.Join("\n", apiUnfilled.Concat(pageUnfilled)));
        using var client = App.Client(user, language);
        using var browser = await App.SignInAsync(user, language);
        var outputs = await OutputScan.FetchAsync(client, apiUrls.Select(u => "/" + u.TrimStart('/')));
        outputs.AddRange(await OutputScan.FetchAsync(browser.Http, pageUrls.Select(u => "/" + u.TrimStart('/'))));
        return outputs;
    }

    private static IEnumerable<string> Leaks(Output output)
    {
        foreach (var figure in Figures)
        {
            if (Figure(figure).IsMatch(output.Text))
            {
                yield return $"{output.Url}: the figure {figure} in {Around(output.Text, Figure(figure).Match(output.Text).Index)}";
            }
        }
        foreach (var member in output.JsonProperties.Where(CostMembers.Contains).Distinct())
        {
            yield return $"{output.Url}: the member \"{member}\"";
        }
        foreach (var heading in output.Headers.Where(h => CostHeadings.Any(w => h.Contains(w, StringComparison.OrdinalIgnoreCase))).Distinct())
        {
            yield return $"{output.Url}: the heading \"{heading}\"";
        }
    }

    /// <summary>A figure as the app may write it: plain (JSON, CSV, XLSX), with thousands separators (pages, PDF), with trailing zeros; never part of a longer number or word.</summary>
    private static Regex Figure(string figure)
    {
        var (whole, fraction) = figure.Split('.') is [var w, var f] ? (w, "\\." + f) : (figure, "");
        var grouped = string.Join(",", Enumerable.Range(0, (whole.Length + 2) / 3).Select(i => whole[Math.Max(0, whole.Length - (3 * (i + 1)))..(whole.Length - (3 * i))]).Reverse());
        var after = fraction.Length > 0 ? "(?!0*[1-9])" : "(?![0-9]|,[0-9])";
        return new Regex($@"(?<![0-9A-Za-z.,])({whole}|{Regex.Escape(grouped)}){fraction}{after}", RegexOptions.CultureInvariant);
    }

    private static string Around(string text, int index) => text[Math.Max(0, index - 80)..Math.Min(text.Length, index + 40)].ReplaceLineEndings(" ");

    private static string Head(string text) => text[..Math.Min(300, text.Length)];
}
