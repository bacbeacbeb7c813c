using Bridgehead.Common;

namespace Bridgehead.Products;

/// <summary>
/// Something we sell: the catalogue quotes and orders draw their lines from. Unit cost is read by
/// managers and admins only (<see cref="Identity.Viewer.SeesCosts"/>); the list price by every
/// sales role.
/// </summary>
public sealed class Product : Entity, IAudited
{
    public const int MaxSku = 50;
    public const int MaxName = 200;
    public const int MaxCategory = 100;
    public const int MaxUnit = 20;
    public const int MaxNotes = 4000;

    /// <summary>Our article number; unique (compared without case).</summary>
    public required string Sku { get; set; }

    /// <summary><see cref="Text.SearchKey"/> of the SKU: what uniqueness and look-ups use.</summary>
    public required string SkuKey { get; set; }

    public required string Name { get; set; }

    public required string SearchName { get; set; }

    /// <summary>The product category, in the words pursuits and shares of wallet use.</summary>
    public string? Category { get; set; }

    /// <summary>Unit of measure: pcs, m, kg, set...</summary>
    public required string Unit { get; set; }

    /// <summary>What one unit costs us, in <see cref="Currency"/>; managers and admins only.</summary>
    public decimal? UnitCost { get; set; }

    /// <summary>The list price of one unit, in <see cref="Currency"/>.</summary>
    public decimal? ListPrice { get; set; }

    /// <summary>ISO 4217 code of cost and price.</summary>
    public required string Currency { get; set; }

    /// <summary>Working days from order to goods ready, for promising delivery dates (orders); null: no date can be promised.</summary>
    public int? ProductionLeadTimeDays { get; set; }

    /// <summary>Units the plant can make in a full working week (orders); null: not limited.</summary>
    public decimal? WeeklyCapacity { get; set; }

    /// <summary>The smallest run worth making; a smaller order line still takes a whole batch of capacity.</summary>
    public decimal? MinimumBatch { get; set; }

    /// <summary>Retired products stay for history but are offered for no new line.</summary>
    public bool IsActive { get; set; } = true;

    public string? Notes { get; set; }

    /// <summary>The record's key in the system it was imported from (another CRM, an ERP, a spreadsheet); unique, so importing the same row twice updates instead of creating.</summary>
    public string? ExternalId { get; set; }

    long? IAudited.AuditAccountId => null;
}
