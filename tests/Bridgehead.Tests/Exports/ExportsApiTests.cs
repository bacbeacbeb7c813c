using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tabular;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Exports;

public sealed class ExportsApiTests_Sqlite() : ExportsApiTests(Provider.Sqlite);

public sealed class ExportsApiTests_Postgres() : ExportsApiTests(Provider.Postgres);

/// <summary>
/// GET /api/v1/exports/{entity}: every kind of record as CSV and XLSX, in the import's columns,
/// through the caller's visibility and field rules, with the list filters, neutralising formulas.
/// </summary>
public abstract class ExportsApiTests(Provider provider) : AppTests(provider)
{
    /// <summary>An export read back: headers and each row as cells by header.</summary>
    private sealed record Export(IReadOnlyList<string> Headers, List<Dictionary<string, string?>> Rows, byte[] Bytes, string FileName)
    {
        public Dictionary<string, string?> Row(string column, string value) => Rows.Single(r => r[column] == value);

        public IEnumerable<string?> Column(string column) => Rows.Select(r => r[column]);
    }

    private static async Task<Export> ExportAsync(HttpClient client, string path, TabularFormat format = TabularFormat.Csv)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var response = await client.GetAsync(path + separator + "format=" + (format == TabularFormat.Csv ? "csv" : "xlsx"));
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(format == TabularFormat.Csv ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var reader = TabularReader.Open(new MemoryStream(bytes), format);
        var headers = reader.Headers;
        var rows = reader.Rows().Select(r => headers.Select((h, i) => (h, r.Cells[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
        return new Export(headers, rows, bytes, (disposition.FileNameStar ?? disposition.FileName!).Trim('"'));
    }

    private static IEnumerable<TabularFormat> Formats => [TabularFormat.Csv, TabularFormat.Xlsx];

    private static string Keys(IReadOnlyList<ImportField> fields, params string[] without) =>
        string.Join(",", fields.Select(f => f.Key).Where(k => !without.Contains(k)));

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The ids of an export's rows, in number order (to compare with records inserted together, whose ids may come in any order).</summary>
    private static List<long> IdsOf(Export export) => [.. export.Column("id").Select(s => long.Parse(s!, CultureInfo.InvariantCulture)).Order()];

    private static List<long> Ids(params long[] ids) => [.. ids.Order()];

    private static string TodayInZone => DateOnly.FromDateTime(Bridgehead.Shared.Display.Local(DateTime.UtcNow)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // ---- accounts ----

    [Fact]
    public async Task Accounts_ExportInTheImportColumns_AndReadBackToTheRecords_InBothFormats()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = App.Client(seed.Rep);
        await using var db = App.OpenDb();
        var records = await db.Accounts.AsNoTracking().Include(a => a.Owner).Include(a => a.Parent)
            .Where(a => a.Id == seed.ParentId || a.Id == seed.AccountId).ToListAsync();

        foreach (var format in Formats)
        {
            var export = await ExportAsync(rep, "/api/v1/exports/accounts?q=" + seed.Tag, format);

            Assert.Equal(Keys(ImportFields.Accounts), string.Join(",", export.Headers));
            Assert.Equal("accounts-" + TodayInZone + (format == TabularFormat.Csv ? ".csv" : ".xlsx"), export.FileName);
            // The other team's account is not there.
            Assert.Equal(Ids(seed.ParentId, seed.AccountId), IdsOf(export));
            foreach (var a in records)
            {
                var row = export.Row("id", Inv(a.Id));
                Assert.Equal(a.ExternalId, row["externalId"]);
                Assert.Equal(a.Name, row["name"]);
                Assert.Equal("customer", row["type"]);
                Assert.Equal(a.Status == AccountStatus.Prospect ? "prospect" : "customer", row["status"]);
                Assert.Equal(a.Industry, row["industry"]);
                Assert.Equal(a.Country, row["country"]);
                Assert.Equal(a.City, row["city"]);
                Assert.Equal(a.Website, row["website"]);
                Assert.Equal(a.Employees?.ToString(CultureInfo.InvariantCulture), row["employees"]);
                Assert.Equal(ExportSeed.EmailOf(seed.Rep), row["owner"]);
                Assert.Equal(a.Owner!.Email, row["owner"]);
                Assert.Equal(a.Parent?.ExternalId, row["parentExternalId"]);
                Assert.Equal(a.Notes, row["notes"]);
            }
            Assert.Equal(seed.FormulaName, export.Row("id", Inv(seed.AccountId))["name"]);
        }
    }

    [Fact]
    public async Task Accounts_FormulaLikeText_IsNeutralisedInTheFile()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = App.Client(seed.Rep);

        var csv = await ExportAsync(rep, "/api/v1/exports/accounts?q=" + seed.Tag);
        var xlsx = await ExportAsync(rep, "/api/v1/exports/accounts?q=" + seed.Tag, TabularFormat.Xlsx);

        var text = Encoding.UTF8.GetString(csv.Bytes);
        Assert.Contains(",\"'" + seed.FormulaName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"'-first note, with a comma\"\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("," + seed.FormulaName, text, StringComparison.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(xlsx.Bytes), ZipArchiveMode.Read);
        var entry = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal));
        using var sheet = new StreamReader(entry.Open());
        var xml = await sheet.ReadToEndAsync();
        Assert.DoesNotMatch(@"<(\w+:)?f[\s>/]", xml);
        Assert.Matches(@"(&apos;|')=HYPERLINK\(", xml);
    }

    [Fact]
    public async Task Accounts_Visibility_RepOwn_ManagerTeam_ViewerAndQualityAll()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var manager = App.Client(seed.Manager);
        using var otherRep = App.Client(seed.OtherRep);
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));

        var path = "/api/v1/exports/accounts?q=" + seed.Tag;
        Assert.Equal(Ids(seed.ParentId, seed.AccountId), IdsOf(await ExportAsync(manager, path)));
        Assert.Equal([Inv(seed.OtherAccountId)], (await ExportAsync(otherRep, path)).Column("id"));
        foreach (var all in new[] { viewer, quality, product })
        {
            Assert.Equal(Ids(seed.ParentId, seed.AccountId, seed.OtherAccountId), IdsOf(await ExportAsync(all, path)));
        }
    }

    [Fact]
    public async Task Accounts_AParentTheCallerMayNotSee_LeavesTheParentCellBlank()
    {
        var seed = await ExportSeed.CreateAsync(App);
        await using (var db = App.OpenDb())
        {
            await db.Accounts.Where(a => a.Id == seed.OtherAccountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.ParentId, seed.ParentId));
        }
        using var otherRep = App.Client(seed.OtherRep);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        var theirs = await ExportAsync(otherRep, "/api/v1/exports/accounts?q=" + seed.Tag);
        var all = await ExportAsync(admin, "/api/v1/exports/accounts?q=" + seed.Tag, TabularFormat.Xlsx);

        Assert.Null(Assert.Single(theirs.Rows)["parentExternalId"]);
        Assert.Equal(seed.Tag + "-A0", all.Row("id", Inv(seed.OtherAccountId))["parentExternalId"]);
    }

    [Fact]
    public async Task Accounts_ListFilters_Apply()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = App.Client(seed.Rep);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        var prospects = await ExportAsync(rep, "/api/v1/exports/accounts?status=prospect&q=" + seed.Tag);
        var customers = await ExportAsync(rep, "/api/v1/exports/accounts?status=Customer&q=" + seed.Tag, TabularFormat.Xlsx);
        var byOwner = await ExportAsync(admin, "/api/v1/exports/accounts?ownerId=" + Inv(seed.OtherRep.Id));
        var byParent = await ExportAsync(admin, "/api/v1/exports/accounts?parentId=" + Inv(seed.ParentId));
        var badStatus = await rep.GetAsync("/api/v1/exports/accounts?status=sleeping");

        Assert.Equal([Inv(seed.ParentId)], prospects.Column("id"));
        Assert.Equal([Inv(seed.AccountId)], customers.Column("id"));
        Assert.Equal([Inv(seed.OtherAccountId)], byOwner.Column("id"));
        Assert.Equal([Inv(seed.AccountId)], byParent.Column("id"));
        await badStatus.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True((await badStatus.ErrorsAsync()).ContainsKey("status"));
    }

    [Fact]
    public async Task Accounts_ThousandsOfRows_StreamAcrossPages_EachOnce()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        const int count = 4500;
        await using (var db = App.OpenDb())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < count; i++)
            {
                var name = "Bulk " + i.ToString("D5", CultureInfo.InvariantCulture);
                db.Accounts.Add(new Account { Name = name, SearchName = Text.SearchKey(name), OwnerId = rep.Id, Notes = i % 7 == 0 ? "=" + i : null });
            }
            await db.SaveChangesAsync();
        }
        using var client = App.Client(rep);

        foreach (var format in Formats)
        {
            var export = await ExportAsync(client, "/api/v1/exports/accounts", format);

            Assert.Equal(count, export.Rows.Count);
            Assert.Equal(count, export.Column("id").Distinct().Count());
            Assert.Equal(count, export.Column("name").Distinct().Count());
            Assert.Equal("=0", export.Row("name", "Bulk 00000")["notes"]);
        }
    }

    // ---- contacts ----

    [Fact]
    public async Task Contacts_ExportWithTheirAccount_ThroughVisibility()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = App.Client(seed.Rep);
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));

        foreach (var format in Formats)
        {
            var mine = await ExportAsync(rep, "/api/v1/exports/contacts?q=" + seed.Tag, format);
            var all = await ExportAsync(quality, "/api/v1/exports/contacts?q=" + seed.Tag, format);

            Assert.Equal(Keys(ImportFields.Contacts), string.Join(",", mine.Headers));
            var row = Assert.Single(mine.Rows);
            Assert.Equal(Inv(seed.ContactId), row["id"]);
            Assert.Equal(seed.Tag + "-C1", row["externalId"]);
            Assert.Equal(Inv(seed.AccountId), row["accountId"]);
            Assert.Equal(seed.Tag + "-A1", row["accountExternalId"]);
            Assert.Equal("+Kim " + seed.Tag, row["name"]);
            Assert.Equal("구매 팀장", row["title"]);
            Assert.Equal("purchasing", row["department"]);
            Assert.Equal("decisionMaker", row["buyingRole"]);
            Assert.Equal("4", row["influence"]);
            Assert.Equal("supporter", row["stance"]);
            Assert.Equal("buyer@" + seed.Tag + ".example", row["email"]);
            Assert.Equal("+82 51 123 4567", row["phone"]);
            Assert.Equal("@late deliveries", row["pains"]);
            Assert.Equal(Ids(seed.ContactId, seed.OtherContactId), IdsOf(all));
        }
        var filtered = await ExportAsync(quality, "/api/v1/exports/contacts?accountId=" + Inv(seed.OtherAccountId));
        Assert.Equal([Inv(seed.OtherContactId)], filtered.Column("id"));
        Assert.Empty((await ExportAsync(quality, "/api/v1/exports/contacts?stance=opponent&q=" + seed.Tag)).Rows);
        Assert.Contains(",'+Kim " + seed.Tag + ",", Encoding.UTF8.GetString((await ExportAsync(rep, "/api/v1/exports/contacts?q=" + seed.Tag)).Bytes), StringComparison.Ordinal);
    }

    // ---- opportunities ----

    [Fact]
    public async Task Opportunities_ForSalesReaders_RefusedToQualityAndProduct()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = App.Client(seed.Rep);
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        await using var db = App.OpenDb();
        var pipeline = await db.Pipelines.AsNoTracking().FirstAsync(p => p.IsDefault);

        foreach (var format in Formats)
        {
            var mine = await ExportAsync(rep, "/api/v1/exports/opportunities?q=" + seed.Tag, format);

            Assert.Equal(Keys(ImportFields.Opportunities), string.Join(",", mine.Headers));
            var row = Assert.Single(mine.Rows);
            Assert.Equal(Inv(seed.OpportunityId), row["id"]);
            Assert.Equal(seed.Tag + "-O1", row["externalId"]);
            Assert.Equal(Inv(seed.AccountId), row["accountId"]);
            Assert.Equal(seed.Tag + "-A1", row["accountExternalId"]);
            Assert.Equal("Deal " + seed.Tag, row["title"]);
            Assert.Equal(pipeline.NameEn, row["pipeline"]);
            Assert.Equal("prospecting", row["stage"]);
            Assert.Equal("open", row["status"]);
            Assert.Equal("flanges", row["productCategory"]);
            Assert.Equal(125000.5m, decimal.Parse(row["estimatedAnnualValue"]!, CultureInfo.InvariantCulture));
            Assert.Equal("KRW", row["currency"]);
            Assert.Equal("2027-01-15", row["expectedCloseDate"]);
            Assert.Equal("30", row["probability"]);
            Assert.Equal("bestCase", row["forecastCategory"]);
            Assert.Null(row["closeReason"]);
            Assert.Equal(ExportSeed.EmailOf(seed.Rep), row["owner"]);
            Assert.Equal("=1+1", row["notes"]);
        }
        Assert.Equal(Ids(seed.OpportunityId, seed.OtherOpportunityId), IdsOf(await ExportAsync(viewer, "/api/v1/exports/opportunities?q=" + seed.Tag)));
        await (await quality.GetAsync("/api/v1/exports/opportunities?format=csv")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await product.GetAsync("/api/v1/exports/opportunities?format=xlsx")).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Opportunities_ListFilters_Apply_AndABadStageIsNamed()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        var byAccount = await ExportAsync(admin, "/api/v1/exports/opportunities?accountId=" + Inv(seed.OtherAccountId));
        var byOwner = await ExportAsync(admin, "/api/v1/exports/opportunities?ownerId=" + Inv(seed.Rep.Id));
        var byStage = await ExportAsync(admin, "/api/v1/exports/opportunities?stage=quote&q=" + seed.Tag);
        var won = await ExportAsync(admin, "/api/v1/exports/opportunities?status=won&q=" + seed.Tag);
        var badStage = await admin.GetAsync("/api/v1/exports/opportunities?stage=dreaming");

        Assert.Equal([Inv(seed.OtherOpportunityId)], byAccount.Column("id"));
        Assert.Equal([Inv(seed.OpportunityId)], byOwner.Column("id"));
        Assert.Empty(byStage.Rows);
        Assert.Empty(won.Rows);
        await badStage.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True((await badStage.ErrorsAsync()).ContainsKey("stage"));
    }

    // ---- products ----

    [Fact]
    public async Task Products_UnitCostOnlyForManagersAndAdmins_PricesNotForQualityAndProduct()
    {
        var seed = await ExportSeed.CreateAsync(App);
        var path = "/api/v1/exports/products?q=" + seed.Sku;
        var cases = new (TestUser User, bool Cost, bool Price)[]
        {
            (seed.Rep, false, true),
            (await App.CreateUserAsync(Role.Viewer), false, true),
            (await App.CreateUserAsync(Role.Quality), false, false),
            (await App.CreateUserAsync(Role.Product), false, false),
            (seed.Manager, true, true),
            (await App.CreateUserAsync(Role.Admin), true, true),
        };

        foreach (var (user, cost, price) in cases)
        {
            using var client = App.Client(user);
            foreach (var format in Formats)
            {
                var export = await ExportAsync(client, path, format);

                var without = new List<string>();
                if (!cost)
                {
                    without.Add("unitCost");
                }
                if (!price)
                {
                    without.Add("listPrice");
                }
                Assert.Equal(Keys(ImportFields.Products, [.. without]), string.Join(",", export.Headers));
                var row = Assert.Single(export.Rows);
                Assert.Equal(Inv(seed.ProductId), row["id"]);
                Assert.Equal(seed.Tag + "-P1", row["externalId"]);
                Assert.Equal(seed.Sku, row["sku"]);
                Assert.Equal("Flange " + seed.Tag, row["name"]);
                Assert.Equal("flanges", row["category"]);
                Assert.Equal("pcs", row["unit"]);
                Assert.Equal("KRW", row["currency"]);
                Assert.Equal("10", row["productionLeadTimeDays"]);
                Assert.Equal(5000m, decimal.Parse(row["weeklyCapacity"]!, CultureInfo.InvariantCulture));
                Assert.Equal(100m, decimal.Parse(row["minimumBatch"]!, CultureInfo.InvariantCulture));
                Assert.Equal("true", row["isActive"]);
                Assert.Equal("+spec", row["notes"]);
                if (cost)
                {
                    Assert.Equal(600.25m, decimal.Parse(row["unitCost"]!, CultureInfo.InvariantCulture));
                }
                if (price)
                {
                    Assert.Equal(1000m, decimal.Parse(row["listPrice"]!, CultureInfo.InvariantCulture));
                }
                if (!cost)
                {
                    Assert.DoesNotContain("600.25", Encoding.UTF8.GetString(export.Bytes), StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task Products_ActiveFilter_Applies()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = App.Client(seed.Rep);

        Assert.Single((await ExportAsync(rep, "/api/v1/exports/products?active=true&q=" + seed.Sku)).Rows);
        Assert.Empty((await ExportAsync(rep, "/api/v1/exports/products?active=false&q=" + seed.Sku)).Rows);
        Assert.Single((await ExportAsync(rep, "/api/v1/exports/products?category=flanges&q=" + seed.Sku)).Rows);
    }

    // ---- orders ----

    [Fact]
    public async Task Orders_OneRowPerLine_ThroughVisibility_PricesNotForQuality_RefusedToProduct()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = App.Client(seed.Rep);
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var path = "/api/v1/exports/orders?productId=" + Inv(seed.ProductId);

        foreach (var format in Formats)
        {
            var mine = await ExportAsync(rep, path, format);
            var all = await ExportAsync(quality, path, format);

            Assert.Equal(Keys(ImportFields.Orders), string.Join(",", mine.Headers));
            Assert.Equal(Keys(ImportFields.Orders, "unitPrice"), string.Join(",", all.Headers));
            Assert.Equal(2, mine.Rows.Count);
            Assert.All(mine.Rows, r => Assert.Equal(Inv(seed.OrderId), r["id"]));
            var first = mine.Row("lineExternalId", "L1");
            Assert.Equal(seed.Tag + "-R1", first["externalId"]);
            Assert.Equal(Inv(seed.AccountId), first["accountId"]);
            Assert.Equal(seed.Tag + "-A1", first["accountExternalId"]);
            Assert.Equal("spot", first["kind"]);
            Assert.Equal("confirmed", first["status"]);
            Assert.Equal("PO-" + seed.Tag, first["customerReference"]);
            Assert.Equal("KRW", first["currency"]);
            Assert.Equal("2026-03-02", first["orderedOn"]);
            Assert.Equal(seed.Sku, first["productSku"]);
            Assert.Equal(250m, decimal.Parse(first["quantity"]!, CultureInfo.InvariantCulture));
            Assert.Equal(990.5m, decimal.Parse(first["unitPrice"]!, CultureInfo.InvariantCulture));
            Assert.Equal("2026-04-01", first["requestedDate"]);
            Assert.Equal("2026-04-06", first["promisedDate"]);
            Assert.Equal(250m, decimal.Parse(first["deliveredQuantity"]!, CultureInfo.InvariantCulture));
            Assert.Equal("2026-04-05", first["deliveredOn"]);
            Assert.Equal("-urgent", first["notes"]);
            var second = mine.Row("lineExternalId", "L2");
            Assert.Equal(40m, decimal.Parse(second["deliveredQuantity"]!, CultureInfo.InvariantCulture));
            Assert.Null(second["deliveredOn"]);
            // Lines in their order on the page.
            Assert.Equal(["L1", "L2"], mine.Column("lineExternalId"));

            Assert.Equal(3, all.Rows.Count);
            Assert.Equal(Ids(seed.OrderId, seed.OrderId, seed.OtherOrderId), IdsOf(all));
            Assert.DoesNotContain("990.5", Encoding.UTF8.GetString(all.Bytes), StringComparison.Ordinal);
        }
        await (await product.GetAsync(path + "&format=csv")).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Orders_ManagerSeesTheTeam_FiltersApply()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var manager = App.Client(seed.Manager);
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        var path = "/api/v1/exports/orders?productId=" + Inv(seed.ProductId);

        Assert.Equal([Inv(seed.OrderId), Inv(seed.OrderId)], (await ExportAsync(manager, path)).Column("id"));
        Assert.Equal([Inv(seed.OtherOrderId)], (await ExportAsync(viewer, path + "&accountId=" + Inv(seed.OtherAccountId))).Column("id"));
        Assert.Empty((await ExportAsync(viewer, path + "&status=draft")).Rows);
        Assert.Equal(3, (await ExportAsync(viewer, path + "&kind=spot", TabularFormat.Xlsx)).Rows.Count);
        // The seeded lines were promised in April 2026 and not all delivered: late.
        Assert.Equal(3, (await ExportAsync(viewer, path + "&late=true")).Rows.Count);
        Assert.Empty((await ExportAsync(viewer, path + "&late=false")).Rows);
        // Late lines are past their promise, so not "at risk" (judged line by line, as the list does).
        Assert.Empty((await ExportAsync(viewer, path + "&atRisk=true")).Rows);
        Assert.Equal(3, (await ExportAsync(viewer, path + "&atRisk=false")).Rows.Count);
    }

    // ---- the request ----

    [Fact]
    public async Task UnknownFormatOrEntity_IsNamed_AnonymousIsRefused()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        var format = await rep.GetAsync("/api/v1/exports/accounts?format=pdf");
        var entity = await rep.GetAsync("/api/v1/exports/tasks?format=csv");
        var noFormat = await rep.GetAsync("/api/v1/exports/accounts");

        await format.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True((await format.ErrorsAsync()).ContainsKey("format"));
        await entity.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True((await entity.ErrorsAsync()).ContainsKey("entity"));
        await noFormat.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", noFormat.Content.Headers.ContentType!.MediaType);
        await (await App.Client().GetAsync("/api/v1/exports/accounts?format=csv")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EmptyExport_WritesTheHeaderRow()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        foreach (var format in Formats)
        {
            var export = await ExportAsync(rep, "/api/v1/exports/contacts", format);

            Assert.Equal(Keys(ImportFields.Contacts), string.Join(",", export.Headers));
            Assert.Empty(export.Rows);
        }
    }

    // ---- pages ----

    [Fact]
    public async Task ListPages_OfferExportLinks_WithTheirFilters()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = await App.SignInAsync(seed.Rep);
        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));

        var accounts = await rep.GetAsync("/accounts?status=Customer&q=" + seed.Tag + "&sort=fit");
        var contacts = await rep.GetAsync("/contacts?stance=Supporter");
        var opportunities = await rep.GetAsync("/opportunities?stage=prospecting");
        var products = await rep.GetAsync("/products?category=flanges");
        var retired = await rep.GetAsync("/products?retired=true");
        var orders = await rep.GetAsync("/orders?late=true&status=Confirmed");
        var qualityOrders = await quality.GetAsync("/orders");

        Assert.Contains("href=\"/api/v1/exports/accounts?status=Customer&amp;q=" + seed.Tag + "&amp;format=csv\"", accounts.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/exports/accounts?status=Customer&amp;q=" + seed.Tag + "&amp;format=xlsx\"", accounts.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/exports/contacts?stance=Supporter&amp;format=csv\"", contacts.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/exports/opportunities?stage=prospecting&amp;format=xlsx\"", opportunities.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/exports/products?category=flanges&amp;active=true&amp;format=csv\"", products.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/exports/products?format=csv\"", retired.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/exports/orders?late=true&amp;status=Confirmed&amp;format=csv\"", orders.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/exports/orders?format=xlsx\"", qualityOrders.Html, StringComparison.Ordinal);

        // The link works with the page's sign-in cookie, with the page's filters.
        var download = await rep.Http.GetAsync("/api/v1/exports/accounts?status=Customer&q=" + seed.Tag + "&format=csv");
        await download.ExpectAsync(HttpStatusCode.OK);
        using var reader = TabularReader.Open(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), TabularFormat.Csv);
        Assert.Equal([Inv(seed.AccountId)], reader.Rows().Select(r => r.Cells[0]));
    }

    [Fact]
    public async Task AccountsPage_FilteredInPlace_KeepsTheLinksInStep()
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = await App.SignInAsync(seed.Rep);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/accounts?status=Prospect");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Target", "results");

        var response = await rep.Http.SendAsync(request);

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("href=\"/api/v1/exports/accounts?status=Prospect&amp;format=csv\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
