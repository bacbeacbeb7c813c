using Bridgehead.Accounts;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Pursuits;

namespace Bridgehead.ProductRequests;

/// <summary>Where a request stands with development; the product role moves it.</summary>
public enum ProductRequestStatus
{
    New,
    UnderReview,
    Accepted,
    InDevelopment,
    Released,
    Declined,
}

/// <summary>
/// Stage 4: a customer need our range does not meet, sent to development. Duplicates are merged
/// into one request that links every account and pursuit waiting on it; the merged-away request
/// keeps pointing at the survivor (<see cref="MergedIntoId"/>).
/// </summary>
public sealed class ProductRequest : Entity, IAudited
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;

    public required string Title { get; set; }

    public required string SearchName { get; set; }

    /// <summary>The need in the customer's terms: what, how much, by when, why our range falls short.</summary>
    public string? Detail { get; set; }

    /// <summary>The product category it belongs to, in the words pursuits use.</summary>
    public string? Category { get; set; }

    public ProductRequestStatus Status { get; set; }

    /// <summary>Development's word on the last status change (why declined, planned release...).</summary>
    public string? StatusNote { get; set; }

    public DateTime? StatusChangedAt { get; set; }

    /// <summary>The catalogue product that answers the request once released.</summary>
    public long? ProductId { get; set; }

    public Products.Product? Product { get; set; }

    /// <summary>Set when the request was merged into another as a duplicate; the survivor holds its links.</summary>
    public long? MergedIntoId { get; set; }

    public long RaisedById { get; set; }

    public User? RaisedBy { get; set; }

    public List<ProductRequestAccount> Accounts { get; set; } = [];

    public List<ProductRequestOpportunity> Opportunities { get; set; } = [];

    /// <summary>A request spans accounts; its history follows the request's own visibility.</summary>
    long? IAudited.AuditAccountId => null;

    /// <summary>New, under review, accepted or in development: somebody still waits.</summary>
    public static bool IsOpen(ProductRequestStatus status) => status is ProductRequestStatus.New or ProductRequestStatus.UnderReview
        or ProductRequestStatus.Accepted or ProductRequestStatus.InDevelopment;
}

/// <summary>An account that asked for the product; audited as a change of the request's accounts.</summary>
public sealed class ProductRequestAccount : IAuditedPart
{
    public long ProductRequestId { get; set; }

    public long AccountId { get; set; }

    public Account? Account { get; set; }

    string IAuditedPart.ParentType => "productRequest";

    string IAuditedPart.ParentKeyProperty => nameof(ProductRequestId);

    bool IAuditedPart.ParentIsAccount => false;

    string IAuditedPart.Field => "accountIds";

    string IAuditedPart.Value => AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A pursuit that waits on the request; audited as a change of the request's opportunities.</summary>
public sealed class ProductRequestOpportunity : IAuditedPart
{
    public long ProductRequestId { get; set; }

    public long OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    /// <summary>The pursuit's account, kept here so visibility needs no join.</summary>
    public long AccountId { get; set; }

    /// <summary>The pursuit cannot leave stage 4 while the request is open.</summary>
    public bool Blocking { get; set; } = true;

    string IAuditedPart.ParentType => "productRequest";

    string IAuditedPart.ParentKeyProperty => nameof(ProductRequestId);

    bool IAuditedPart.ParentIsAccount => false;

    string IAuditedPart.Field => "opportunityIds";

    string IAuditedPart.Value => FormattableString.Invariant($"{OpportunityId}{(Blocking ? " (blocking)" : "")}");
}
