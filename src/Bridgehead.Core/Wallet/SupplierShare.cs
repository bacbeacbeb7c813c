using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Competitors;

namespace Bridgehead.Wallet;

/// <summary>
/// Who supplied what share of a product category at an account, as of a date (share of wallet).
/// Entries are never overwritten by newer ones: each is a point in the history, so the trend of
/// our share shows. <see cref="CompetitorId"/> null means the supplier is us.
/// </summary>
public sealed class SupplierShare : Entity, IAudited, IUnderAccount
{
    public const int MaxCategory = 100;
    public const int MaxUnit = 20;
    public const int MaxNote = 1000;

    public long AccountId { get; set; }

    public Account? Account { get; set; }

    /// <summary>The product category, in the words the pursuits use (compared without case).</summary>
    public required string ProductCategory { get; set; }

    /// <summary><see cref="Text.SearchKey"/> of the category: what entries group by.</summary>
    public required string CategoryKey { get; set; }

    /// <summary>The rival supplying this share; null when it is us.</summary>
    public long? CompetitorId { get; set; }

    public Competitor? Competitor { get; set; }

    /// <summary>0-100, two decimals.</summary>
    public decimal SharePercent { get; set; }

    /// <summary>The supplier's yearly volume at the account, in <see cref="VolumeUnit"/>.</summary>
    public decimal? AnnualVolume { get; set; }

    public string? VolumeUnit { get; set; }

    /// <summary>The supplier's yearly sales value at the account, in <see cref="Currency"/>.</summary>
    public decimal? AnnualValue { get; set; }

    public string? Currency { get; set; }

    public DateOnly AsOf { get; set; }

    public string? Note { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
