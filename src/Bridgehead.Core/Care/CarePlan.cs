using Bridgehead.Accounts;
using Bridgehead.Common;

namespace Bridgehead.Care;

/// <summary>
/// Stage 10: how much care one tier of customers gets, and which customers fall in it. Admins keep
/// one plan per <see cref="AccountTier"/>. Rules are read from the top tier down (strategic, key,
/// standard): a customer is placed in the first tier whose rule it meets; standard takes the rest.
/// A rule is met when the customer is flagged strategic and the plan <see cref="IncludesStrategic"/>,
/// or when its revenue of the last twelve months reaches <see cref="MinAnnualRevenue"/>, or when its
/// potential (the annual value of its wallet in our categories) reaches <see cref="MinPotential"/>
/// (both in the base currency; an unset threshold is never met).
/// </summary>
public sealed class CarePlan : Entity, IAudited
{
    public const int MaxNotes = 2000;
    public const int MaxRhythmDays = 730;

    public AccountTier Tier { get; set; }

    /// <summary>Customers flagged strategic (<see cref="Account.IsStrategic"/>) belong here.</summary>
    public bool IncludesStrategic { get; set; }

    /// <summary>Revenue of the last 365 days from confirmed orders, base currency.</summary>
    public decimal? MinAnnualRevenue { get; set; }

    /// <summary>The customer's annual spend in our categories (its wallet), base currency.</summary>
    public decimal? MinPotential { get; set; }

    /// <summary>A visit (or meeting) at least every so many days.</summary>
    public int VisitEveryDays { get; set; }

    /// <summary>A business review at least every so many days; null: no reviews planned for this tier.</summary>
    public int? ReviewEveryDays { get; set; }

    /// <summary>The account must have an executive sponsor on our side.</summary>
    public bool ExecutiveSponsorRequired { get; set; }

    public string? Notes { get; set; }

    long? IAudited.AuditAccountId => null;
}
