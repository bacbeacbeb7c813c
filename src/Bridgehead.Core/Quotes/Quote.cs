using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Pursuits;

namespace Bridgehead.Quotes;

/// <summary>Where a quote version stands with the customer.</summary>
public enum QuoteStatus
{
    /// <summary>Being written; lines may change.</summary>
    Draft,
    Sent,
    Accepted,
    Rejected,

    /// <summary>Sent, and its validity ran out without an answer.</summary>
    Expired,

    /// <summary>A later version of the same pursuit was sent.</summary>
    Superseded,
}

/// <summary>The kind of value we promise beyond the price.</summary>
public enum ValueKind
{
    MarketInsight,
    CostSaving,
    RiskReduction,
    Other,
}

/// <summary>
/// Stage 5: one version of our offer on a pursuit. The server computes the totals and margin from
/// the lines; a version below the margin floor or above the discount ceiling
/// (<see cref="QuotePolicy"/>) needs a manager's approval before it can be sent. Sent versions
/// are kept unchanged; a new version supersedes the last sent one when it is sent.
/// </summary>
public sealed class Quote : Entity, IAudited, IUnderAccount
{
    public const int MaxText = 4000;

    /// <summary>The pursuit's account, kept here so visibility needs no join.</summary>
    public long AccountId { get; set; }

    public long OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    /// <summary>1, 2, 3... per pursuit (the API's <c>version</c>; <see cref="Entity.Version"/> is the ETag).</summary>
    public int Number { get; set; }

    /// <summary>ISO 4217 code of every price on the quote.</summary>
    public required string Currency { get; set; }

    public DateOnly ValidUntil { get; set; }

    /// <summary>The customer document's language: "en" or "ko".</summary>
    public required string Language { get; set; }

    public QuoteStatus Status { get; set; }

    /// <summary>What the customer reads above the lines.</summary>
    public string? CustomerNote { get; set; }

    /// <summary>For us only; never on the document.</summary>
    public string? InternalNote { get; set; }

    /// <summary>Sum of quantity x unit price, before discounts.</summary>
    public decimal Subtotal { get; set; }

    /// <summary>Sum of the line totals, after discounts: what the customer pays.</summary>
    public decimal Total { get; set; }

    /// <summary>Sum of quantity x unit cost (in the quote's currency); managers and admins only.</summary>
    public decimal CostTotal { get; set; }

    /// <summary><see cref="Total"/> minus <see cref="CostTotal"/>; managers and admins only.</summary>
    public decimal Margin { get; set; }

    /// <summary>Margin over total, in percent; null when the total is zero. Managers and admins only.</summary>
    public decimal? MarginPercent { get; set; }

    /// <summary>The largest line discount, in percent.</summary>
    public decimal MaxDiscountPercent { get; set; }

    public ApprovalState Approval { get; set; }

    /// <summary>Why approval is needed (which limit is crossed), in words; set with <see cref="ApprovalState.Pending"/>.</summary>
    public string? ApprovalReason { get; set; }

    /// <summary>The manager's comment on approving or rejecting.</summary>
    public string? ApprovalComment { get; set; }

    public long? ApprovedById { get; set; }

    public DateTime? ApprovedAt { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>When the customer accepted or rejected it.</summary>
    public DateTime? AnsweredAt { get; set; }

    public long CreatedById { get; set; }

    public User? CreatedBy { get; set; }

    public List<QuoteLine> Lines { get; set; } = [];

    public List<ValueProposition> ValuePropositions { get; set; } = [];

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>One line of a quote; audited as a change of the quote's lines (without its cost).</summary>
public sealed class QuoteLine : IAuditedPart
{
    public long Id { get; set; }

    public long QuoteId { get; set; }

    /// <summary>1, 2, 3... the order on the document.</summary>
    public int Position { get; set; }

    public long ProductId { get; set; }

    public Products.Product? Product { get; set; }

    /// <summary>The product's SKU and name when the line was written, so a sent quote never changes.</summary>
    public required string Sku { get; set; }

    public required string Description { get; set; }

    public required string Unit { get; set; }

    public decimal Quantity { get; set; }

    /// <summary>Price of one unit before discount, in the quote's currency.</summary>
    public decimal UnitPrice { get; set; }

    public decimal DiscountPercent { get; set; }

    /// <summary>Quantity x unit price less the discount.</summary>
    public decimal LineTotal { get; set; }

    /// <summary>The product's unit cost converted to the quote's currency when the line was written; managers and admins only.</summary>
    public decimal? UnitCost { get; set; }

    string IAuditedPart.ParentType => "quote";

    string IAuditedPart.ParentKeyProperty => nameof(QuoteId);

    bool IAuditedPart.ParentIsAccount => false;

    string IAuditedPart.Field => "lines";

    // Never the cost: history is read by roles that may not see it.
    string IAuditedPart.Value => FormattableString.Invariant($"{Position}. {Sku} x {Quantity} @ {UnitPrice} -{DiscountPercent}%");
}

/// <summary>Value we promise beyond the price, quantified where possible; audited as a change of the quote's value propositions.</summary>
public sealed class ValueProposition : IAuditedPart
{
    public long Id { get; set; }

    public long QuoteId { get; set; }

    public ValueKind Kind { get; set; }

    public required string Description { get; set; }

    /// <summary>The value to the customer per year, in the quote's currency, when it can be put in money.</summary>
    public decimal? Value { get; set; }

    /// <summary>How the value was worked out.</summary>
    public string? Basis { get; set; }

    string IAuditedPart.ParentType => "quote";

    string IAuditedPart.ParentKeyProperty => nameof(QuoteId);

    bool IAuditedPart.ParentIsAccount => false;

    string IAuditedPart.Field => "valuePropositions";

    string IAuditedPart.Value => FormattableString.Invariant($"{Auditing.Auditor.Write(Kind)}: {Description} ({Value})");
}
