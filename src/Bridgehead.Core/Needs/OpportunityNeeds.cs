using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Pursuits;

namespace Bridgehead.Needs;

/// <summary>What the customer weighs most when choosing a supplier.</summary>
public enum BuyingPriority
{
    Price,
    Balanced,
    Service,
}

/// <summary>A kind of service the customer asks for besides the product.</summary>
public enum ServiceKind
{
    DeliveryRhythm,
    ConsignmentStock,
    TechnicalSupport,
    Certification,
    Packaging,
    Other,
}

/// <summary>Which way a trade goes: we give on price to get a service concession, or the reverse.</summary>
public enum TradeDirection
{
    /// <summary>We lower the price; the customer accepts less service (a slower rhythm, no consignment stock...).</summary>
    PriceForService,

    /// <summary>We add service; the customer accepts our price.</summary>
    ServiceForPrice,
}

/// <summary>
/// Stage 3 of one pursuit: the customer's target price against our floor, the services they
/// ask for, the trades we offer between the two, and the references that answer their doubts.
/// One per opportunity, created on first save.
/// </summary>
public sealed class OpportunityNeeds : Entity, IAudited, IUnderAccount
{
    public const int MaxText = 2000;
    public const int MaxUnit = 20;

    /// <summary>The pursuit's account, kept here so visibility needs no join.</summary>
    public long AccountId { get; set; }

    public long OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    /// <summary>The unit price the customer wants to pay, in <see cref="Currency"/> per <see cref="PriceUnit"/>.</summary>
    public decimal? TargetPrice { get; set; }

    /// <summary>The lowest unit price we accept (a sales figure, not a cost).</summary>
    public decimal? FloorPrice { get; set; }

    /// <summary>ISO 4217 code of both prices.</summary>
    public string? Currency { get; set; }

    /// <summary>What one price is for: pcs, kg, m, set...</summary>
    public string? PriceUnit { get; set; }

    public BuyingPriority? Priority { get; set; }

    /// <summary>Why no reference case is attached (none fits, the customer asked for none...).</summary>
    public string? NoReferenceReason { get; set; }

    /// <summary>Our standard range meets the needs: no product request to development is needed (stage 4).</summary>
    public bool StandardProductFits { get; set; }

    public string? Notes { get; set; }

    public List<ServiceRequirement> ServiceRequirements { get; set; } = [];

    public List<TradeOff> TradeOffs { get; set; } = [];

    public List<NeedsReference> References { get; set; } = [];

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>One service the customer requires; audited as a change of the needs' service requirements.</summary>
public sealed class ServiceRequirement : IAuditedPart
{
    public long Id { get; set; }

    public long NeedsId { get; set; }

    public ServiceKind Kind { get; set; }

    /// <summary>What exactly: "weekly call-offs, 48 h notice", "ISO/TS 16949"...</summary>
    public string? Detail { get; set; }

    /// <summary>Without it the customer will not buy; otherwise a wish.</summary>
    public bool MustHave { get; set; }

    string IAuditedPart.ParentType => "opportunityNeeds";

    string IAuditedPart.ParentKeyProperty => nameof(NeedsId);

    bool IAuditedPart.ParentIsAccount => false;

    string IAuditedPart.Field => "serviceRequirements";

    string IAuditedPart.Value => $"{Auditing.Auditor.Write(Kind)}{(MustHave ? "!" : "")}: {Detail}";
}

/// <summary>A trade offered between price and service; audited as a change of the needs' trade-offs.</summary>
public sealed class TradeOff : IAuditedPart
{
    public long Id { get; set; }

    public long NeedsId { get; set; }

    public TradeDirection Direction { get; set; }

    /// <summary>The trade in words: "-3% for monthly instead of weekly delivery".</summary>
    public required string Description { get; set; }

    /// <summary>What the trade does to the price, in percent (negative: we lower it).</summary>
    public decimal? PriceEffectPercent { get; set; }

    string IAuditedPart.ParentType => "opportunityNeeds";

    string IAuditedPart.ParentKeyProperty => nameof(NeedsId);

    bool IAuditedPart.ParentIsAccount => false;

    string IAuditedPart.Field => "tradeOffs";

    string IAuditedPart.Value => FormattableString.Invariant($"{Auditing.Auditor.Write(Direction)}: {Description} ({PriceEffectPercent}%)");
}

/// <summary>A reference case chosen for the pursuit; audited as a change of the needs' references.</summary>
public sealed class NeedsReference : IAuditedPart
{
    public long NeedsId { get; set; }

    public long ReferenceCaseId { get; set; }

    public References.ReferenceCase? ReferenceCase { get; set; }

    string IAuditedPart.ParentType => "opportunityNeeds";

    string IAuditedPart.ParentKeyProperty => nameof(NeedsId);

    bool IAuditedPart.ParentIsAccount => false;

    string IAuditedPart.Field => "referenceIds";

    string IAuditedPart.Value => ReferenceCaseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
