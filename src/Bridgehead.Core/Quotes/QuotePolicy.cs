using Bridgehead.Common;

namespace Bridgehead.Quotes;

/// <summary>
/// The admin-set limits of a quote: below <see cref="MinMarginPercent"/> or above
/// <see cref="MaxDiscountPercent"/> a manager must approve it before it is sent. One row; a
/// missing row or a null limit means no limit of that kind.
/// </summary>
public sealed class QuotePolicy : Entity, IAudited
{
    public decimal? MinMarginPercent { get; set; }

    public decimal? MaxDiscountPercent { get; set; }

    long? IAudited.AuditAccountId => null;
}
