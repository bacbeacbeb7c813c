using Bridgehead.Common;

namespace Bridgehead.Contracts;

/// <summary>
/// The purchase contract that wins a pursuit (stage 8 to 9): the agreed terms, the period, and
/// per product the volume and price. Scheduled orders call quantities off it.
/// </summary>
public sealed class Contract : Entity, IAudited, IUnderAccount
{
    public const int MaxNumber = 50;
    public const int MaxTerms = 8000;
    public const int MaxNotes = 4000;

    public long AccountId { get; set; }

    /// <summary>The pursuit it closed (at most one contract per pursuit); null for a contract recorded without one.</summary>
    public long? OpportunityId { get; set; }

    /// <summary>The customer's or our contract reference, as printed on it.</summary>
    public string? Number { get; set; }

    public DateOnly StartsOn { get; set; }

    public DateOnly EndsOn { get; set; }

    public DateOnly? SignedOn { get; set; }

    /// <summary>ISO 4217 code of the line prices.</summary>
    public required string Currency { get; set; }

    /// <summary>The agreed terms in words, prefilled from the negotiation's agreed summary.</summary>
    public string? Terms { get; set; }

    public string? Notes { get; set; }

    public long CreatedById { get; set; }

    public List<ContractLine> Lines { get; set; } = [];

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>One product of a contract: the volume over the contract period and its unit price.</summary>
public sealed class ContractLine : Auditing.IAuditedPart
{
    public long Id { get; set; }

    public long ContractId { get; set; }

    public long AccountId { get; set; }

    public long ProductId { get; set; }

    public Products.Product? Product { get; set; }

    /// <summary>Units over the whole contract period.</summary>
    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public int Position { get; set; }

    string Auditing.IAuditedPart.ParentType => "contract";

    string Auditing.IAuditedPart.ParentKeyProperty => nameof(ContractId);

    bool Auditing.IAuditedPart.ParentIsAccount => false;

    string Auditing.IAuditedPart.Field => "lines";

    string Auditing.IAuditedPart.Value => FormattableString.Invariant($"{Position}. #{ProductId} x {Quantity} @ {UnitPrice}");
}
