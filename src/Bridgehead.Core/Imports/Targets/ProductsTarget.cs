using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Products;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports.Targets;

/// <summary>
/// Imports the catalogue, with the rules of <see cref="ProductInput"/>: whoever keeps the catalogue
/// (managers and admins, <see cref="ProductAccess.KeepsCatalogue"/>) may import it. A row updates
/// the product of its <c>id</c>, else of its <c>externalId</c>, else the product with its SKU
/// when that product has no external id yet (it takes the row's), else it creates one. SKUs stay
/// unique, compared without case, also between rows of one batch. A mapped <c>unitCost</c> column
/// from an importer who may not see costs is a problem of every row that has a cost in it: costs
/// are never written blind.
/// </summary>
public sealed class ProductsTarget : IImportTarget
{
    public ImportEntity Entity => ImportEntity.Products;

    public bool MayImport(Viewer viewer) => ProductAccess.KeepsCatalogue(viewer);

    public async Task<IReadOnlyList<ImportProblem>> ApplyAsync(BridgeheadDb db, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var values = rows.Select(r => new ImportValues(r)).ToList();
        var index = await RecordIndex.LoadAsync(db.Products, db.Products, values, p => p.ExternalId, ct);
        var skuKeys = values.Select(v => v.Raw("sku")).OfType<string>().Select(Text.SearchKey).Distinct().ToList();
        var bySku = (await db.Products.Where(p => skuKeys.Contains(p.SkuKey)).ToListAsync(ct)).ToDictionary(p => p.SkuKey, StringComparer.Ordinal);
        var problems = new List<ImportProblem>();

        foreach (var row in values)
        {
            Apply(db, viewer, row, index, bySku);
            problems.AddRange(row.Problems);
        }
        return problems;
    }

    private static void Apply(BridgeheadDb db, Viewer viewer, ImportValues row, RecordIndex<Product> index, Dictionary<string, Product> bySku)
    {
        var externalId = row.ExternalId();
        if (!row.Ok || !index.TryFind(row, externalId, out var product))
        {
            return;
        }
        var sku = row.Cell("sku", Product.MaxSku);
        var skuKey = sku is null ? null : Text.SearchKey(sku);
        if (product is null && skuKey is not null && bySku.TryGetValue(skuKey, out var same) && same.ExternalId is null)
        {
            // The SKU names the product: one the catalogue had before it met its key in the other
            // system (or before external ids were used at all).
            product = same;
        }
        var creating = product is null;
        var current = product is null ? null : ProductInput.From(product);

        string? Pick(string key, string? value, string? now) => row.Has(key) ? value : now;
        sku = row.Has("sku") || creating ? sku : current!.Sku;
        if (sku is null)
        {
            row.Required("sku", Product.MaxSku, creating: true);
        }
        var name = Pick("name", row.Required("name", Product.MaxName, creating), current?.Name);
        var unit = Pick("unit", row.Required("unit", Product.MaxUnit, creating), current?.Unit);
        var currency = row.Has("currency") || creating ? row.Currency("currency") : current!.Currency;
        if (currency is null && !row.HasProblem("currency"))
        {
            row.Add("currency", CommonText.Required);
        }
        var category = Pick("category", row.Cell("category", Product.MaxCategory), current?.Category);
        var notes = Pick("notes", row.Cell("notes", Product.MaxNotes), current?.Notes);
        var listPrice = row.Has("listPrice") ? row.Amount("listPrice") : current?.ListPrice?.Amount;
        decimal? unitCost;
        if (row.Has("unitCost") && !viewer.SeesCosts)
        {
            if (row.Raw("unitCost") is not null)
            {
                row.Add("unitCost", ImportsText.Products_CostHidden);
            }
            unitCost = current?.UnitCost?.Amount;
        }
        else
        {
            unitCost = row.Has("unitCost") ? row.Amount("unitCost") : current?.UnitCost?.Amount;
        }
        var leadTime = row.Has("productionLeadTimeDays") ? row.WholeNumber("productionLeadTimeDays", 0, ProductInput.MaxLeadTimeDays) : current?.ProductionLeadTimeDays;
        var weekly = row.Has("weeklyCapacity") ? Quantity(row, "weeklyCapacity") : current?.WeeklyCapacity;
        var batch = row.Has("minimumBatch") ? Quantity(row, "minimumBatch") : current?.MinimumBatch;
        var active = row.Has("isActive") ? row.Boolean("isActive") ?? true : current?.IsActive ?? true;
        if (batch is { } b && weekly is { } w && b > w && !row.HasProblem("minimumBatch") && !row.HasProblem("weeklyCapacity"))
        {
            row.Add("minimumBatch", Validator.Format(ProductsText.BatchAboveCapacity, w));
        }

        // The same rules as the API's, once more, on the values as they will be.
        var input = new ProductInput
        {
            Sku = sku,
            Name = name,
            Category = category,
            Unit = unit,
            Currency = currency,
            ListPrice = Money.From(listPrice, currency),
            UnitCost = Money.From(unitCost, currency),
            ProductionLeadTimeDays = leadTime,
            WeeklyCapacity = weekly,
            MinimumBatch = batch,
            IsActive = active,
            Notes = notes,
        };
        if (!row.Ok)
        {
            return;
        }
        ProductInput valid;
        try
        {
            valid = input.Validate();
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    row.Add(field.Split('.')[0], message);
                }
            }
            return;
        }

        var key = Text.SearchKey(valid.Sku!);
        if (bySku.TryGetValue(key, out var holder) && holder != product)
        {
            row.Add("sku", Validator.Format(ProductsText.SkuTaken, valid.Sku!));
            return;
        }

        var previousExternal = product?.ExternalId;
        if (product is null)
        {
            product = new Product { Sku = "", SkuKey = "", Name = "", SearchName = "", Unit = "", Currency = "" };
            db.Products.Add(product);
        }
        else if (product.SkuKey != key)
        {
            bySku.Remove(product.SkuKey);
        }
        valid.ApplyTo(product);
        if (externalId is not null)
        {
            product.ExternalId = externalId;
        }
        bySku[key] = product;
        index.Remember(product, previousExternal);
    }

    /// <summary>A production quantity: more than 0, at most <see cref="ProductInput.MaxCapacity"/>.</summary>
    private static decimal? Quantity(ImportValues row, string key)
    {
        var value = row.Number(key, 0, ProductInput.MaxCapacity);
        if (value == 0)
        {
            row.Add(key, Validator.Format(ProductsText.QuantityRange, ProductInput.MaxCapacity));
            return null;
        }
        return value;
    }
}
