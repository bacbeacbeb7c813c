using Bridgehead.Common;

namespace Bridgehead.Competitors;

/// <summary>A rival supplier. For now a name that lost pursuits point to; the registry grows with stage 1.</summary>
public sealed class Competitor : Entity, IAudited
{
    public const int MaxName = 200;

    public required string Name { get; set; }

    /// <summary><see cref="Text.SearchKey"/> of the name, unique: one record per rival.</summary>
    public required string SearchName { get; set; }

    long? IAudited.AuditAccountId => null;
}
