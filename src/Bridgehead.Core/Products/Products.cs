using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Products;

/// <summary>
/// A catalogue product as the API returns it. <c>unitCost</c> is there for managers and admins
/// only and <c>listPrice</c> for the sales roles and the viewer (not quality or product); for
/// everyone else the member is absent from the JSON, not merely null. A manager reading a product
/// without a cost also finds the member absent.
/// </summary>
public sealed record ProductDto(
    long Id,
    string Sku,
    string Name,
    string? Category,
    string Unit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? UnitCost,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? ListPrice,
    string Currency,
    int? ProductionLeadTimeDays,
    decimal? WeeklyCapacity,
    decimal? MinimumBatch,
    bool IsActive,
    string? Notes,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    internal static readonly Expression<Func<Product, ProductDto>> Projection = p =>
        new ProductDto(p.Id, p.Sku, p.Name, p.Category, p.Unit,
            p.UnitCost == null ? null : new Money(p.UnitCost.Value, p.Currency),
            p.ListPrice == null ? null : new Money(p.ListPrice.Value, p.Currency),
            p.Currency, p.ProductionLeadTimeDays, p.WeeklyCapacity, p.MinimumBatch, p.IsActive, p.Notes, p.Version, p.CreatedAt, p.UpdatedAt);

    /// <summary>The product as <paramref name="viewer"/> may read it: cost and price dropped where the role may not see them.</summary>
    public ProductDto For(Viewer viewer) => this with
    {
        Currency = Currency.Trim(),
        UnitCost = viewer.SeesCosts ? UnitCost : null,
        ListPrice = ProductAccess.SeesListPrice(viewer) ? ListPrice : null,
    };
}

/// <summary>Who reads and who keeps the catalogue.</summary>
public static class ProductAccess
{
    /// <summary>List prices are sales information: sales roles and the viewer, not quality or product.</summary>
    public static bool SeesListPrice(Viewer viewer) => viewer.CanReadSales;

    /// <summary>Managers and admins keep the catalogue (it holds unit costs); everyone signed in reads it.</summary>
    public static bool KeepsCatalogue(Viewer viewer) => viewer.SeesCosts;

    public static Viewer RequireKeeper(Viewer? viewer)
    {
        var v = Access.Require(viewer);
        return KeepsCatalogue(v) ? v : throw new ForbiddenException(ProductsText.KeepersOnly);
    }
}

/// <summary>The body of POST /products and, merged, of PATCH.</summary>
public sealed record ProductInput
{
    public string? Sku { get; init; }
    public string? Name { get; init; }
    public string? Category { get; init; }
    public string? Unit { get; init; }
    /// <summary>What one unit costs us; its currency, when given, must be the product's.</summary>
    public Money? UnitCost { get; init; }
    public Money? ListPrice { get; init; }
    /// <summary>ISO 4217 code of cost and price; taken from the list price or cost when left out.</summary>
    public string? Currency { get; init; }
    /// <summary>Working days from order to goods ready, 0-365; null: no delivery date can be promised.</summary>
    public int? ProductionLeadTimeDays { get; init; }
    /// <summary>Units a full working week makes, more than 0; null: not limited.</summary>
    public decimal? WeeklyCapacity { get; init; }
    /// <summary>The smallest run worth making, more than 0 and not above the weekly capacity; null: any quantity.</summary>
    public decimal? MinimumBatch { get; init; }
    /// <summary>False retires the product; left out on create means active.</summary>
    public bool? IsActive { get; init; }
    public string? Notes { get; init; }

    /// <summary>A year of working days: a longer lead time is a typo, not a plan.</summary>
    public const int MaxLeadTimeDays = 365;
    public const decimal MaxCapacity = 1_000_000_000_000m;

    public static ProductInput From(Product p) => new()
    {
        Sku = p.Sku,
        Name = p.Name,
        Category = p.Category,
        Unit = p.Unit,
        UnitCost = Money.From(p.UnitCost, p.Currency.Trim()),
        ListPrice = Money.From(p.ListPrice, p.Currency.Trim()),
        Currency = p.Currency.Trim(),
        ProductionLeadTimeDays = p.ProductionLeadTimeDays,
        WeeklyCapacity = p.WeeklyCapacity,
        MinimumBatch = p.MinimumBatch,
        IsActive = p.IsActive,
        Notes = p.Notes,
    };

    /// <summary>Checks every field and throws the errors together; returns the cleaned values.</summary>
    internal ProductInput Validate()
    {
        var v = new Validator();
        var sku = Text.Clean(Sku);
        var name = Text.Clean(Name);
        var unit = Text.Clean(Unit);
        v.Required("sku", sku, Product.MaxSku);
        v.Required("name", name, Product.MaxName);
        v.Required("unit", unit, Product.MaxUnit);
        v.MaxLength("category", Text.Clean(Category), Product.MaxCategory);
        v.MaxLength("notes", Text.Clean(Notes), Product.MaxNotes);
        var currency = Text.Clean(Currency)?.ToUpperInvariant()
            ?? Text.Clean(ListPrice?.Currency)?.ToUpperInvariant()
            ?? Text.Clean(UnitCost?.Currency)?.ToUpperInvariant();
        if (currency is null)
        {
            v.Add("currency", CommonText.Required);
        }
        else if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper))
        {
            v.Add("currency", CommonText.InvalidCurrency);
        }
        var cost = Clean(v, "unitCost", UnitCost, currency);
        var price = Clean(v, "listPrice", ListPrice, currency);
        v.Range("productionLeadTimeDays", ProductionLeadTimeDays, 0, MaxLeadTimeDays);
        Quantity(v, "weeklyCapacity", WeeklyCapacity);
        Quantity(v, "minimumBatch", MinimumBatch);
        if (MinimumBatch is { } batch && WeeklyCapacity is { } weekly && batch > weekly && !v.HasError("minimumBatch") && !v.HasError("weeklyCapacity"))
        {
            v.Add("minimumBatch", Validator.Format(ProductsText.BatchAboveCapacity, weekly));
        }
        v.ThrowIfInvalid();
        return new ProductInput
        {
            Sku = sku,
            Name = name,
            Category = Text.Clean(Category),
            Unit = unit,
            UnitCost = cost,
            ListPrice = price,
            Currency = currency,
            ProductionLeadTimeDays = ProductionLeadTimeDays,
            WeeklyCapacity = WeeklyCapacity,
            MinimumBatch = MinimumBatch,
            IsActive = IsActive ?? true,
            Notes = Text.Clean(Notes),
        };
    }

    /// <summary>A production quantity: more than 0, at most <see cref="MaxCapacity"/>, four decimals.</summary>
    private static void Quantity(Validator v, string field, decimal? value)
    {
        if (value is not { } q)
        {
            return;
        }
        if (q <= 0 || q > MaxCapacity)
        {
            v.Add(field, Validator.Format(ProductsText.QuantityRange, MaxCapacity));
        }
        else if (decimal.Round(q, 4) != q)
        {
            v.Add(field, CommonText.TooManyDecimals);
        }
    }

    /// <summary>An amount in the product's currency: a missing code means that currency, another code is an error.</summary>
    private static Money? Clean(Validator v, string field, Money? money, string? currency)
    {
        if (money is null)
        {
            return null;
        }
        var code = Text.Clean(money.Currency)?.ToUpperInvariant() ?? currency ?? "";
        var clean = new Money(money.Amount, code);
        Money.Validate(v, field, clean);
        if (currency is not null && code != currency && !v.HasError(field + ".currency"))
        {
            v.Add(field + ".currency", Validator.Format(ProductsText.OtherCurrency, currency));
        }
        return clean;
    }

    internal void ApplyTo(Product p)
    {
        p.Sku = Sku!;
        p.SkuKey = Text.SearchKey(Sku!);
        p.Name = Name!;
        p.SearchName = Text.SearchKey(Name!);
        p.Category = Category;
        p.Unit = Unit!;
        p.UnitCost = UnitCost?.Amount;
        p.ListPrice = ListPrice?.Amount;
        p.Currency = Currency!;
        p.ProductionLeadTimeDays = ProductionLeadTimeDays;
        p.WeeklyCapacity = WeeklyCapacity;
        p.MinimumBatch = MinimumBatch;
        p.IsActive = IsActive ?? true;
        p.Notes = Notes;
    }
}

/// <summary>Filters of the product list; they combine with AND.</summary>
public sealed record ProductFilter
{
    /// <summary>Part of the name or the SKU, in any case.</summary>
    public string? Q { get; init; }

    /// <summary>The category, exactly as the catalogue spells it.</summary>
    public string? Category { get; init; }

    /// <summary>True: only products on offer; false: only retired ones; null: both.</summary>
    public bool? Active { get; init; }
}

/// <summary>A page of the catalogue by name. Everyone signed in reads it; prices and costs per role (<see cref="ProductDto.For"/>).</summary>
public sealed class ListProducts(BridgeheadDb db)
{
    public async Task<Page<ProductDto>> HandleAsync(ProductFilter filter, PageRequest page, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var query = db.Products.AsNoTracking();
        if (Text.Clean(filter.Q) is { } q)
        {
            var pattern = Text.ContainsPattern(q);
            query = query.Where(p => EF.Functions.Like(p.SearchName, pattern, Text.LikeEscape) || EF.Functions.Like(p.SkuKey, pattern, Text.LikeEscape));
        }
        if (Text.Clean(filter.Category) is { } category)
        {
            query = query.Where(p => p.Category == category);
        }
        if (filter.Active is { } active)
        {
            query = query.Where(p => p.IsActive == active);
        }
        var rows = await query.ToPageAsync(p => p.SearchName, p => p.Id, descending: false, page, ProductDto.Projection,
            dto => (Text.SearchKey(dto.Name), dto.Id), ct);
        return new Page<ProductDto>(rows.Items.Select(p => p.For(viewer)).ToList(), rows.NextCursor);
    }
}

/// <summary>The categories the catalogue uses, for the filter.</summary>
public sealed class ListProductCategories(BridgeheadDb db)
{
    public async Task<IReadOnlyList<string>> HandleAsync(CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var all = await db.Products.AsNoTracking().Where(p => p.Category != null).Select(p => p.Category!).Distinct().ToListAsync(ct);
        return [.. all.Order(StringComparer.CurrentCultureIgnoreCase)];
    }
}

/// <summary>One product, as the caller may read it.</summary>
public sealed class GetProduct(BridgeheadDb db)
{
    public async Task<ProductDto> HandleAsync(long id, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var product = await db.Products.AsNoTracking().Where(p => p.Id == id).Select(ProductDto.Projection).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("product");
        return product.For(viewer);
    }
}

/// <summary>Adds a product (managers and admins); a SKU already in the catalogue, in any case, is 422 on "sku".</summary>
public sealed class CreateProduct(BridgeheadDb db)
{
    internal static async Task<ProductDto> ReadAsync(BridgeheadDb db, long id, CancellationToken ct) =>
        (await db.Products.AsNoTracking().Where(p => p.Id == id).Select(ProductDto.Projection).FirstAsync(ct)).For(Access.Require(db.Viewer));

    public async Task<ProductDto> HandleAsync(ProductInput input, CancellationToken ct)
    {
        ProductAccess.RequireKeeper(db.Viewer);
        var valid = input.Validate();
        var key = Text.SearchKey(valid.Sku!);
        if (await db.Products.AnyAsync(p => p.SkuKey == key, ct))
        {
            throw SkuTaken(valid.Sku!);
        }
        var product = new Product { Sku = "", SkuKey = "", Name = "", SearchName = "", Unit = "", Currency = "" };
        valid.ApplyTo(product);
        db.Products.Add(product);
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique SKU: another request took it between the check and the save.
            db.ChangeTracker.Clear();
            throw SkuTaken(valid.Sku!);
        }
        return await ReadAsync(db, product.Id, ct);
    }

    internal static ValidationException SkuTaken(string sku) => ValidationException.For("sku", Validator.Format(ProductsText.SkuTaken, sku));
}

/// <summary>
/// Changes a product (managers and admins); <c>change</c> receives the current values and returns
/// the wanted ones. Retiring is <c>isActive: false</c>.
/// </summary>
public sealed class UpdateProduct(BridgeheadDb db)
{
    public async Task<ProductDto> HandleAsync(long id, long? expectedVersion, Func<ProductInput, ProductInput> change, CancellationToken ct)
    {
        ProductAccess.RequireKeeper(db.Viewer);
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("product");
        Concurrency.Expect(db, product, expectedVersion);
        var valid = change(ProductInput.From(product)).Validate();
        var key = Text.SearchKey(valid.Sku!);
        if (key != product.SkuKey && await db.Products.AnyAsync(p => p.SkuKey == key && p.Id != id, ct))
        {
            throw CreateProduct.SkuTaken(valid.Sku!);
        }
        valid.ApplyTo(product);
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            throw CreateProduct.SkuTaken(valid.Sku!);
        }
        return await CreateProduct.ReadAsync(db, product.Id, ct);
    }
}

/// <summary>
/// Deletes a product nothing refers to (managers and admins). Reference cases that name it keep
/// it: 409 saying how many; retire it instead.
/// </summary>
public sealed class DeleteProduct(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        ProductAccess.RequireKeeper(db.Viewer);
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("product");
        Concurrency.Expect(db, product, expectedVersion);
        var uses = await UsesAsync(db, id, ct);
        if (uses.Count > 0)
        {
            throw new ConflictException(uses);
        }
        db.Products.Remove(product);
        await db.SaveAsync(ct);
    }

    /// <summary>What keeps a product, one sentence per kind of record, with counts.</summary>
    public static async Task<IReadOnlyList<string>> UsesAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var references = await db.ReferenceProducts.IgnoreQueryFilters().CountAsync(r => r.ProductId == id, ct);
        return references > 0 ? [Validator.Format(ProductsText.UsedByReferences, references)] : [];
    }
}
