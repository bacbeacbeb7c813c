using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Pursuits;

namespace Bridgehead.Negotiation;

/// <summary>What a negotiated term is about.</summary>
public enum TermKind
{
    Price,
    Volume,
    Payment,
    LeadTime,
    Warranty,
    Other,
}

/// <summary>Who made an offer.</summary>
public enum OfferSide
{
    Ours,
    Theirs,
}

/// <summary>
/// Stage 7: one term of the deal with our opening position, our target and our walk-away point,
/// and, once settled, the agreed value. Agreed beyond walk-away needs a manager's exception.
/// </summary>
public sealed class NegotiationTerm : Entity, IAudited, IUnderAccount
{
    public const int MaxText = 2000;
    public const int MaxLabel = 200;
    public const int MaxUnit = 30;

    /// <summary>The pursuit's account, kept here so visibility needs no join.</summary>
    public long AccountId { get; set; }

    public long OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    public TermKind Kind { get; set; }

    /// <summary>What exactly is negotiated ("unit price of PX-200", "payment days"); required for other.</summary>
    public string? Label { get; set; }

    /// <summary>Unit of the values: KRW/pcs, pcs/year, days, months...</summary>
    public string? Unit { get; set; }

    /// <summary>
    /// Which way is better for us: true for price and volume, false for payment days and lead
    /// time the customer wants short... Walk-away is judged with it.
    /// </summary>
    public bool HigherIsBetter { get; set; }

    public decimal? Opening { get; set; }

    public decimal? Target { get; set; }

    public decimal? WalkAway { get; set; }

    public decimal? Agreed { get; set; }

    public DateTime? AgreedAt { get; set; }

    /// <summary>Agreed beyond walk-away: a manager must approve the exception.</summary>
    public ApprovalState Exception { get; set; }

    public string? ExceptionComment { get; set; }

    public long? ExceptionDecidedById { get; set; }

    public DateTime? ExceptionDecidedAt { get; set; }

    /// <summary>1, 2, 3... the order in the summary.</summary>
    public int Position { get; set; }

    public string? Notes { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>
/// One side's offer on one term in a round. Our offer beyond walk-away needs a manager's
/// approval before it may be made.
/// </summary>
public sealed class NegotiationOffer : Entity, IAudited, IUnderAccount
{
    public long AccountId { get; set; }

    public long OpportunityId { get; set; }

    public long TermId { get; set; }

    public NegotiationTerm? Term { get; set; }

    /// <summary>1, 2, 3...: offers with the same number were made in the same round.</summary>
    public int Round { get; set; }

    public OfferSide Side { get; set; }

    public decimal Value { get; set; }

    public DateOnly OfferedOn { get; set; }

    public string? Note { get; set; }

    public ApprovalState Approval { get; set; }

    public string? ApprovalComment { get; set; }

    public long? ApprovedById { get; set; }

    public DateTime? ApprovedAt { get; set; }

    public long RecordedById { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>
/// An entry of the concession ledger: what we gave and what we got for it. A concession with
/// nothing received is flagged: every concession should be traded.
/// </summary>
public sealed class Concession : Entity, IAudited, IUnderAccount
{
    public const int MaxText = 2000;

    public long AccountId { get; set; }

    public long OpportunityId { get; set; }

    /// <summary>The term conceded on, if any.</summary>
    public long? TermId { get; set; }

    public NegotiationTerm? Term { get; set; }

    public int? Round { get; set; }

    public required string Gave { get; set; }

    /// <summary>What the customer gave in return; empty means nothing.</summary>
    public string? Got { get; set; }

    /// <summary>What the concession is worth in money, where it can be put in money.</summary>
    public decimal? GaveValue { get; set; }

    public string? Currency { get; set; }

    public DateOnly ConcededOn { get; set; }

    public long RecordedById { get; set; }

    public User? RecordedBy { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
