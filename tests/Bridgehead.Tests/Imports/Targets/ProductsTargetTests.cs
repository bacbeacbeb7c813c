using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Imports.Targets;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Imports.Targets.TargetRun;

namespace Bridgehead.Tests.Imports.Targets;

public sealed class ProductsTargetTests_Sqlite() : ProductsTargetTests(Provider.Sqlite);

public sealed class ProductsTargetTests_Postgres() : ProductsTargetTests(Provider.Postgres);

/// <summary>The catalogue import: who may, create and update by id, external id or SKU, idempotence, every problem named on its field.</summary>
public abstract class ProductsTargetTests(Provider provider) : AppTests(provider)
{
    private readonly ProductsTarget _target = new();

    private static ImportRow Product(int n, string external, string sku, string name = "Ball valve", string? cost = "600", string? price = "1000.5") =>
        Row(n, ("externalId", external), ("sku", sku), ("name", name), ("unit", "pcs"), ("currency", "krw"), ("listPrice", price), ("unitCost", cost),
            ("productionLeadTimeDays", "10"), ("weeklyCapacity", "500"), ("minimumBatch", "50"), ("isActive", "yes"), ("category", "Valves"));

    [Fact]
    public async Task OnlyCatalogueKeepers_MayImport()
    {
        Assert.True(_target.MayImport(new Viewer(1, Role.Admin, null, "a")));
        Assert.True(_target.MayImport(new Viewer(1, Role.Manager, 1, "m")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Rep, 1, "r")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Quality, null, "q")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Product, null, "p")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Viewer, null, "v")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Rows_CreateProducts_AndTheSameRowsAgainChangeNothing()
    {
        var manager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        var (a, b) = (Ext("P"), Ext("P"));
        var (skuA, skuB) = ("S-" + a, "S-" + b);

        var first = await App.ApplyAsync(_target, manager, Product(2, a, skuA), Product(3, b, skuB, cost: null, price: null));
        var again = await App.ApplyAsync(_target, manager, Product(2, a, skuA), Product(3, b, skuB, cost: null, price: null));

        Assert.Empty(first);
        Assert.Empty(again);
        await using var db = App.OpenDb();
        var products = await db.Products.Where(p => p.ExternalId == a || p.ExternalId == b).OrderBy(p => p.Id).ToListAsync();
        Assert.Equal(2, products.Count);
        var one = products[0];
        Assert.Equal((skuA, "Ball valve", "pcs", "KRW", "Valves"), (one.Sku, one.Name, one.Unit, one.Currency.Trim(), one.Category));
        Assert.Equal((600m, 1000.5m, 10, 500m, 50m, true), (one.UnitCost, one.ListPrice, one.ProductionLeadTimeDays, one.WeeklyCapacity, one.MinimumBatch, one.IsActive));
        Assert.Equal(1, one.Version);
        Assert.Null(products[1].UnitCost);
        Assert.Null(products[1].ListPrice);
    }

    [Fact]
    public async Task Rows_UpdateById_ByExternalId_AndBySku_UnmappedColumnsKeepTheirValues()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var (existingId, existingSku) = await App.ProductAsync(listPrice: 700m);
        var external = Ext("P");
        await App.ApplyAsync(_target, admin, Product(2, external, "S-" + external));
        long importedId;
        await using (var db = App.OpenDb())
        {
            importedId = (await db.Products.SingleAsync(p => p.ExternalId == external)).Id;
        }
        var adopted = Ext("P");

        var problems = await App.ApplyAsync(_target, admin,
            Row(2, ("id", importedId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("name", "Renamed by id")),
            Row(3, ("externalId", external), ("listPrice", "1200")),
            Row(4, ("externalId", adopted), ("sku", existingSku.ToLowerInvariant()), ("name", "Adopted"), ("unit", "set"), ("currency", "KRW")));

        Assert.Empty(problems);
        await using var check = App.OpenDb();
        var imported = await check.Products.SingleAsync(p => p.Id == importedId);
        Assert.Equal(("Renamed by id", 1200m, 600m, "S-" + external), (imported.Name, imported.ListPrice, imported.UnitCost, imported.Sku));
        var existing = await check.Products.SingleAsync(p => p.Id == existingId);
        Assert.Equal((adopted, "Adopted", "set"), (existing.ExternalId, existing.Name, existing.Unit));
        Assert.Equal(700m, existing.ListPrice);
    }

    [Fact]
    public async Task BadRows_AreProblemsOnTheirFields_AndSaveNothing()
    {
        var manager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        var (_, takenSku) = await App.ProductAsync(externalId: Ext("X"));
        var tag = Ext("P");

        var problems = await App.ApplyAsync(_target, manager,
            Row(2, ("externalId", tag + "a"), ("sku", null), ("name", "No SKU"), ("unit", "pcs"), ("currency", "KRW")),
            Row(3, ("externalId", tag + "b"), ("sku", "S-" + tag + "b"), ("name", "Bad price"), ("unit", "pcs"), ("currency", "KRW"), ("listPrice", "-5")),
            Row(4, ("externalId", tag + "c"), ("sku", "S-" + tag + "c"), ("name", "Text price"), ("unit", "pcs"), ("currency", "KRW"), ("listPrice", "1,000")),
            Row(5, ("externalId", tag + "d"), ("sku", "S-" + tag + "d"), ("name", "Bad currency"), ("unit", "pcs"), ("currency", "WON1")),
            Row(6, ("externalId", tag + "e"), ("sku", "S-" + tag + "e"), ("name", "Batch"), ("unit", "pcs"), ("currency", "KRW"), ("weeklyCapacity", "10"), ("minimumBatch", "20")),
            Row(7, ("externalId", tag + "f"), ("sku", takenSku), ("name", "Taken"), ("unit", "pcs"), ("currency", "KRW")),
            Row(8, ("externalId", tag + "g"), ("sku", "S-" + tag + "g"), ("name", "Flag"), ("unit", "pcs"), ("currency", "KRW"), ("isActive", "maybe")),
            Row(9, ("externalId", tag + "h"), ("sku", "S-" + tag + "h"), ("name", "Lead"), ("unit", "pcs"), ("currency", "KRW"), ("productionLeadTimeDays", "400")),
            Row(10, ("externalId", tag + "i"), ("sku", "S-" + tag + "i"), ("name", null), ("unit", null), ("currency", "KRW")),
            Row(11, ("id", "999999999"), ("name", "Nobody")),
            Row(12, ("externalId", tag + "k"), ("sku", "S-" + tag + "dup"), ("name", "First"), ("unit", "pcs"), ("currency", "KRW")),
            Row(13, ("externalId", tag + "l"), ("sku", "s-" + tag + "DUP"), ("name", "Second"), ("unit", "pcs"), ("currency", "KRW")));

        Assert.Equal(
            [(2, "sku"), (3, "listPrice"), (4, "listPrice"), (5, "currency"), (6, "minimumBatch"), (7, "sku"), (8, "isActive"), (9, "productionLeadTimeDays"),
             (10, "name"), (10, "unit"), (11, "id"), (13, "sku")],
            problems.Select(p => (p.RowNumber, p.Field)).ToList());
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        await using var db = App.OpenDb();
        var saved = await db.Products.Where(p => p.ExternalId!.StartsWith(tag)).Select(p => p.ExternalId).ToListAsync();
        Assert.Equal([tag + "k"], saved);
    }

    [Fact]
    public async Task UnitCost_FromSomeoneWhoMayNotSeeCosts_IsAProblem_AndAnUnmappedCostIsKept()
    {
        var product = await App.CreateUserAsync(Role.Product);
        var external = Ext("P");

        var problems = await App.ApplyAsync(_target, product, Product(2, external, "S-" + external));

        OneProblem(problems, 2, "unitCost");
        await using var db = App.OpenDb();
        Assert.False(await db.Products.AnyAsync(p => p.ExternalId == external));
    }
}
