using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Pursuits;

namespace Bridgehead.BuyingCenter;

/// <summary>
/// A person at the customer who takes part in one pursuit's buying decision. The values start
/// as the contact's and may differ per pursuit (an engineer may decide one deal and only advise
/// on another).
/// </summary>
public sealed class BuyingCenterMember : Entity, IAudited, IUnderAccount
{
    public const int MaxPains = 4000;
    public const int MaxOffer = 4000;

    /// <summary>The pursuit's account, kept here so visibility needs no join.</summary>
    public long AccountId { get; set; }

    public long OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    public long ContactId { get; set; }

    public Contact? Contact { get; set; }

    public Department? Department { get; set; }

    public BuyingRole? Role { get; set; }

    /// <summary>1 (little) to 5 (decisive).</summary>
    public int? Influence { get; set; }

    public Stance? Stance { get; set; }

    /// <summary>Their pains and wishes in this decision.</summary>
    public string? Pains { get; set; }

    /// <summary>What we offer this person: how we solve their problem (the API's ourFit).</summary>
    public string? OurFit { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
