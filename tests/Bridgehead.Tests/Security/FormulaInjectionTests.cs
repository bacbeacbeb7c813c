using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tabular;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Security;

public sealed class FormulaInjectionTests_Sqlite() : FormulaInjectionTests(Provider.Sqlite);

public sealed class FormulaInjectionTests_Postgres() : FormulaInjectionTests(Provider.Postgres);

/// <summary>
/// Text a spreadsheet would run as a formula (= + - @ first, also after spaces, or a tab or
/// carriage return first) comes out of every CSV and XLSX file the app writes (the five exports,
/// every report, an import's error report) behind an apostrophe, and numbers, negative ones too,
/// stay numbers. Both providers: the values make a round trip through the database before the
/// shared writer sees them.
/// </summary>
public abstract partial class FormulaInjectionTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Formulas_in_free_text_come_out_of_every_file_as_text_and_numbers_as_numbers()
    {
        var tag = "fx" + Guid.NewGuid().ToString("N")[..8];
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var admin = await App.CreateUserAsync(Role.Admin);
        using var api = App.Client(rep);
        using var adminApi = App.Client(admin);

        // Through the API, as people type them.
        var account = await api.CreateAsync("/api/v1/accounts", new { name = "=HYPERLINK(\"http://x.example\",\"open\") " + tag, city = "+82-2-555", notes = "@SUM(A1:A9)" });
        var accountId = account.Id();
        var contact = await api.CreateAsync("/api/v1/contacts", new { accountId, name = "-2+3 " + tag, title = "Buyer", pains = "=cmd|' /C calc'!A0" });
        var opportunity = await api.CreateAsync("/api/v1/opportunities", new { accountId, title = "@risk " + tag });
        var product = await adminApi.CreateAsync("/api/v1/products", new
        {
            sku = "FX-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), name = "+plus valve " + tag, unit = "pcs", currency = "KRW", notes = "－１ full-width",
            listPrice = new { amount = 1000m, currency = "KRW" },
        });
        var order = await api.CreateAsync("/api/v1/orders", new
        {
            accountId, kind = "spot", customerReference = "=PO " + tag, notes = "-42",
            lines = new[] { Orders.OrderSetup.Line(product.Id(), 5, Orders.OrderSetup.Today.AddDays(60), 900m) },
        });

        long importId;
        // Straight to the database: what an API would clean up on the way in (a leading tab or
        // carriage return) and a negative amount no form accepts; the files must still be safe.
        await using (var db = App.OpenDb())
        {
            await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Website, "\thttps://x.example"));
            await db.Contacts.Where(c => c.Id == contact.Id()).ExecuteUpdateAsync(u => u.SetProperty(c => c.Phone, "\r=1").SetProperty(c => c.Title, "  =1+1"));
            await db.Opportunities.Where(o => o.Id == opportunity.Id()).ExecuteUpdateAsync(u => u.SetProperty(o => o.EstimatedAnnualValue, -5000.5m).SetProperty(o => o.Currency, "KRW"));
            var job = new ImportJob
            {
                Entity = ImportEntity.Accounts, FileName = tag + ".csv", StoredFile = tag + ".csv", Mapping = "{}", Status = ImportStatus.Completed,
                TotalRows = 1, ProcessedRows = 1, ErrorRows = 1, CreatedById = rep.Id, StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow,
            };
            db.ImportJobs.Add(job);
            await db.SaveChangesAsync();
            db.ImportRowErrors.AddRange(
                new ImportRowError { JobId = job.Id, RowNumber = 0, Values = "[\"=name\",\"city\"]", Message = "" },
                new ImportRowError { JobId = job.Id, RowNumber = 2, Field = "name", Message = "=not a formula", Values = "[\"@import " + tag + "\",\"-7\"]" });
            await db.SaveChangesAsync();
            importId = job.Id;
        }

        var files = new List<string>
        {
            $"/api/v1/exports/accounts?q={tag}",
            $"/api/v1/exports/contacts?accountId={accountId}",
            $"/api/v1/exports/opportunities?accountId={accountId}",
            $"/api/v1/exports/products?q={tag}",
            $"/api/v1/exports/orders?accountId={accountId}",
            $"/api/v1/imports/{importId}/errors",
        };
        var reports = (await api.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        files.AddRange(reports.Select(r => $"/api/v1/reports/{r}"));

        var csv = new Dictionary<string, List<List<string>>>();
        var xlsx = new Dictionary<string, List<List<object?>>>();
        foreach (var file in files)
        {
            var glue = file.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            using var asCsv = await api.GetAsync(file + glue + "format=csv");
            await asCsv.ExpectAsync(HttpStatusCode.OK);
            csv[file] = OutputScan.CsvRecords(await asCsv.Content.ReadAsStringAsync());
            using var asXlsx = await api.GetAsync(file + glue + "format=xlsx");
            await asXlsx.ExpectAsync(HttpStatusCode.OK);
            xlsx[file] = OutputScan.XlsxRows(await asXlsx.Content.ReadAsByteArrayAsync());
        }

        // No cell of any file runs: every text cell a spreadsheet would take for a formula is neutralised.
        var unsafeCells = csv.SelectMany(f => f.Value.SelectMany(r => r).Where(c => CellSafety.IsDangerous(c) && !Number().IsMatch(c)).Select(c => $"{f.Key} (csv): {c}"))
            .Concat(xlsx.SelectMany(f => f.Value.SelectMany(r => r).OfType<string>().Where(CellSafety.IsDangerous).Select(c => $"{f.Key} (xlsx): {c}")))
            .ToList();
        Assert.True(unsafeCells.Count == 0, "Cells a spreadsheet would run:\n" + string.Join("\n", unsafeCells));

        // Each value is there, behind one apostrophe (in XLSX a line break is a line feed).
        var expected = new Dictionary<string, string[]>
        {
            [files[0]] = ["=HYPERLINK(\"http://x.example\",\"open\") " + tag, "+82-2-555", "@SUM(A1:A9)", "\thttps://x.example"],
            [files[1]] = ["-2+3 " + tag, "  =1+1", "=cmd|' /C calc'!A0", "\r=1"],
            [files[2]] = ["@risk " + tag],
            [files[3]] = ["+plus valve " + tag, "－１ full-width"],
            [files[4]] = ["=PO " + tag, "-42"],
            [files[5]] = ["=name", "@import " + tag],
        };
        foreach (var (file, values) in expected)
        {
            var csvCells = csv[file].SelectMany(r => r).ToHashSet(StringComparer.Ordinal);
            var xlsxCells = xlsx[file].SelectMany(r => r).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var value in values)
            {
                Assert.True(csvCells.Contains("'" + value), $"{file} (csv) lacks '{value}: {string.Join(" | ", csvCells)}");
                Assert.True(xlsxCells.Contains("'" + value.Replace("\r", "\n", StringComparison.Ordinal)), $"{file} (xlsx) lacks '{value}: {string.Join(" | ", xlsxCells)}");
            }
        }

        // A negative amount is a number: bare in CSV, a number cell in XLSX.
        var header = csv[files[2]][0];
        var valueColumn = header.IndexOf("estimatedAnnualValue");
        var row = csv[files[2]].Single(r => r.Contains("'@risk " + tag));
        Assert.Equal(-5000.5m, decimal.Parse(row[valueColumn], NumberStyles.Number, CultureInfo.InvariantCulture));
        var sheetRow = xlsx[files[2]].Single(r => r.Contains("'@risk " + tag));
        Assert.Equal(-5000.5m, Convert.ToDecimal(sheetRow[valueColumn], CultureInfo.InvariantCulture));
        Assert.IsNotType<string>(sheetRow[valueColumn]);
        // The row number of the error report too.
        var errorRow = xlsx[files[5]].Single(r => r.Contains("'@import " + tag));
        Assert.IsNotType<string>(errorRow[2]);
    }

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex Number();
}
