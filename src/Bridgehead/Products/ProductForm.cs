using System.ComponentModel.DataAnnotations;
using Bridgehead.Common;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Products;

/// <summary>The product form as posted by the browser; converted to the core's <see cref="ProductInput"/>.</summary>
public sealed class ProductForm
{
    public const string DefaultCurrency = "KRW";

    [Display(Name = nameof(ProductPagesText.Sku), ResourceType = typeof(ProductPagesText))]
    public string? Sku { get; set; }

    [Display(Name = nameof(ProductPagesText.Name), ResourceType = typeof(ProductPagesText))]
    public string? Name { get; set; }

    [Display(Name = nameof(ProductPagesText.Category), ResourceType = typeof(ProductPagesText))]
    public string? Category { get; set; }

    [Display(Name = nameof(ProductPagesText.Unit), ResourceType = typeof(ProductPagesText))]
    public string? Unit { get; set; }

    [Display(Name = nameof(ProductPagesText.UnitCost), ResourceType = typeof(ProductPagesText))]
    public decimal? UnitCost { get; set; }

    [Display(Name = nameof(ProductPagesText.ListPrice), ResourceType = typeof(ProductPagesText))]
    public decimal? ListPrice { get; set; }

    [Display(Name = nameof(ProductPagesText.Currency), ResourceType = typeof(ProductPagesText))]
    public string? Currency { get; set; } = DefaultCurrency;

    [Display(Name = nameof(ProductPagesText.LeadTime), ResourceType = typeof(ProductPagesText))]
    public int? ProductionLeadTimeDays { get; set; }

    [Display(Name = nameof(ProductPagesText.Capacity), ResourceType = typeof(ProductPagesText))]
    public decimal? WeeklyCapacity { get; set; }

    [Display(Name = nameof(ProductPagesText.MinimumBatch), ResourceType = typeof(ProductPagesText))]
    public decimal? MinimumBatch { get; set; }

    [Display(Name = nameof(ProductPagesText.IsActive), ResourceType = typeof(ProductPagesText))]
    public bool IsActive { get; set; } = true;

    [Display(Name = nameof(ProductPagesText.Notes), ResourceType = typeof(ProductPagesText))]
    public string? Notes { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    /// <summary>The core names money errors by JSON path; on this form they belong to the plain fields.</summary>
    public static readonly IReadOnlyDictionary<string, string> ErrorFields = new Dictionary<string, string>
    {
        ["unitCost.amount"] = nameof(UnitCost),
        ["unitCost.currency"] = nameof(Currency),
        ["listPrice.amount"] = nameof(ListPrice),
        ["listPrice.currency"] = nameof(Currency),
    };

    public ProductInput ToInput() => new()
    {
        Sku = Sku,
        Name = Name,
        Category = Category,
        Unit = Unit,
        UnitCost = UnitCost is { } cost ? new Money(cost, Currency ?? "") : null,
        ListPrice = ListPrice is { } price ? new Money(price, Currency ?? "") : null,
        Currency = Currency,
        ProductionLeadTimeDays = ProductionLeadTimeDays,
        WeeklyCapacity = WeeklyCapacity,
        MinimumBatch = MinimumBatch,
        IsActive = IsActive,
        Notes = Notes,
    };

    public static ProductForm From(ProductDto p) => new()
    {
        Sku = p.Sku,
        Name = p.Name,
        Category = p.Category,
        Unit = p.Unit,
        UnitCost = p.UnitCost?.Amount,
        ListPrice = p.ListPrice?.Amount,
        Currency = p.Currency,
        ProductionLeadTimeDays = p.ProductionLeadTimeDays,
        WeeklyCapacity = p.WeeklyCapacity,
        MinimumBatch = p.MinimumBatch,
        IsActive = p.IsActive,
        Notes = p.Notes,
        Version = p.Version,
    };
}

/// <summary>What the product form partial renders: the values and where Cancel goes.</summary>
public sealed record ProductFormView(ProductForm Form, string CancelUrl)
{
    /// <summary>The common currencies, plus the form's own when the API stored another.</summary>
    public IReadOnlyList<SelectListItem> Currencies()
    {
        var codes = Money.CommonCurrencies.ToList();
        if (Form.Currency is { Length: > 0 } current && !codes.Contains(current))
        {
            codes.Insert(0, current);
        }
        return [.. codes.Select(c => new SelectListItem(c, c))];
    }
}
