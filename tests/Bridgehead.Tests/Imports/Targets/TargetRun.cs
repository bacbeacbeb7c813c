using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Imports.Targets;

/// <summary>
/// Runs an import target the way the engine does, without the engine: a database context with the
/// importer as its viewer, the rows applied, the context saved. Rows are (field key, cell) pairs; a
/// key left out is an unmapped column.
/// </summary>
public static class TargetRun
{
    public static Viewer ViewerOf(TestUser user) => new(user.Id, user.Role, user.TeamId, user.UserName);

    public static ImportRow Row(int number, params (string Key, string? Value)[] cells)
    {
        // A key given twice: the later cell wins (a test's override of a default).
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in cells)
        {
            fields[key] = Text.Clean(value);
        }
        return new ImportRow(number, fields, [.. cells.Select(c => c.Value)]);
    }

    public static Task<IReadOnlyList<ImportProblem>> ApplyAsync(this TestApp app, IImportTarget target, TestUser importer, params ImportRow[] rows) =>
        app.ApplyAsync(target, ViewerOf(importer), rows);

    /// <summary>As <paramref name="viewer"/>: <see cref="Viewer.System"/> is the command line.</summary>
    public static async Task<IReadOnlyList<ImportProblem>> ApplyAsync(this TestApp app, IImportTarget target, Viewer viewer, params ImportRow[] rows)
    {
        await using var db = app.OpenDb(viewer);
        var problems = await target.ApplyAsync(db, rows, CancellationToken.None);
        await db.SaveChangesAsync();
        return problems;
    }

    public static string Ext(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>An account owned by <paramref name="owner"/>, with an external id; returns (id, external id, name).</summary>
    public static async Task<(long Id, string ExternalId, string Name)> AccountAsync(this TestApp app, TestUser owner, AccountStatus status = AccountStatus.Prospect)
    {
        var name = "Import Co " + Guid.NewGuid().ToString("N")[..10];
        var external = Ext("ACC");
        await using var db = app.OpenDb();
        var account = new Account { Name = name, SearchName = Text.SearchKey(name), OwnerId = owner.Id, Status = status, ExternalId = external };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return (account.Id, external, name);
    }

    /// <summary>A catalogue product in KRW at list price 1000; returns (id, SKU).</summary>
    public static async Task<(long Id, string Sku)> ProductAsync(this TestApp app, decimal? listPrice = 1000m, string currency = "KRW", string? externalId = null)
    {
        var sku = "IMP-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await using var db = app.OpenDb();
        var product = new global::Bridgehead.Products.Product
        {
            Sku = sku, SkuKey = Text.SearchKey(sku), Name = "Valve " + sku, SearchName = Text.SearchKey("Valve " + sku), Unit = "pcs", Currency = currency, ListPrice = listPrice, ExternalId = externalId,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return (product.Id, sku);
    }

    public static async Task SetEmailAsync(this TestApp app, TestUser user, string email)
    {
        await using var db = app.OpenDb();
        var entity = await db.Users.SingleAsync(u => u.Id == user.Id);
        entity.Email = email;
        await db.SaveChangesAsync();
    }

    public static void OneProblem(IReadOnlyList<ImportProblem> problems, int row, string? field)
    {
        var problem = Assert.Single(problems);
        Assert.Equal(row, problem.RowNumber);
        Assert.Equal(field, problem.Field);
    }
}
