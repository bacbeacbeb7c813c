using Bridgehead.Accounts;
using Bridgehead.Auditing;
using Bridgehead.Common;

namespace Bridgehead.References;

/// <summary>
/// A customer who already buys from us and what it proves: the reference a rep shows a prospect
/// in a similar industry and application. Only a case that may be named reaches a
/// customer-facing document.
/// </summary>
public sealed class ReferenceCase : Entity, IAudited
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;

    /// <summary>The customer the case is about.</summary>
    public long AccountId { get; set; }

    public Account? Account { get; set; }

    public required string Title { get; set; }

    public required string SearchName { get; set; }

    /// <summary>ISIC code (section or division), by default the account's.</summary>
    public string? Industry { get; set; }

    public long? ApplicationId { get; set; }

    public Industries.Application? Application { get; set; }

    /// <summary>What we supplied and what it achieved (the result), in words the customer agreed to.</summary>
    public string? Outcome { get; set; }

    /// <summary>The customer agreed to be named to other customers.</summary>
    public bool MayBeNamed { get; set; }

    public List<ReferenceProduct> Products { get; set; } = [];

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>A product the reference case is about; audited as a change of the case's products.</summary>
public sealed class ReferenceProduct : IAuditedPart
{
    public long ReferenceCaseId { get; set; }

    public long ProductId { get; set; }

    public Products.Product? Product { get; set; }

    string IAuditedPart.ParentType => "referenceCase";

    string IAuditedPart.ParentKeyProperty => nameof(ReferenceCaseId);

    bool IAuditedPart.ParentIsAccount => false;

    string IAuditedPart.Field => "products";

    string IAuditedPart.Value => ProductId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
