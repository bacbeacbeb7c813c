using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Pursuits;

/// <summary>Where a pursuit stands.</summary>
public enum OpportunityStatus
{
    Open,
    Won,
    Lost,
    Dropped,
}

/// <summary>How we reach the customer.</summary>
public enum Route
{
    Direct,
    Agent,
    Distributor,
    Consortium,
}

/// <summary>The pursuit of a supply position at an account: the deal.</summary>
public sealed class Opportunity : Entity, IAudited, IUnderAccount
{
    public const int MaxTitle = 200;
    public const int MaxCategory = 100;
    public const int MaxApplication = 100;
    public const int MaxNotes = 4000;

    public long AccountId { get; set; }

    public Account? Account { get; set; }

    public required string Title { get; set; }

    public required string SearchName { get; set; }

    /// <summary>Key of the current stage (see <see cref="Stages"/>).</summary>
    public required string Stage { get; set; }

    public DateTime StageEnteredAt { get; set; }

    public string? ProductCategory { get; set; }

    public string? Application { get; set; }

    public Route? Route { get; set; }

    public decimal? EstimatedAnnualValue { get; set; }

    /// <summary>ISO 4217 code of <see cref="EstimatedAnnualValue"/>.</summary>
    public string? Currency { get; set; }

    public DateOnly? ExpectedCloseDate { get; set; }

    /// <summary>Chance of winning, 0-100.</summary>
    public int? Probability { get; set; }

    public OpportunityStatus Status { get; set; }

    /// <summary>The rep who drives the pursuit (often the account owner).</summary>
    public long OwnerId { get; set; }

    public User? Owner { get; set; }

    public string? Notes { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
