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
