using Bridgehead.Common;
using Bridgehead.Pursuits;

namespace Bridgehead.ProductRequests;

/// <summary>An account that asked for the request, as the caller may see it.</summary>
public sealed record ProductRequestAccountDto(long Id, string Name);

/// <summary>A pursuit that waits on the request, for those who read the pursuit.</summary>
/// <param name="Blocking">The pursuit cannot leave stage 4 (development) while the request is open.</param>
public sealed record ProductRequestOpportunityDto(long Id, string Title, long AccountId, bool Blocking, string Stage, OpportunityStatus Status);

/// <summary>A product request as the API returns it.</summary>
/// <param name="AccountIds">The linked accounts the caller sees.</param>
/// <param name="OpportunityIds">The linked pursuits the caller reads (none for the product role).</param>
/// <param name="RevenueAtStake">
/// The estimated annual value of every OPEN pursuit linked, whoever may read it, in the base
/// currency at the admins' exchange rates: an aggregate, never the pursuits themselves.
/// </param>
/// <param name="UnconvertedRevenue">Values of open pursuits in currencies without an exchange rate, per currency; not in <paramref name="RevenueAtStake"/>.</param>
/// <param name="WaitingOpportunities">How many open pursuits are linked, visible or not.</param>
/// <param name="MergedIntoId">Set on a duplicate merged into another request: the survivor holds its links.</param>
/// <param name="NextStatuses">The statuses the request may move to next (for the product role; empty for others).</param>
public sealed record ProductRequestDto(
    long Id,
    string Title,
    string? Detail,
    string? Category,
    ProductRequestStatus Status,
    string? StatusNote,
    DateTime? StatusChangedAt,
    long? ProductId,
    string? ProductName,
    long RaisedById,
    string RaisedByName,
    IReadOnlyList<long> AccountIds,
    IReadOnlyList<ProductRequestAccountDto> Accounts,
    IReadOnlyList<long> OpportunityIds,
    IReadOnlyList<ProductRequestOpportunityDto> Opportunities,
    long? MergedIntoId,
    Money RevenueAtStake,
    IReadOnlyList<Money> UnconvertedRevenue,
    int WaitingOpportunities,
    IReadOnlyList<ProductRequestStatus> NextStatuses,
    bool CanEdit,
    bool CanDelete,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public bool IsOpen => ProductRequest.IsOpen(Status);
}

/// <summary>The body of POST /product-requests: what is asked, and who waits on it.</summary>
/// <param name="AccountIds">Accounts that ask for it (raised from an account).</param>
/// <param name="OpportunityIds">Pursuits that wait on it (raised from a pursuit); their accounts are linked too.</param>
/// <param name="Blocking">Whether the pursuits named wait on it to leave stage 4; default true.</param>
public sealed record ProductRequestInput(
    string? Title,
    string? Detail = null,
    string? Category = null,
    IReadOnlyList<long>? AccountIds = null,
    IReadOnlyList<long>? OpportunityIds = null,
    bool? Blocking = null);

/// <summary>What PATCH changes: the wording of the request (links and status have their own endpoints).</summary>
public sealed record ProductRequestEdit(string? Title, string? Detail, string? Category)
{
    public static ProductRequestEdit From(ProductRequest r) => new(r.Title, r.Detail, r.Category);
}

/// <summary>The body of POST /product-requests/{id}/links: one pursuit or one account.</summary>
/// <param name="Blocking">For a pursuit: whether it waits on the request to leave stage 4; default true. Posting an existing link changes it.</param>
public sealed record ProductRequestLinkInput(long? OpportunityId = null, long? AccountId = null, bool? Blocking = null);

/// <summary>The body of POST /product-requests/{id}/status.</summary>
/// <param name="StatusNote">Development's word on the change (required): why, what is planned, when.</param>
/// <param name="ProductId">With released: the catalogue product that answers the request.</param>
public sealed record ProductRequestStatusInput(ProductRequestStatus? Status, string? StatusNote, long? ProductId = null);

/// <summary>The body of POST /product-requests/{id}/merge.</summary>
public sealed record ProductRequestMergeInput(IReadOnlyList<long>? DuplicateIds);

/// <summary>How the list is sorted.</summary>
public enum ProductRequestSort
{
    /// <summary>Newest first.</summary>
    Newest,

    /// <summary>Most revenue at stake first, then newest.</summary>
    Revenue,
}

/// <summary>Filters of the request list; they combine with AND. Merged duplicates are never listed.</summary>
public sealed record ProductRequestFilter
{
    public ProductRequestStatus? Status { get; init; }

    /// <summary>Part of the title, in any case.</summary>
    public string? Q { get; init; }

    public long? AccountId { get; init; }

    public long? OpportunityId { get; init; }

    /// <summary>True: new, under review, accepted or in development; false: released or declined.</summary>
    public bool? Open { get; init; }

    public ProductRequestSort Sort { get; init; } = ProductRequestSort.Newest;
}
