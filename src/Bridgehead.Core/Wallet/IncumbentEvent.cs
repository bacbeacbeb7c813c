using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Competitors;

namespace Bridgehead.Wallet;

/// <summary>How an incumbent supplier let the customer down.</summary>
public enum IncumbentEventKind
{
    LateDelivery,
    QualityFailure,
    PriceIncrease,
    Relationship,
    Other,
}

/// <summary>How hard the slip hit the customer.</summary>
public enum Severity
{
    Minor,
    Major,
    Critical,
}

/// <summary>An incumbent's slip at an account: the moment the door to a share may open.</summary>
public sealed class IncumbentEvent : Entity, IAudited, IUnderAccount
{
    public const int MaxNote = 2000;

    public long AccountId { get; set; }

    public Account? Account { get; set; }

    public long CompetitorId { get; set; }

    public Competitor? Competitor { get; set; }

    public IncumbentEventKind Kind { get; set; }

    public Severity Severity { get; set; } = Severity.Major;

    public DateOnly OccurredOn { get; set; }

    public string? Note { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
