using Bridgehead.Common;

namespace Bridgehead.Competitors;

/// <summary>Where a rival prices itself against us.</summary>
public enum PricePosition
{
    Above,
    Similar,
    Below,
}

/// <summary>A rival supplier: who holds the shares we want, and whom we lose to.</summary>
public sealed class Competitor : Entity, IAudited
{
    public const int MaxName = 200;
    public const int MaxText = 4000;
    public const int MaxWebsite = 300;

    public required string Name { get; set; }

    /// <summary><see cref="Text.SearchKey"/> of the name, unique: one record per rival.</summary>
    public required string SearchName { get; set; }

    public string? Strengths { get; set; }

    public string? Weaknesses { get; set; }

    public PricePosition? PricePosition { get; set; }

    public string? Website { get; set; }

    public string? Notes { get; set; }

    long? IAudited.AuditAccountId => null;
}

/// <summary>What a rival did.</summary>
public enum CompetitorMoveKind
{
    PriceCut,
    NewProduct,
    PoachingAttempt,
    CapacityExpansion,
    QualityTrouble,
    Other,
}

/// <summary>How much a move threatens our business.</summary>
public enum MoveImpact
{
    Low,
    Medium,
    High,
}

/// <summary>
/// Stage 10 and throughout: something a rival did, in the market at large (no account) or at one of
/// our accounts (then optionally tied to a pursuit there). Market moves carry an industry and an
/// application so the market watch feed can be filtered; moves at an account take the account's
/// industry by default. Sales intelligence: sales roles and the viewer read them, a move at an
/// account only when they see the account.
/// </summary>
public sealed class CompetitorMove : Entity, IAudited
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;

    public long CompetitorId { get; set; }

    public Competitor? Competitor { get; set; }

    public CompetitorMoveKind Kind { get; set; }

    public MoveImpact Impact { get; set; }

    public DateOnly OccurredOn { get; set; }

    public required string Title { get; set; }

    public string? Detail { get; set; }

    /// <summary>The account the move targets; null for a move in the market at large.</summary>
    public long? AccountId { get; set; }

    /// <summary>A pursuit at that account the move threatens (requires <see cref="AccountId"/>).</summary>
    public long? OpportunityId { get; set; }

    /// <summary>ISIC code of the industry the move touches.</summary>
    public string? Industry { get; set; }

    /// <summary>The application (taxonomy entry) the move touches.</summary>
    public long? ApplicationId { get; set; }

    public long RecordedById { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
